"""The listing query on SQLite and PostgreSQL: filters, orders, pages, counts and figures."""

from datetime import timedelta

import pytest
from sqlalchemy import select, update

from store import facets
from store.db import session_scope
from store.facets import facet_counts, search_figures
from store.job_search import InvalidSearch, JobSearch
from store.listing import (
    count_jobs,
    count_postings,
    first_copies,
    get_posting,
    list_postings,
    search_query,
)
from store.models import Posting
from store.postings import close_missing, listing_revision, upsert_postings
from tests.store.records import T0, posting

DAY = timedelta(days=1)
NO_PAY = {
    "salary_min": None, "salary_max": None, "salary_period": None, "salary_annual_min": None,
    "salary_annual_max": None, "salary_text": None,
}  # fmt: skip


def yearly(low, high, **more):
    return {"salary_min": low, "salary_max": high, "salary_period": "year",
            "salary_annual_min": low, "salary_annual_max": high, **more}  # fmt: skip


# number -> what sets it apart; every other column as tests.store.records.posting has it
# (Tampa FL, hybrid, $20-24.50 an hour, RHIT and CCS, associate, 29-2072, Epic, hospital).
POSTINGS = {
    1: {"remote": "remote", "posted_at": T0 - 1 * DAY},
    2: {"state": "TX", "remote": "onsite", **yearly(70000, 85000), "certifications": ["ODS-C"],
        "occupation": "29-9021", "facets": {"ehr": ["Cerner"]}, "posted_at": T0 - 10 * DAY},
    3: {"state": "TX", "remote": None, **NO_PAY, "certifications": [], "facets": {},
        "education": "high_school", "posted_at": T0 - 2 * DAY},
    4: {"state": "NJ", **yearly(38000, 42000), "posted_at": T0 - 5 * DAY},  # closed below
    5: {"state": None, "remote": "remote", **yearly(140000, 160000), "relevant": False,
        "occupation": None, "posted_at": T0 - 3 * DAY},
    6: {"state": "GA", "remote": "remote", **yearly(60000, 60000), "certifications": ["CPC", "CRC"],
        "education": "certificate", "employment_type": "Part-time", "posted_at": T0 - 4 * DAY},
    7: {"state": "MD", "remote": "onsite", **yearly(120000, 150000), "certifications": ["RHIA"],
        "education": "bachelor", "occupation": "11-9111", "posted_at": None},  # seen 40 days ago
    8: {**yearly(55000, 55000), "salary_estimated": True, "certifications": ["CPC"],
        "education": None, "employment_type": "Contract", "posted_at": T0 - 3 * DAY},
    9: {"remote": "onsite", "salary_min": 200, "salary_max": 200, "salary_period": "day",
        "salary_annual_min": 52000, "salary_annual_max": 52000, "education": None,
        "posted_at": T0 - 6 * DAY},
    10: {"state": "CA", "remote": "remote", **yearly(90000, 90000), "salary_currency": "CAD",
         "education": None, "posted_at": T0 - 7 * DAY},
}  # fmt: skip
NEWEST = [1, 3, 8, 6, 9, 10, 2, 7]  # open postings of the field; 7 falls back to first seen


@pytest.fixture
def store(db_engine):
    facets.clear_facet_cache()
    with session_scope(db_engine) as session:
        records = [posting(n, **fields) for n, fields in POSTINGS.items() if n != 7]
        upsert_postings(session=session, records=records, seen_at=T0, run_id=1)
        upsert_postings(session=session, records=[posting(7, **POSTINGS[7])],
                        seen_at=T0 - 40 * DAY, run_id=1)  # fmt: skip
        session.execute(update(Posting).where(Posting.external_id == "job-4").values(closed_at=T0))
    return db_engine


def numbers(rows) -> list[int]:
    return [int(row["external_id"].removeprefix("job-")) for row in rows]


def found(engine, **filters) -> list[int]:
    with session_scope(engine, readonly=True) as session:
        page = list_postings(session, JobSearch(**filters), limit=100, now=T0)
    assert page.total == len(page.rows) and page.total_exact and page.next_cursor is None
    return numbers(page.rows)


def test_defaults_list_open_postings_of_the_field_newest_first(store):
    assert found(store) == NEWEST
    assert found(store, include_closed=True) == [1, 3, 8, 6, 4, 9, 10, 2, 7]
    assert found(store, include_unrelated=True) == [1, 3, 8, 5, 6, 9, 10, 2, 7]  # ties: id


def test_place_and_arrangement(store):
    assert found(store, states=("FL",)) == [1, 8, 9]
    assert found(store, states=("FL",), remote_anywhere=True) == [1, 8, 6, 9, 10]
    assert found(store, states=("TX", "MD")) == [3, 2, 7]
    assert found(store, arrangements=("unstated",)) == [3]
    assert found(store, arrangements=("hybrid", "unstated")) == [3, 8]
    assert found(store, arrangements=("remote",)) == [1, 6, 10]


def test_credentials_and_facet_values(store):
    assert found(store, credentials=("CPC",)) == [8, 6]
    assert found(store, credentials=("RHIA", "ODS-C")) == [2, 7]  # any of them
    assert found(store, ehr=("Cerner",)) == [2]
    assert found(store, settings=("hospital",)) == [1, 8, 6, 9, 10, 7]
    assert found(store, code_sets=("ICD-10-CM",), ehr=("Epic",)) == [1, 8, 6, 9, 10, 7]


def test_pay_floor_compares_the_top_of_the_range(store):
    with session_scope(store, readonly=True) as session:
        page = list_postings(session, JobSearch(min_pay=60000), now=T0)
    assert numbers(page.rows) == [6, 10, 2, 7]
    assert page.hidden_without_pay == 1  # posting 3 states no pay
    assert found(store, min_pay=60000, include_no_pay=True) == [3, 6, 10, 2, 7]
    assert found(store, min_pay=50960) == [1, 8, 6, 9, 10, 2, 7]  # the floor itself counts


@pytest.mark.parametrize("keyword", ["", "records"])  # with an id set: one pass counts both
@pytest.mark.parametrize("scan_factor", [1, 10])
@pytest.mark.parametrize(("floor", "paid", "unpaid"), [(50960, 7, 1), (150000, 1, 1)])
def test_counts_under_a_pay_floor_stop_at_the_limit_and_stay_right(
    store, monkeypatch, keyword, scan_factor, floor, paid, unpaid
):
    """With an id set, the count and the postings left out for stating no pay come from one
    pass that stops at scan_factor x the limit; where it stops short, the one under the
    limit is recounted. Without one, each is counted alone. Both give the same figures."""
    monkeypatch.setattr("store.listing.UNPAID_SCAN_FACTOR", scan_factor)
    search = JobSearch(min_pay=floor, keyword=keyword)
    for limit in range(1, 9):
        with session_scope(store, readonly=True) as session:
            page = list_postings(session, search, count_limit=limit, now=T0)
        counted = (page.total, page.total_exact, page.hidden_without_pay)
        assert counted == (min(paid, limit), paid <= limit, min(unpaid, limit)), limit


def test_recency_occupation_education_type_and_basis(store):
    assert found(store, posted_within_days=4) == [1, 3, 8, 6]
    assert found(store, posted_within_days=60) == NEWEST  # 7's first sighting counts
    assert found(store, occupations=("29-9021", "11-9111")) == [2, 7]
    assert found(store, max_education="associate") == [1, 3, 8, 6, 9, 10, 2]  # unsaid is kept
    assert found(store, max_education="high_school") == [3, 8, 9, 10]
    assert found(store, employment_types=("Contract", "Part-time")) == [8, 6]
    assert found(store, pay_basis="hourly") == [1]
    assert found(store, pay_basis="salaried") == [8, 6, 10, 2, 7]  # a day rate is neither


def test_filters_combine(store):
    assert found(store, states=("FL",), min_pay=50000, credentials=("CCS",)) == [1, 9]
    assert found(store, keyword="specialist", states=("TX",), sort="pay") == [2, 3]


def test_pay_order_puts_postings_without_pay_last(store):
    assert found(store, sort="pay") == [7, 10, 2, 6, 8, 9, 1, 3]


@pytest.mark.parametrize(
    "filters",
    [{}, {"sort": "pay"}, {"keyword": "specialist records"}, {"include_closed": True}],
)
def test_cursor_pages_walk_every_posting_once(store, filters):
    search = JobSearch(**filters)
    with session_scope(store, readonly=True) as session:
        whole = numbers(list_postings(session, search, limit=100, now=T0).rows)
        walked, cursor, pages = [], None, 0
        while True:
            page = list_postings(session, search, limit=3, cursor=cursor, now=T0)
            walked += numbers(page.rows)
            pages += 1
            assert page.total == len(whole)
            cursor = page.next_cursor
            if cursor is None:
                break
        by_offset = list_postings(session, search, limit=3, offset=3, now=T0)
    assert walked == whole and pages == -(-len(whole) // 3)
    assert numbers(by_offset.rows) == whole[3:6]


def test_a_cursor_holds_its_place_while_postings_arrive(store):
    search = JobSearch()
    with session_scope(store, readonly=True) as session:
        first = list_postings(session, search, limit=3, now=T0)
    with session_scope(store) as session:
        upsert_postings(session=session, records=[posting(11, posted_at=T0)], seen_at=T0,
                        run_id=2)  # fmt: skip
    with session_scope(store, readonly=True) as session:
        second = list_postings(session, search, limit=3, cursor=first.next_cursor, now=T0)
    assert numbers(first.rows) + numbers(second.rows) == NEWEST[:6]
    assert second.total == len(NEWEST) + 1


def test_bad_cursors_name_the_cursor(store):
    with session_scope(store, readonly=True) as session:
        page = list_postings(session, JobSearch(), limit=2, now=T0)
        for cursor, says in (("not-a-cursor", "not a cursor"), (page.next_cursor, "another")):
            with pytest.raises(InvalidSearch) as caught:
                list_postings(session, JobSearch(sort="pay"), cursor=cursor, now=T0)
            assert says in caught.value.problems["cursor"]
        with pytest.raises(InvalidSearch, match="limit"):
            list_postings(session, JobSearch(), limit=0)


def test_search_query_is_what_every_reader_runs(store):
    search = JobSearch(states=("FL", "TX"), sort="pay")
    with session_scope(store, readonly=True) as session:
        dialect = session.get_bind().dialect.name
        direct = session.execute(search_query(search, dialect=dialect, now=T0)).mappings().all()
        assert numbers(direct) == found(store, states=("FL", "TX"), sort="pay") == [2, 8, 9, 1, 3]
        assert count_postings(session, search, now=T0) == 5
        assert "description_text" not in direct[0]


def test_one_posting_comes_with_its_description(store):
    with session_scope(store, readonly=True) as session:
        row = list_postings(session, JobSearch(), limit=1, now=T0).rows[0]
        full = get_posting(session, row["id"])
        assert get_posting(session, 10_000) is None
    assert full["description_text"] == posting(1)["description_text"]
    assert full["description_html"] == posting(1)["description_html"]
    assert full["title"] == row["title"] and full["listed_at"] == T0 - DAY


def test_facet_counts_over_the_search(store):
    with session_scope(store, readonly=True) as session:
        counts = facet_counts(session, now=T0)
        wider = facet_counts(session, JobSearch(include_closed=True, include_unrelated=True))
        florida = facet_counts(session, JobSearch(states=("FL",)), now=T0)
    assert counts.total == len(NEWEST) and wider.total == len(POSTINGS)
    assert counts.counts["state"] == {"FL": 3, "TX": 2, "GA": 1, "MD": 1, "CA": 1}
    assert counts.counts["arrangement"] == {"remote": 3, "onsite": 3, "hybrid": 1, "unstated": 1}
    assert counts.counts["credential"] == {"RHIT": 3, "CCS": 3, "CPC": 2, "CRC": 1, "ODS-C": 1,
                                           "RHIA": 1}  # fmt: skip
    assert counts.counts["pay_basis"] == {"hourly": 1, "salaried": 5}
    assert counts.counts["ehr"] == {"Epic": 6, "Cerner": 1}
    assert counts.counts["education"] == {"associate": 2, "high_school": 1, "certificate": 1,
                                          "bachelor": 1}  # fmt: skip
    # A facet's own filter gives way to each of its values: other states stay countable.
    assert florida.counts["state"] == counts.counts["state"]
    assert florida.counts["credential"]["CPC"] == 1  # 8, in Florida
    assert counts.limit == 2_000
    assert florida.total == 3 and florida.counts["employment_type"] == {"Full-time": 2,
                                                                         "Contract": 1}  # fmt: skip


def _leave_the_field(session, external_id: str) -> None:
    session.execute(
        update(Posting).where(Posting.external_id == external_id).values(relevant=False)
    )


def test_facet_counts_are_cached_until_a_writer_changes_the_listing(store, monkeypatch):
    def total() -> int:
        with session_scope(store, readonly=True) as session:
            return facet_counts(session, now=T0).total

    assert total() == len(NEWEST)
    with session_scope(store) as session:  # behind the writers' back: the cache holds
        _leave_the_field(session, "job-1")
    assert total() == len(NEWEST)
    with session_scope(store) as session:  # through a writer: counted again at once
        upsert_postings(session=session, records=[posting(12)], seen_at=T0, run_id=2)
    assert total() == len(NEWEST)  # one gone, one new
    with session_scope(store) as session:
        _leave_the_field(session, "job-2")
    monkeypatch.setattr(facets, "FACET_TTL_SECONDS", 0.0)
    assert total() == len(NEWEST)  # cached with the old lifetime
    facets.clear_facet_cache()
    assert total() == len(NEWEST) - 1  # recounted, and kept no longer than its lifetime
    with session_scope(store) as session:
        _leave_the_field(session, "job-3")
    assert total() == len(NEWEST) - 2


def test_only_changes_move_the_listing_revision(store):
    def revision() -> int:
        with session_scope(store, readonly=True) as session:
            return listing_revision(session)

    start = revision()
    records = [posting(n, **fields) for n, fields in POSTINGS.items() if n not in (4, 7)]
    with session_scope(store) as session:
        assert upsert_postings(session=session, records=records, seen_at=T0 + DAY,
                               run_id=2).unchanged == 8  # fmt: skip
    assert revision() == start
    with session_scope(store) as session:
        upsert_postings(session=session, records=[posting(1, title="Coder")], seen_at=T0 + DAY,
                        run_id=2)  # fmt: skip
    assert revision() == start + 1
    with session_scope(store) as session:
        close_missing(session=session, source="acme-health", seen_before=T0, closed_at=T0 + DAY)
    assert revision() == start + 2


def test_pay_figures_per_state_and_distribution(store):
    with session_scope(store, readonly=True) as session:
        figures = search_figures(session, JobSearch(), now=T0)
    by_state = {f.state: f for f in figures.states}
    assert [f.state for f in figures.states][:2] == ["FL", "TX"]  # most postings first
    # FL: $41,600-50,960 (middle 46,280) and a $52,000 day rate; the estimate does not count.
    assert (by_state["FL"].postings, by_state["FL"].with_pay) == (3, 2)
    assert abs(by_state["FL"].median_pay - (46280 + 52000) / 2) <= 500
    assert abs(by_state["GA"].median_pay - 60000) <= 500
    assert (by_state["CA"].with_pay, by_state["CA"].median_pay) == (0, None)  # CAD
    assert (by_state["TX"].postings, by_state["TX"].with_pay) == (2, 1)
    assert sum(b.postings for b in figures.pay) == 5  # 1, 9, 6, 2, 7 (8 estimated, 10 CAD)
    assert figures.pay[0].low == 45000 and figures.pay[-1].high == 140000
    assert [b.low for b in figures.pay if b.postings] == [45000, 50000, 60000, 75000, 135000]


# Titles holding every term, some, none: "zebra quagga" finds 21, then 22 and 24, then 23.
ZEBRAS = {
    21: ("Zebra Quagga Coder", 5),
    22: ("Zebra Analyst", 1),
    23: ("Analyst", 2),
    24: ("Quagga Clerk", 3),
}


def add_zebras(engine) -> None:
    records = [
        posting(n, title=title, description_text="A zebra and a quagga.", posted_at=T0 - days * DAY)
        for n, (title, days) in ZEBRAS.items()
    ]
    with session_scope(engine) as session:
        upsert_postings(session=session, records=records, seen_at=T0, run_id=1)


@pytest.mark.parametrize("drive_limit", [0, 1_000_000])
def test_walking_the_index_or_driving_from_a_set_gives_the_same_pages(
    store, monkeypatch, drive_limit
):
    # 0: every set is too big to drive, the query walks the listing index; a million: the
    # smallest set drives. The answer may not depend on it.
    monkeypatch.setattr("store.listing.DRIVE_LIMIT", drive_limit)
    assert found(store, credentials=("CPC",)) == [8, 6]
    assert found(store, keyword="specialist", credentials=("RHIA", "ODS-C")) == [2, 7]
    assert found(store, keyword="medical records", states=("FL",)) == [1, 8, 9]
    add_zebras(store)
    assert found(store, keyword="zebra quagga") == [21, 22, 24, 23]
    assert found(store, keyword="zebra quagga", sort="newest") == [22, 23, 24, 21]


def test_relevance_segments_page_like_the_whole_order(store):
    add_zebras(store)
    search = JobSearch(keyword="zebra quagga")
    with session_scope(store, readonly=True) as session:
        dialect = session.get_bind().dialect.name
        whole = numbers(session.execute(search_query(search, dialect=dialect, now=T0)).mappings())
        first = list_postings(session, search, limit=1, now=T0)
        rest = list_postings(session, search, limit=100, cursor=first.next_cursor, now=T0)
        skipped = list_postings(session, search, limit=2, offset=1, now=T0)
    assert whole == numbers(first.rows) + numbers(rest.rows) == [21, 22, 24, 23]
    assert numbers(skipped.rows) == [22, 24]
    assert first.total == 4


def test_counts_stop_at_the_limit(store):
    with session_scope(store, readonly=True) as session:
        capped = list_postings(session, JobSearch(), count_limit=5, now=T0)
        exact = list_postings(session, JobSearch(states=("FL",)), count_limit=5, now=T0)
        floor = list_postings(session, JobSearch(min_pay=200_000), count_limit=0, now=T0)
        assert count_postings(session, JobSearch(), now=T0) == len(NEWEST)
        assert count_postings(session, JobSearch(), limit=3, now=T0) == 4
    assert (capped.total, capped.total_exact) == (5, False)
    assert (exact.total, exact.total_exact) == (3, True)
    assert (floor.total, floor.total_exact, floor.hidden_without_pay) == (0, True, 0)


def test_jobs_are_counted_once_however_many_copies_match(store):
    with session_scope(store) as session:
        ids = dict(session.execute(select(Posting.external_id, Posting.id)).all())
        for posting_id in ids.values():  # each its own job, then two jobs of several copies
            own = update(Posting).where(Posting.id == posting_id)
            session.execute(own.values(cluster_id=f"own-{posting_id}"))
        for cluster, members in {"c1": [1, 9, 2], "c2": [3, 10]}.items():
            session.execute(
                update(Posting)
                .where(Posting.id.in_([ids[f"job-{n}"] for n in members]))
                .values(cluster_id=cluster)
            )
        session.execute(  # a posting not clustered yet is a job of its own
            update(Posting).where(Posting.id == ids["job-8"]).values(cluster_id=None)
        )
    with session_scope(store, readonly=True) as session:
        # 1, 3, 8, 6, 9, 10, 2: c1 (1, 9, 2), c2 (3, 10), 8, 6 and the one-posting clusters
        assert count_jobs(session, JobSearch(), now=T0) == len(NEWEST) - 3
        assert count_jobs(session, JobSearch(states=["TX"]), now=T0) == 2  # 2 (c1) and 3 (c2)
        assert count_jobs(session, JobSearch(arrangements=["remote"]), now=T0) == 3  # 1, 6, 10
        assert count_jobs(session, JobSearch(), limit=len(NEWEST) - 1, now=T0) is None
        assert count_jobs(session, JobSearch(states=["NJ"]), now=T0) == 0


def test_first_copies_are_the_copies_of_each_job_the_search_lists_first(store):
    """A list of one row per job shows each job where its first copy ranks, on any page."""
    with session_scope(store) as session:
        ids = dict(session.execute(select(Posting.external_id, Posting.id)).all())
        clusters = {"c1": [1, 9, 2, 5], "c2": [3, 10]}
        for cluster, members in clusters.items():
            session.execute(
                update(Posting)
                .where(Posting.id.in_([ids[f"job-{n}"] for n in members]))
                .values(cluster_id=cluster)
            )

    def firsts(**filters) -> dict[str, int]:
        with session_scope(store, readonly=True) as session:
            first = first_copies(session, JobSearch(**filters), ["c1", "c2", "c3"], now=T0)
        by_id = {v: int(k.removeprefix("job-")) for k, v in ids.items()}
        return {cluster: by_id[posting_id] for cluster, posting_id in first.items()}

    assert firsts() == {"c1": 1, "c2": 3}  # newest first: 1 before 9 and 2, 3 before 10
    assert firsts(sort="pay") == {"c1": 2, "c2": 10}  # $85,000 and $90,000 a year lead
    assert firsts(states=["TX"]) == {"c1": 2, "c2": 3}  # only the copies the search finds
    assert firsts(states=["NJ"]) == {}  # 4 is closed and in no cluster
    assert firsts(include_unrelated=True, arrangements=["remote"], sort="pay") == {
        "c1": 5,
        "c2": 10,
    }
