"""Counts and figures over the postings a search matches: facet counts, pay by state, and
the values each filter can take.

`filter_values` lists the values present (the options of the Jobs page's widgets) by one
index seek per value, so it costs the same at a thousand postings or a million.

Facet counts (how many postings each filter value would keep; each stops at the listing's
COUNT_LIMIT) are cached per store and per search for FACET_TTL_SECONDS, and dropped as soon
as the listing revision moves (every store writer that changes what the listing shows moves
it). So a page rerun costs one primary-key read, a crawl's changes show at once, and readers
never recount a million rows on every click. They are cached rather than kept up to date row
by row: every close, reopen and rewrite would otherwise update count rows that all writers
share, and parallel crawls on PostgreSQL would queue (or deadlock) on them.

The pay figures are computed fresh: one grouped query gives postings per state, the median
posted pay per state and the pay distribution of the search. Pay is the middle of a
posting's annual range; only pay stated by the employer (not marked an estimate) in US
dollars counts. Medians are read from $1,000 bins, to within $500.
"""

import threading
import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, Integer, cast, func, select, true
from sqlmodel import Session

from core.vocabulary import EducationLevel
from store.job_search import ARRANGEMENT_CHOICES, JobSearch, PayBasis
from store.listing import COUNT_LIMIT, POSTINGS, TAGS, count_where, planned_conditions
from store.postings import listing_revision

FACET_TTL_SECONDS = 60.0
FACET_CACHE_SIZE = 64
MEDIAN_BIN = 1_000  # dollars a year
HISTOGRAM_BIN = 5_000
TAG_FACETS = ("credential", "setting", "code_set", "ehr")
# URL parameter -> the JobSearch field a value of it sets.
FACET_FIELDS = {
    "state": "states",
    "arrangement": "arrangements",
    "credential": "credentials",
    "occupation": "occupations",
    "education": "max_education",
    "employment_type": "employment_types",
    "pay_basis": "pay_basis",
    "setting": "settings",
    "code_set": "code_sets",
    "ehr": "ehr",
}
FACET_ALSO = {"state": {"remote_anywhere": False}}  # a state's own count, without remote jobs
FIXED_VALUES = {
    "arrangement": list(ARRANGEMENT_CHOICES),
    "pay_basis": [b.value for b in PayBasis],
}
MAX_VALUES = 500  # per filter, for filter_values


@dataclass(frozen=True)
class FacetCounts:
    """Counts stop at `limit`: a count of limit + 1 means "more than limit"."""

    total: int  # postings the search matches
    # URL parameter -> value as the parameter takes it -> postings the search would match
    # with that value chosen for that filter alone; values with none are left out.
    counts: dict[str, dict[str, int]]
    limit: int


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


def filter_values(session: Session) -> dict[str, list[str]]:
    """The values present for each filter kept as data (URL parameter -> values, sorted).

    States are those of open postings of the field (the listing index holds them in order);
    occupations, employment types, credentials and facet values those of any posting.
    """
    p = POSTINGS.c
    listed = [p.closed_at.is_(None), p.relevant == true()]
    values = {
        "state": _seek_values(session, p.state, listed),
        "occupation": _seek_values(session, p.occupation, []),
        "employment_type": _seek_values(session, p.employment_type, []),
    }
    for facet in TAG_FACETS:
        values[facet] = _seek_values(session, TAGS.c.value, [TAGS.c.facet == facet])
    return values


def _seek_values(session: Session, column, where: list) -> list[str]:
    """Distinct non-null values of an indexed column: min(column) above the last, repeated
    (a loose index scan: one seek per value, not one row read per posting)."""
    found: list[str] = []
    last = None
    while len(found) < MAX_VALUES:
        above = [] if last is None else [column > last]
        value = session.scalar(select(func.min(column)).where(*where, column.is_not(None), *above))
        if value is None:
            break
        found.append(value)
        last = value
    return found


def clear_facet_cache() -> None:
    with _cache_lock:
        _cache.clear()


def _count_facets(session: Session, search: JobSearch, now: datetime | None) -> FacetCounts:
    """One count per value, each with the facet's own filter set to that value alone (so a
    multi-select shows what each choice would add), each stopping at COUNT_LIMIT."""
    present = filter_values(session)
    choices: dict[str, list[tuple[str, dict[str, Any], list]]] = {}
    for facet, field in FACET_FIELDS.items():
        if facet == "education":
            unbounded = {"max_education": None}
            column = POSTINGS.c.education
            choices[facet] = [(v, unbounded, [column == v]) for v in EducationLevel]
            continue
        values = present.get(facet) or FIXED_VALUES[facet]
        if facet in TAG_FACETS:
            # Joined, not filtered: the count walks the value's own tag rows and stops early.
            unfiltered = {field: ()}
            choices[facet] = [(v, unfiltered, _tagged_join(facet, v)) for v in values]
            continue
        single = field != "pay_basis"
        choices[facet] = [
            (v, {field: (v,) if single else v, **FACET_ALSO.get(facet, {})}, []) for v in values
        ]
    counts: dict[str, dict[str, int]] = {}
    for facet, options in choices.items():
        counts[facet] = {}
        for value, update, extra in options:
            narrowed = JobSearch.model_validate(search.model_dump() | update)
            where = [*planned_conditions(session, narrowed, now=now, counting=True), *extra]
            found = count_where(session, where, COUNT_LIMIT)
            if found:
                counts[facet][value] = found
    where = planned_conditions(session, search, now=now, counting=True)
    total = count_where(session, where, COUNT_LIMIT)
    return FacetCounts(total=total, counts=counts, limit=COUNT_LIMIT)


def _tagged_join(facet: str, value: str) -> list[ColumnElement[bool]]:
    return [TAGS.c.facet == facet, TAGS.c.value == value, TAGS.c.posting_id == POSTINGS.c.id]


def search_figures(
    session: Session, search: JobSearch, *, now: datetime | None = None
) -> SearchFigures:
    """Postings and median posted pay per state, and the posted pay distribution."""
    dialect = session.get_bind().dialect.name
    scaled = POSTINGS.c.salary_annual_posted / MEDIAN_BIN
    # floor() on PostgreSQL (a cast there rounds); SQLite's cast truncates, which is floor here.
    floor = func.floor(scaled) if dialect == "postgresql" else scaled
    pay_bin = cast(floor, Integer).label("pay_bin")
    query = (
        select(POSTINGS.c.state, pay_bin, func.count())
        .where(*planned_conditions(session, search, now=now))
        .group_by(POSTINGS.c.state, pay_bin)
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
