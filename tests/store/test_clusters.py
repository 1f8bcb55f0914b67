"""Clusters through the store's writers: one job on many sources, near-twins kept apart,
reposts, agency postings, and the export and dashboard facts (SQLite and PostgreSQL)."""

from datetime import timedelta

import pytest
from sqlalchemy import text
from sqlmodel import select, update

from demo.places import STATE_NAMES
from store.clusters import minhash
from store.clusters.members import cluster_id_for
from store.clusters.signals import cluster_facts, format_signals, listing_signals
from store.clusters.sync import rebuild_clusters
from store.clusters.thresholds import THRESHOLDS
from store.db import get_engine, init_db, session_scope, upgrade
from store.export import export_records
from store.job_search import JobSearch
from store.listing import list_postings
from store.models import Cluster, ClusterKey, Posting, PostingMatch
from store.postings import close_missing, prepare_row, upsert_postings
from tests.store.records import T0, insert_as_stored, posting

CODER_TEXT = "\n".join(
    [
        "Acme Health is a nonprofit system of nine hospitals across Florida.",
        "The Inpatient Coder II codes acute care records and assigns MS-DRG.",
        "Assign ICD-10-CM and ICD-10-PCS codes from the complete record.",
        "Query physicians when documentation is unclear or conflicting.",
        "Meet productivity and 95 percent accuracy standards.",
        "Work the discharged-not-final-billed queue in priority order.",
        "Keep current with Coding Clinic guidance and payer rules.",
        "Two years of inpatient coding experience in a hospital.",
        "CCS required and RHIT preferred for this role.",
        "Experience with Epic and 3M 360 Encompass preferred.",
        "Pay range is 30 to 38 dollars per hour based on experience.",
        "Benefits include medical, dental, vision and a 403(b) match.",
        "Acme Health is an equal opportunity employer.",
    ]
)


def coder(number: int, **changes):
    """The same inpatient coding job, as one source or another publishes it."""
    fields = {
        "title": "Coder II - Inpatient (Remote)",
        "company": "Acme Health",
        "city": None,
        "state": "FL",
        "location": "Remote - Florida",
        "remote": "remote",
        "salary_min": 30.0,
        "salary_max": 38.0,
        "salary_annual_min": 62400.0,
        "salary_annual_max": 79040.0,
        "description_text": CODER_TEXT,
    }
    fields.update(changes)
    return posting(number, **fields)


def _upsert(engine, records, seen_at=T0):
    with session_scope(engine) as session:
        return upsert_postings(session=session, records=records, seen_at=seen_at, run_id=None)


def _clusters(engine) -> dict[tuple[str, str], str]:
    with session_scope(engine, readonly=True) as session:
        return {(p.source, p.external_id): p.cluster_id for p in session.exec(select(Posting))}


def _export(engine) -> dict[tuple[str, str], dict]:
    with session_scope(engine, readonly=True) as session:
        return {(r["source"], r["external_id"]): r for r in export_records(session=session)}


def test_one_job_on_four_kinds_of_source_is_one_cluster(db_engine):
    _upsert(db_engine, [coder(1, source="acme-workday", source_kind="workday")])
    _upsert(
        db_engine,
        [
            coder(
                2,
                source="acme-site",
                source_kind="jsonld",
                title="Inpatient Coder II",
                company="Acme Health - Tampa",
                city="Tampa",
                remote=None,
            ),
            coder(
                3,
                source="adzuna-us",
                source_kind="adzuna",
                title="INPATIENT CODER 2 - Remote",
                company="Acme Health, Inc.",
                description_text=CODER_TEXT[:300],
                salary_estimated=True,
                salary_annual_min=52000.0,
                salary_annual_max=60000.0,
            ),
            coder(4, source="jobs-feed", source_kind="feed", title="Sr. Inpatient Coder II"),
        ],
        seen_at=T0 + timedelta(hours=2),
    )
    clusters = _clusters(db_engine)
    first = cluster_id_for("acme-workday", "job-1")
    assert clusters[("acme-workday", "job-1")] == first
    assert clusters[("acme-site", "job-2")] == clusters[("adzuna-us", "job-3")] == first
    # "Sr." makes it another job: seniority must agree.
    assert clusters[("jobs-feed", "job-4")] != first

    records = _export(db_engine)
    assert records[("adzuna-us", "job-3")]["cluster_size"] == 3
    assert records[("jobs-feed", "job-4")]["cluster_size"] == 1
    with session_scope(db_engine, readonly=True) as session:
        canonical = session.get(Cluster, first).canonical_posting_id
        own = session.exec(select(Posting).where(Posting.source == "acme-workday")).one()
    assert canonical == own.id  # the employer's own career system leads


def test_near_twins_stay_apart(db_engine):
    _upsert(
        db_engine,
        [
            # One employer, title and city: a day and a night shift.
            coder(1, title="Medical Records Clerk - Day Shift", remote="onsite", city="Tampa"),
            coder(
                2,
                source="acme-site",
                title="Medical Records Clerk - Night Shift",
                remote="onsite",
                city="Tampa",
            ),
            # One title at two hospitals of one system.
            coder(
                3, source="ah-orlando", company="AdventHealth Orlando", city="Orlando",
                remote="onsite",
            ),
            coder(
                4, source="ah-tampa", company="AdventHealth Tampa", city="Tampa", remote="onsite"
            ),
            # One template for another job of the same employer.
            coder(5, source="acme-site", title="Release of Information Specialist"),
            # Another level.
            coder(6, source="acme-site", title="Coder III - Inpatient (Remote)"),
        ],
    )  # fmt: skip
    assert len(set(_clusters(db_engine).values())) == 6


def test_brand_and_parent_names_are_one_employer(db_engine):
    _upsert(db_engine, [coder(1, source="ah", company="AdventHealth", remote="onsite")])
    _upsert(
        db_engine,
        [coder(2, source="ah-site", company="AdventHealth Orlando", remote="onsite")],
        seen_at=T0 + timedelta(hours=1),
    )
    assert len(set(_clusters(db_engine).values())) == 1


def test_two_requisitions_listed_at_once_by_one_source_are_two_jobs(db_engine):
    _upsert(db_engine, [coder(1), coder(2)])
    assert len(set(_clusters(db_engine).values())) == 2


def test_an_agency_copy_joins_and_is_marked_and_filterable(db_engine):
    agency_text = (
        "Our client, Acme Health, is looking for an Inpatient Coder II.\n"
        + CODER_TEXT
        + "\nRobert Half offers weekly pay to contract staff."
    )
    _upsert(db_engine, [coder(1, source="acme-workday", source_kind="workday")])
    _upsert(
        db_engine,
        [
            coder(
                2,
                source="robert-half",
                title="Coder II - Inpatient (Contract)",
                company="Robert Half",
                description_text=agency_text,
                salary_min=41.0,
                salary_max=41.0,
                salary_annual_min=85280.0,
                salary_annual_max=85280.0,
            )
        ],
        seen_at=T0 + timedelta(hours=1),
    )
    clusters = _clusters(db_engine)
    assert clusters[("robert-half", "job-2")] == clusters[("acme-workday", "job-1")]
    records = _export(db_engine)
    assert records[("robert-half", "job-2")]["posted_by_agency"] is True
    assert records[("acme-workday", "job-1")]["posted_by_agency"] is False
    with session_scope(db_engine, readonly=True) as session:
        by_agency = list_postings(session, JobSearch(posted_by_agency=True)).rows
        others = list_postings(session, JobSearch(keyword="coder", posted_by_agency=False)).rows
    assert [p["source"] for p in by_agency] == ["robert-half"]
    assert [p["source"] for p in others] == ["acme-workday"]


def test_a_repost_under_a_new_id_after_closing_is_counted(db_engine):
    posted = T0 - timedelta(days=200)
    _upsert(db_engine, [coder(1, posted_at=posted)])
    with session_scope(db_engine) as session:
        close_missing(
            session=session, source="acme-health", seen_before=T0 + timedelta(days=1),
            closed_at=T0 + timedelta(days=1),
        )  # fmt: skip
    later = T0 + timedelta(days=40)
    _upsert(db_engine, [coder(2, posted_at=later)], seen_at=later)
    _upsert(db_engine, [coder(2, posted_at=later)], seen_at=later + timedelta(days=30))

    records = _export(db_engine)
    repost = records[("acme-health", "job-2")]
    assert repost["cluster_id"] == records[("acme-health", "job-1")]["cluster_id"]
    assert repost["reposted_count"] == 1
    assert repost["first_posted_at"] == posted.isoformat()
    assert repost["days_open"] == 200 + 70
    assert repost["listing_signals"] == ["open 270 days", "reposted once"]
    with session_scope(db_engine, readonly=True) as session:
        ids = [p.id for p in session.exec(select(Posting))]
        facts = cluster_facts(session=session, posting_ids=ids)
    assert {f.reposted_count for f in facts.values()} == {1}
    assert sum(f.canonical for f in facts.values()) == 1


def test_a_changed_posting_leaves_a_cluster_it_no_longer_matches(db_engine):
    _upsert(db_engine, [coder(1), coder(2, source="acme-site")])
    assert len(set(_clusters(db_engine).values())) == 1
    _upsert(
        db_engine,
        [coder(2, source="acme-site", title="Cancer Registrar")],
        seen_at=T0 + timedelta(hours=3),
    )
    clusters = _clusters(db_engine)
    assert clusters[("acme-site", "job-2")] != clusters[("acme-health", "job-1")]
    with session_scope(db_engine, readonly=True) as session:
        sizes = sorted(c.size for c in session.exec(select(Cluster)))
    assert sizes == [1, 1]


def test_from_scratch_gives_the_clusters_the_writers_gave(db_engine):
    _upsert(db_engine, [coder(1), coder(2, source="acme-site", title="Inpatient Coder II")])
    _upsert(db_engine, [coder(3, source="acme-site", title="Cancer Registrar")])
    incremental = _clusters(db_engine)
    with session_scope(db_engine) as session:
        assert rebuild_clusters(session=session) == 2
    assert _clusters(db_engine) == incremental


def test_a_store_from_before_clusters_is_clustered_by_init_db(db_url):
    engine = get_engine(db_url)
    with engine.begin() as connection:
        upgrade(connection, db_url, "0003")
        rows = [prepare_row(coder(1)), prepare_row(coder(2, source="acme-site"))]
        stamps = {"first_seen_at": T0, "last_seen_at": T0, "cluster_id": "old-hash"}
        insert_as_stored(connection, [{**row, **stamps} for row in rows])
    init_db(db_url)
    clusters = _clusters(engine)
    assert len(set(clusters.values())) == 1
    assert "old-hash" not in clusters.values()
    with session_scope(engine, readonly=True) as session:
        assert len(session.exec(select(PostingMatch)).all()) == 2
        assert session.exec(select(ClusterKey)).first() is not None


@pytest.mark.parametrize("migrated_by", ["init_db", "alembic"])
def test_signatures_of_an_older_hash_are_made_again(db_url, migrated_by):
    engine = init_db(db_url)
    _upsert(engine, [coder(1), coder(2, source="acme-site", title="Inpatient Coder II")])
    before = _clusters(engine)
    with engine.begin() as connection:  # as the crc32 matcher (revision 0007) left them
        connection.execute(update(PostingMatch).values(signature=bytes(128)))
        connection.execute(text("UPDATE alembic_version SET version_num = '0007'"))
    if migrated_by == "alembic":  # `alembic upgrade head` only migrates; init_db clusters
        with engine.begin() as connection:
            upgrade(connection, db_url, "head")
    init_db(db_url)
    with session_scope(engine, readonly=True) as session:
        stored = {m.posting_id: m.signature for m in session.exec(select(PostingMatch))}
        posting_ids = session.exec(select(Posting.id)).all()
    expected = minhash.signatures([CODER_TEXT])[0][0].tobytes()
    assert set(stored) == set(posting_ids) and set(stored.values()) == {expected}
    assert _clusters(engine) == before  # the same clusters, under the same ids
    assert len(set(before.values())) == 1


@pytest.mark.parametrize("migrated_by", ["init_db", "alembic"])
def test_keys_of_an_older_form_are_made_again(db_url, migrated_by):
    engine = init_db(db_url)
    _upsert(engine, [coder(1), coder(2, source="acme-site", title="Inpatient Coder II")])
    before, expected = _clusters(engine), _stored_keys(engine)
    with engine.begin() as connection:  # keys as the string-hash matcher (0008) left them
        connection.execute(update(ClusterKey).values(key=ClusterKey.key + 2))
        connection.execute(text("UPDATE alembic_version SET version_num = '0008'"))
    assert _stored_keys(engine) != expected
    if migrated_by == "alembic":
        with engine.begin() as connection:
            upgrade(connection, db_url, "head")
    init_db(db_url)
    assert _stored_keys(engine) == expected
    assert _clusters(engine) == before


def test_statistics_taken_before_clusters_are_taken_again(sqlite_url):
    """An analyzed SQLite store clustered again (by a matching migration) is analyzed again,
    so the planner looks a job's copies up by cluster id instead of scanning the postings."""
    engine = init_db(sqlite_url)
    states = sorted(STATE_NAMES)[:40]  # one job in each of 40 states: 40 clusters
    jobs = [coder(n, source=f"site-{n}", state=s, remote="onsite") for n, s in enumerate(states)]
    _upsert(engine, jobs)
    with engine.begin() as connection:
        connection.execute(update(Posting).values(cluster_id=None))
        connection.exec_driver_sql("ANALYZE")  # as if analyzed before the postings had clusters
        connection.execute(text("DELETE FROM posting_matches"))
        connection.execute(text("DELETE FROM cluster_keys"))
    assert _cluster_id_figures(engine) == "40 40"  # one cluster id is every posting's
    init_db(sqlite_url)
    assert _cluster_id_figures(engine) == "40 1"
    with engine.connect() as connection:
        plan = connection.exec_driver_sql(
            "EXPLAIN QUERY PLAN SELECT id FROM postings WHERE cluster_id IN ('a', 'b')"
        ).all()
    assert "ix_postings_cluster_id" in " ".join(str(row) for row in plan)


def _cluster_id_figures(engine) -> str:
    with engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT stat FROM sqlite_stat1 WHERE idx = 'ix_postings_cluster_id'"
        ).scalar_one()


def _stored_keys(engine) -> set[tuple[int, int]]:
    with session_scope(engine, readonly=True) as session:
        return {(k.key, k.posting_id) for k in session.exec(select(ClusterKey))}


def test_a_band_key_keeps_its_most_recent_few(db_engine):
    """Twelve employers in one state post one template's text under one title: they share
    every band key and no title key. Each band key keeps its newest max_band_block postings
    (cut back once it holds twice as many), as from scratch; no one is joined."""
    template = CODER_TEXT + "".join(f"\nTemplate line {n} of the role." for n in range(6))
    for number in range(12):
        employer = f"{('Lakeshore', 'Summit', 'Cascade', 'Harbor')[number % 4]} {number} Health"
        _upsert(db_engine, [coder(number, company=employer, description_text=template)])
    with session_scope(db_engine, readonly=True) as session:
        rows = session.exec(select(ClusterKey.key, ClusterKey.posting_id)).all()
    held: dict[int, int] = {}
    for key, _posting_id in rows:
        held[key] = held.get(key, 0) + 1
    band = {key: n for key, n in held.items() if key & 1}
    assert band and set(held) - set(band)
    limit = THRESHOLDS.max_band_block
    assert all(limit <= n <= 2 * limit for n in band.values())
    assert all(n == 1 for key, n in held.items() if not key & 1 and key not in band)
    assert len(set(_clusters(db_engine).values())) == 12


def test_signals_are_worded_as_facts():
    assert listing_signals(days_open=240, reposted_count=6) == ["open 240 days", "reposted 6 times"]
    assert listing_signals(days_open=12, reposted_count=0) == []
    assert format_signals(["open 240 days", "reposted 6 times"]) == (
        "open 240 days · reposted 6 times"
    )
