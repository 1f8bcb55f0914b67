"""Counts and figures over the postings a search matches: facet counts, pay by state.

Facet counts (how many postings each filter value would keep) are cached per store and per
search for FACET_TTL_SECONDS, and dropped as soon as the listing revision moves (every store
writer that changes what the listing shows moves it). So a page rerun costs one primary-key
read, a crawl's changes show at once, and a burst of readers never recounts a million rows.
They are cached rather than kept up to date row by row because every close, reopen and
rewrite would otherwise update a count row shared by all writers.

The pay figures are computed fresh: one grouped query gives postings per state, the median
posted pay per state and the pay distribution of the search. Pay is the middle of a
posting's annual range; only pay stated by the employer (not marked an estimate) in US
dollars counts. Medians are read from $1,000 bins, to the nearest few hundred dollars.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, case, cast, func, or_, select
from sqlmodel import Session

from store.job_search import HOURLY_PERIODS, SALARIED_PERIODS, JobSearch
from store.listing import POSTINGS, TAGS, planned_conditions
from store.postings import listing_revision

FACET_TTL_SECONDS = 60.0
FACET_CACHE_SIZE = 64
MEDIAN_BIN = 1_000  # dollars a year
HISTOGRAM_BIN = 5_000
# URL parameter -> postings column, for facets kept on the postings row.
COLUMN_FACETS = {
    "state": "state",
    "arrangement": "remote",
    "occupation": "occupation",
    "education": "education",
    "employment_type": "employment_type",
}
TAG_FACETS = ("credential", "setting", "code_set", "ehr")


@dataclass(frozen=True)
class FacetCounts:
    total: int  # postings the search matches
    # URL parameter -> value as the parameter takes it -> postings with that value; postings
    # that do not say count under "unstated" for arrangement and are left out elsewhere.
    counts: dict[str, dict[str, int]]


@dataclass(frozen=True)
class StateFigures:
    state: str | None  # USPS code; None for postings with no US state (remote, abroad)
    postings: int
    with_pay: int  # of them, stating pay (posted, USD)
    median_pay: float | None


@dataclass(frozen=True)
class PayBin:
    low: int  # annual USD, inclusive
    high: int  # exclusive
    postings: int


@dataclass(frozen=True)
class SearchFigures:
    states: list[StateFigures]  # most postings first
    pay: list[PayBin]  # lowest first, empty bins included between the first and last


_cache: dict[tuple, tuple[int, float, FacetCounts]] = {}
_cache_lock = threading.Lock()


def facet_counts(
    session: Session, search: JobSearch | None = None, *, now: datetime | None = None
) -> FacetCounts:
    """Postings per value of every filter, over what `search` matches (default: the open
    postings of the field). Cached; see the module's docstring."""
    search = search or JobSearch()
    bind = session.get_bind()
    key = (str(bind.url), search.model_dump_json())
    revision = listing_revision(session)
    with _cache_lock:
        cached = _cache.get(key)
    if cached is not None and cached[0] == revision and cached[1] > time.monotonic():
        return cached[2]
    found = _count_facets(session, search, now)
    with _cache_lock:
        if len(_cache) >= FACET_CACHE_SIZE:
            _cache.pop(min(_cache, key=lambda k: _cache[k][1]))
        _cache[key] = (revision, time.monotonic() + FACET_TTL_SECONDS, found)
    return found


def clear_facet_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _count_facets(session: Session, search: JobSearch, now: datetime | None) -> FacetCounts:
    conditions = planned_conditions(session, search, now=now)
    counts: dict[str, dict[str, int]] = {}
    for name, column_name in COLUMN_FACETS.items():
        column = POSTINGS.c[column_name]
        query = select(column, func.count()).where(*conditions).group_by(column)
        values = {value: number for value, number in session.execute(query)}
        if name == "arrangement":
            values["unstated"] = values.pop(None, 0)
        counts[name] = {str(v): n for v, n in values.items() if v is not None and n}
    period = POSTINGS.c.salary_period
    total, hourly, salaried = session.execute(
        select(
            func.count(),
            _how_many(period.in_(HOURLY_PERIODS)),
            _how_many(period.in_(SALARIED_PERIODS)),
        )
        .select_from(POSTINGS)
        .where(*conditions)
    ).one()
    counts["pay_basis"] = {k: int(v) for k, v in (("hourly", hourly), ("salaried", salaried)) if v}
    tags = (
        select(TAGS.c.facet, TAGS.c.value, func.count())
        .select_from(TAGS.join(POSTINGS, POSTINGS.c.id == TAGS.c.posting_id))
        .where(*conditions)
        .group_by(TAGS.c.facet, TAGS.c.value)
    )
    by_tag: dict[str, dict[str, int]] = {facet: {} for facet in TAG_FACETS}
    for facet, value, number in session.execute(tags):
        by_tag.setdefault(facet, {})[value] = number
    counts.update(by_tag)
    return FacetCounts(total=total, counts=counts)


def _how_many(condition: ColumnElement[bool]) -> ColumnElement[Any]:
    return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)


def search_figures(
    session: Session, search: JobSearch, *, now: datetime | None = None
) -> SearchFigures:
    """Postings and median posted pay per state, and the posted pay distribution."""
    dialect = session.get_bind().dialect.name
    p = POSTINGS.c
    low = func.coalesce(p.salary_annual_min, p.salary_annual_max)
    high = func.coalesce(p.salary_annual_max, p.salary_annual_min)
    posted = (
        p.salary_annual_top.is_not(None)
        & (p.salary_estimated == False)  # noqa: E712 (SQL, not Python)
        & or_(p.salary_currency.is_(None), p.salary_currency == "USD")
    )
    scaled = (low + high) / (2.0 * MEDIAN_BIN)
    # floor() on PostgreSQL (a cast there rounds); SQLite's cast truncates, which is floor here.
    floor = func.floor(scaled) if dialect == "postgresql" else scaled
    pay_bin = case((posted, cast(floor, Integer)), else_=None).label("pay_bin")
    query = (
        select(p.state, pay_bin, func.count())
        .where(*planned_conditions(session, search, now=now))
        .group_by(p.state, pay_bin)
    )
    bins_by_state: dict[str | None, dict[int, int]] = defaultdict(dict)
    postings_by_state: dict[str | None, int] = defaultdict(int)
    for state, number, count in session.execute(query):
        postings_by_state[state] += count
        if number is not None:
            bins_by_state[state][int(number)] = count
    states = [
        StateFigures(
            state=state,
            postings=total,
            with_pay=sum(bins_by_state[state].values()),
            median_pay=_median(bins_by_state[state]),
        )
        for state, total in postings_by_state.items()
    ]
    states.sort(key=lambda s: (-s.postings, s.state or "~"))
    return SearchFigures(states=states, pay=_histogram(bins_by_state))


def _median(bins: dict[int, int]) -> float | None:
    """The median of binned values, each bin's values taken as spread evenly across it.

    Within half a bin ($500) of the exact median.
    """
    total = sum(bins.values())
    if not total:
        return None
    ranks = {(total + 1) // 2, total // 2 + 1}  # the middle one, or the middle two
    values = []
    seen = 0
    for number in sorted(bins):
        count = bins[number]
        for rank in sorted(ranks):
            if seen < rank <= seen + count:
                values.append((number + (rank - seen - 0.5) / count) * MEDIAN_BIN)
        seen += count
    return sum(values) / len(values)


def _histogram(bins_by_state: dict[Any, dict[int, int]]) -> list[PayBin]:
    merged: dict[int, int] = defaultdict(int)
    per = HISTOGRAM_BIN // MEDIAN_BIN
    for bins in bins_by_state.values():
        for number, count in bins.items():
            merged[number // per] += count
    if not merged:
        return []
    return [
        PayBin(n * HISTOGRAM_BIN, (n + 1) * HISTOGRAM_BIN, merged.get(n, 0))
        for n in range(min(merged), max(merged) + 1)
    ]
