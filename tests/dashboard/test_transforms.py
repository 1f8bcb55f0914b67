"""Pure dashboard transforms: the listing table, pay placement, credential counts."""

from datetime import UTC, datetime, timedelta

import pandas as pd
import pytest

from dashboard import transforms as tf
from dashboard.sanitize import safe_description_html

NOW = datetime(2026, 3, 10, 12, 0, tzinfo=UTC)
# BLS OEWS May 2024, SOC 29-2072 (national, annual).
RECORDS_2024 = {10: 35780.0, 25: 41600.0, 50: 50250.0, 75: 64070.0, 90: 80950.0}


def posting(**fields) -> dict:
    row = {
        "id": fields.pop("id"),
        "title": "Medical Coder",
        "company": "Acme",
        "city": None,
        "state": None,
        "location": None,
        "remote": None,
        "salary_annual_min": None,
        "salary_annual_max": None,
        "certifications": [],
        "education": None,
        "occupation": "29-2072",
        "relevant": True,
        "facets": {},
        "posted_at": NOW - timedelta(days=1),
        "first_seen_at": NOW - timedelta(days=1),
        "closed_at": None,
        "url": "https://example.org/job",
    }
    row.update(fields)
    return row


@pytest.fixture
def frame() -> pd.DataFrame:
    rows = [
        posting(id=1, state="FL", remote="onsite", salary_annual_min=40000.0,
                salary_annual_max=52000.0, certifications=["CPC"], education="certificate",
                facets={"ehr": ["Epic"]}),
        posting(id=2, state="TX", remote="remote", salary_annual_min=70000.0,
                certifications=["RHIT", "CCS"], education="associate", occupation="29-9021"),
        posting(id=3, state=None, remote="remote", posted_at=None,
                first_seen_at=NOW - timedelta(days=20), education="bachelor"),
        posting(id=4, state="FL", remote="hybrid", salary_annual_max=45000.0,
                closed_at=NOW - timedelta(days=1)),
        posting(id=5, state="FL", relevant=False, occupation=None, remote=None,
                posted_at=NOW - timedelta(days=40), first_seen_at=NOW - timedelta(days=2)),
    ]  # fmt: skip
    data = pd.DataFrame(rows)
    data["listed_at"] = data["posted_at"].fillna(data["first_seen_at"])
    for column in ("posted_at", "first_seen_at", "closed_at", "listed_at"):
        data[column] = pd.to_datetime(data[column], utc=True)
    return data


def test_listing_table_keeps_the_store_order(frame: pd.DataFrame) -> None:
    table = tf.listing_table(frame.iloc[::-1])
    assert list(table["id"]) == [5, 4, 3, 2, 1]  # the store sorted the page already
    assert table.loc[table["id"] == 1, "place"].item() == "FL"
    # "posted" is the listing date: the posting's own, else when it was first collected.
    assert table.loc[table["id"] == 3, "posted"].item() == NOW - timedelta(days=20)


@pytest.mark.parametrize(
    ("location", "arrangement", "expected"),
    [
        ("United States - Remote", "remote", "United States"),
        ("Remote (United States)", "remote", "United States"),
        ("Remote - Ohio", "remote", "Ohio"),
        ("Remote", "remote", ""),
        ("Cleveland, OH (Hybrid)", "hybrid", "Cleveland, OH"),
        ("Remote Ohio office", "onsite", "Remote Ohio office"),  # another arrangement's word
        ("United States - Remote", None, "United States - Remote"),
    ],
)
def test_place_label_does_not_repeat_the_arrangement(
    location: str, arrangement: str | None, expected: str
) -> None:
    assert tf.place_label(None, None, location, arrangement) == expected
    assert tf.place_label("Tampa", "FL", location, arrangement) == "Tampa, FL"


@pytest.mark.parametrize(
    ("pay", "expected"),
    [
        (50250, 50.0),  # the median
        (41600, 25.0),
        (35780, 10.0),
        (80950, 90.0),
        (45925, 37.5),  # halfway between the 25th and the median
        (60000, 50 + 25 * (60000 - 50250) / (64070 - 50250)),
    ],
)
def test_percentile_interpolates_between_published_points(pay: float, expected: float) -> None:
    placement = tf.percentile_of(pay, RECORDS_2024)
    assert placement is not None
    assert placement.percentile == pytest.approx(expected)
    assert not placement.below_range and not placement.above_range


def test_percentile_outside_the_published_range() -> None:
    low = tf.percentile_of(30000, RECORDS_2024)
    high = tf.percentile_of(90000, RECORDS_2024)
    assert low == tf.Placement(10.0, below_range=True)
    assert high == tf.Placement(90.0, above_range=True)
    assert tf.percentile_of(50000, {50: 50000}) is None  # one point places nothing


def test_ordinals() -> None:
    assert [tf.ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 62, 73, 90)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "62nd", "73rd",
        "90th",
    ]  # fmt: skip


BENCHMARK_ROWS = [
    *(
        {"soc_code": "29-2072", "occupation": "Medical Records Specialists", "year": "May 2024",
         "area": "US", "stat": stat, "annual": value, "source": "BLS OEWS May 2024"}
        for stat, value in (("p10", 35780), ("p25", 41600), ("median", 50250), ("p75", 64070),
                            ("p90", 80950), ("mean", 55970))
    ),
    *(
        {"soc_code": "29-2071", "occupation": "Medical Records and Health Information Technicians",
         "year": "May 2016", "area": "US", "stat": stat, "annual": value,
         "source": "BLS OES May 2016"}
        for stat, value in (("p10", 25070), ("median", 38040), ("p90", 62840))
    ),
    {"soc_code": "29-2072", "occupation": "Medical Records Specialists", "year": "May 2023",
     "area": "FL", "stat": "mean", "annual": 50230, "source": "BLS OEWS May 2023 state"},
    {"soc_code": "11-9111", "occupation": "Medical and Health Services Managers",
     "year": "May 2024", "area": "US", "stat": "employment", "annual": None, "source": "x"},
]  # fmt: skip


def test_placement_sentence_names_survey_year_and_code() -> None:
    benchmarks = tf.benchmarks_from_rows(BENCHMARK_ROWS)
    national = tf.find_benchmark(benchmarks, "29-2072", needs_percentiles=True)
    assert national is not None and national.year == "May 2024"
    # 48% of the way from the median to the 75th percentile: 50 + 25 × 0.48 = the 62nd.
    pay = 50250 + (64070 - 50250) * 0.48
    assert tf.placement_sentence(pay, national) == (
        "pays about the 62nd percentile of medical records specialists nationally "
        "(BLS OEWS May 2024, SOC 29-2072)"
    )
    article = tf.find_benchmark(benchmarks, "29-2071", year="May 2016", needs_percentiles=True)
    assert article is not None and article.label == "BLS OES May 2016, SOC 29-2071"
    assert tf.placement_sentence(70000, article) == (
        "pays above the 90th percentile of medical records and health information technicians "
        "nationally (BLS OES May 2016, SOC 29-2071)"
    )


def test_benchmarks_for_a_posting() -> None:
    benchmarks = tf.benchmarks_from_rows(BENCHMARK_ROWS)
    found = tf.benchmarks_for_posting(benchmarks, None, "FL")
    assert found.occupation_assumed
    assert found.national is not None and found.national.soc_code == "29-2072"
    assert found.state is not None and found.state.mean == 50230 and found.state.year == "May 2023"
    assert found.article is not None and found.article.median == 38040
    # A manager has no percentiles in these rows and no state mean for Texas.
    found = tf.benchmarks_for_posting(benchmarks, "11-9111", "TX")
    assert not found.occupation_assumed
    assert found.national is None and found.state is None
    rows = tf.benchmark_chart_rows(tf.benchmarks_for_posting(benchmarks, "29-2072", "FL"))
    assert [r["kind"] for r in rows] == ["national", "article", "state"]


def test_pay_point_and_compare_sentence() -> None:
    assert tf.pay_point(40000, 50000) == 45000
    assert tf.pay_point(None, 50000) == 50000
    assert tf.pay_point(None, None) is None
    assert tf.compare_sentence(55253, 50230, "the mean") == "10% above the mean"
    assert tf.compare_sentence(45207, 50230, "the mean") == "10% below the mean"
    assert tf.compare_sentence(50300, 50230, "the mean") == "about the same as the mean"


def test_credential_demand_counts_each_posting_once_per_credential() -> None:
    demand = tf.credential_demand(
        [
            (["CPC", "CCS"], {"CPC": "required", "CCS": "preferred"}),
            (["CPC"], {"CPC": "preferred"}),
            (["CPC", "RHIT"], {"RHIT": "eligible"}),
            ([], {"CRC": "required"}),  # named only in the requirements
            (None, None),
        ]
    )
    table = demand.set_index("credential")
    assert list(demand["credential"]) == ["CPC", "CCS", "CRC", "RHIT"]
    assert table.loc["CPC"].to_dict() == {
        "required": 1, "preferred": 1, "mentioned": 1, "postings": 3,
    }  # fmt: skip
    assert table.loc["RHIT", "mentioned"] == 1
    assert table.loc["CRC", "required"] == 1
    assert tf.credential_demand([]).empty


def test_sanitizing_strips_scripts_handlers_and_javascript_urls() -> None:
    cleaned = safe_description_html(
        '<p onclick="x()">Code charts</p><script>alert(1)</script>'
        '<img src=x onerror=alert(2)><a href="javascript:alert(3)">apply</a>'
        '<a href="https://example.org/apply">apply here</a><style>p{color:red}</style>',
        "unused",
    )
    assert "Code charts" in cleaned
    assert 'href="https://example.org/apply"' in cleaned
    for bad in ("<script", "alert", "onclick", "onerror", "javascript:", "<img", "<style"):
        assert bad not in cleaned


def test_plain_text_description_is_escaped() -> None:
    cleaned = safe_description_html(None, "Use <b>ICD-10</b> & CPT.\n\nRemote.")
    assert cleaned == "<p>Use &lt;b&gt;ICD-10&lt;/b&gt; &amp; CPT.</p><p>Remote.</p>"
    assert safe_description_html("<script>x</script>", None) == ""
