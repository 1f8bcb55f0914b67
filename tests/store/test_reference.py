"""Reference data: the career article's 2016 benchmark and the current BLS figures."""

import pytest
from sqlmodel import select

from store.db import init_db, session_scope
from store.models import Credential, Projection, SalaryBenchmark
from store.reference import career_facts, load_reference, reference_is_loaded, reference_rows


def _benchmarks(session, soc, year, area="US") -> dict[str, SalaryBenchmark]:
    query = select(SalaryBenchmark).where(
        SalaryBenchmark.soc_code == soc, SalaryBenchmark.year == year, SalaryBenchmark.area == area
    )
    return {b.stat: b for b in session.exec(query).all()}


def test_the_article_benchmark_is_bls_may_2016_29_2071(db_engine):
    with session_scope(db_engine, readonly=True) as session:
        stats = _benchmarks(session, "29-2071", "May 2016")
    assert stats["median"].annual == 38040
    assert stats["p10"].annual == 25070
    assert stats["p90"].annual == 62840
    assert "May 2016" in stats["median"].source


@pytest.mark.parametrize(
    ("soc", "median", "p90"),
    [("29-2072", 50250, 80950), ("29-9021", 67310, 112130), ("11-9111", 117960, 219080)],
)
def test_current_national_percentiles_are_may_2024(db_engine, soc, median, p90):
    with session_scope(db_engine, readonly=True) as session:
        stats = _benchmarks(session, soc, "May 2024")
    assert set(stats) == {"p10", "p25", "median", "p75", "p90", "mean", "employment"}
    assert stats["median"].annual == median
    assert stats["p90"].annual == p90
    assert stats["p10"].annual < stats["p25"].annual < stats["median"].annual


def test_state_means_of_2023_cover_the_states(db_engine):
    with session_scope(db_engine, readonly=True) as session:
        query = select(SalaryBenchmark).where(
            SalaryBenchmark.year == "May 2023", SalaryBenchmark.stat == "mean"
        )
        means = {b.area: b.annual for b in session.exec(query).all()}
    assert len(means) >= 51  # 50 states and DC, plus the territories BLS reports
    assert means["CA"] == 64070 and means["NJ"] == 62900


def test_projections_and_the_articles_growth(db_engine):
    with session_scope(db_engine, readonly=True) as session:
        rows = {(p.soc_code, p.period): p for p in session.exec(select(Projection)).all()}
    assert 13 <= rows[("29-2071", "2016-2026")].pct_change < 14  # the article's "13% growth"
    assert rows[("29-2072", "2024-2034")].pct_change == 7.1
    assert {soc for soc, period in rows if period == "2024-2034"} == {
        "29-2072",
        "29-9021",
        "11-9111",
    }


def test_credentials_store_ods_c_for_ctr(db_engine):
    with session_scope(db_engine, readonly=True) as session:
        ods = session.get(Credential, "ODS-C")
        codes = set(session.exec(select(Credential.code)).all())
    assert ods.name == "Oncology Data Specialist – Certified (formerly CTR)"
    assert ods.body == "NCRA"
    assert "CTR" not in codes
    assert {"RHIA", "RHIT", "CHP", "CPC", "CCS"} <= codes


def test_every_row_has_its_source_and_year():
    for model in (SalaryBenchmark, Projection, Credential):
        for row in reference_rows(model):
            assert row["source"]
    assert all(row["year"] for row in reference_rows(SalaryBenchmark))
    assert all(row["period"] for row in reference_rows(Projection))


def test_career_facts_from_the_article():
    facts = career_facts()
    assert facts["source"] == "BLS OOH / career article (2016 figures)"
    assert facts["education"]["typical_years"] == 2
    assert facts["education"]["accreditation"] == "CAHIIM"
    assert facts["credentials"]["bodies"] == ["AHIMA", "AAPC", "PAHCS", "NHA"]
    assert facts["states"]["top_paying"] == ["NJ", "AK", "CA", "MD", "CO"]
    assert facts["states"]["most_jobs"] == ["CA", "TX", "FL", "OH", "NY"]
    assert facts["pay"]["median"] == 38040


def test_loading_again_changes_nothing_and_restores_missing_rows(db_url):
    engine = init_db(db_url)
    with session_scope(engine) as session:
        assert reference_is_loaded(session)
        session.delete(session.get(Credential, "CPC"))
    with session_scope(engine, readonly=True) as session:
        assert not reference_is_loaded(session)
    init_db(db_url)  # puts back what is missing
    with session_scope(engine) as session:
        assert session.get(Credential, "CPC") is not None
        load_reference(session)
    with session_scope(engine, readonly=True) as session:
        assert reference_is_loaded(session)
        count = len(session.exec(select(SalaryBenchmark)).all())
    assert count == len(reference_rows(SalaryBenchmark))
