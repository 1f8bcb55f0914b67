"""The listing: a JobSearch as SQL, read a page at a time, the same on SQLite and PostgreSQL.

`search_query` is the one function that turns a search into a query (every postings column of
what the search matches, in its order); `list_postings` reads a page of it, with its count,
`count_postings` counts it and `count_jobs` counts the jobs among them. Pages come by keyset
(a cursor holding the last row's sort key and id, stable while postings arrive) or by offset
(for a page widget). Rows carry the postings table's columns; the long text comes only with
`get_posting`.

Orders (newest first on ties, then id):
- newest: posted_at, else first_seen_at (listed_at), newest first;
- pay: the top of the annual range, highest first, postings without pay last;
- relevance: postings whose title holds every search term first, then those whose title
  holds some, then the rest; with no keyword it is newest.

How it stays fast on a million postings: a full-text match or a tag filter is a set of
posting ids. The smallest such set, when it holds at most DRIVE_LIMIT ids, drives the query
(its ids are looked up one by one); otherwise the query walks the listing index in sort order
and tests each posting against the sets, stopping once the page is full. Counts stop at
COUNT_LIMIT ("more than 2,000"), so no count reads the whole table. On SQLite a page and its
count read a keyword's matches from a copy kept on the connection while the store is
unchanged (store.kept_matches), not from the full-text index each time.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    Table,
    and_,
    case,
    cast,
    exists,
    false,
    func,
    not_,
    or_,
    select,
    true,
)
from sqlmodel import Session

from core.vocabulary import EducationLevel
from store import fulltext, kept_matches
from store.job_search import PAY_BASIS_PERIODS, UNSTATED, InvalidSearch, JobSearch, Sort
from store.models import Posting, PostingMatch, PostingTag, PostingText, utcnow

POSTINGS: Table = Posting.__table__  # type: ignore[attr-defined]
TEXTS: Table = PostingText.__table__  # type: ignore[attr-defined]
TAGS: Table = PostingTag.__table__  # type: ignore[attr-defined]
MATCHES: Table = PostingMatch.__table__  # type: ignore[attr-defined]
LISTING_COLUMNS = tuple(column.name for column in POSTINGS.columns)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
MAX_OFFSET = 10_000  # past it, page by cursor
COUNT_LIMIT = 2_000
UNPAID_SCAN_FACTOR = 10  # see _count_with_unpaid
DRIVE_LIMIT = 20_000
# posting_tags facet of each tag filter of a JobSearch.
TAG_FILTERS = {"credentials": "credential", "settings": "setting", "code_sets": "code_set",
               "ehr": "ehr"}  # fmt: skip


@dataclass(frozen=True)
class ListingPage:
    rows: list[dict[str, Any]]  # postings columns, in the search's order
    total: int | None  # postings the search matches, up to count_limit (None: not counted)
    total_exact: bool  # False: more than `total` match
    next_cursor: str | None  # pass as `cursor` for the next page; None on the last page
    hidden_without_pay: int = 0  # postings a pay floor left out only because they state no pay


@dataclass(frozen=True)
class _IdSet:
    """Postings named by a full-text match or a tag filter: a SELECT of their ids."""

    ids: Select
    probe: ColumnElement[bool] | None = None  # a per-row test, when one is cheaper than `ids`


@dataclass
class _Filters:
    columns: list[ColumnElement[bool]]  # on postings columns
    sets: list[_IdSet]  # the posting must be in each
    scope_columns: int = 0  # how many of `columns` only say open / in the field
    estimates: dict[int, int] = field(default_factory=dict)  # id(set) -> size, up to a limit


@dataclass(frozen=True)
class _SortKey:
    expression: ColumnElement[Any]
    nullable: bool = False  # NULLs sort last


@dataclass(frozen=True)
class _Segment:
    """A part of the order: its postings all come before the next segment's."""

    keys: list[_SortKey]
    within: list[_IdSet] = field(default_factory=list)
    outside: list[_IdSet] = field(default_factory=list)
    implies_match: bool = False  # `within` implies the keyword match (the first of the sets)


# --- what a search matches -----------------------------------------------------------------


# (terms, title_only, any_term) -> a SELECT of the ids of postings that match
Matches = Callable[[list[fulltext.Term], bool, bool], Select]


def _plain_matches(dialect: str) -> Matches:
    return lambda terms, title_only, any_term: fulltext.matching_ids(
        terms, dialect, title_only=title_only, any_term=any_term
    )


def _session_matches(session: Session) -> Matches:
    """Matches read from copies kept on the session's connection (see store.kept_matches),
    asked for once per page or count however often its queries test them."""
    asked: dict[tuple, Select] = {}

    def matches(terms: list[fulltext.Term], title_only: bool, any_term: bool) -> Select:
        key = (tuple(terms), title_only, any_term)
        if key not in asked:
            asked[key] = kept_matches.matching_ids(
                session, terms, title_only=title_only, any_term=any_term
            )
        return asked[key]

    return matches


def _filters(search: JobSearch, matches: Matches, now: datetime | None) -> _Filters:
    p = POSTINGS.c
    columns: list[ColumnElement[bool]] = []
    sets: list[_IdSet] = []
    if not search.include_closed:
        columns.append(p.closed_at.is_(None))
    if not search.include_unrelated:
        columns.append(p.relevant == true())
    scope_columns = len(columns)
    terms = fulltext.keyword_terms(search.keyword)
    if terms:
        sets.append(_IdSet(matches(terms, False, False)))
    if search.states:
        in_states = p.state.in_(search.states)
        columns.append(or_(in_states, p.remote == "remote") if search.remote_anywhere
                       else in_states)  # fmt: skip
    if search.arrangements:
        stated = [a for a in search.arrangements if a != UNSTATED]
        either = [p.remote.in_(stated)] if stated else []
        if UNSTATED in search.arrangements:
            either.append(p.remote.is_(None))
        columns.append(or_(*either))
    for name, facet in TAG_FILTERS.items():
        values = list(getattr(search, name))
        if values:
            tagged = and_(TAGS.c.facet == facet, TAGS.c.value.in_(values))
            sets.append(
                _IdSet(
                    select(TAGS.c.posting_id).where(tagged),
                    probe=exists().where(tagged, TAGS.c.posting_id == p.id),
                )
            )
    if search.min_pay is not None:
        meets = p.salary_annual_top >= search.min_pay
        columns.append(or_(meets, p.salary_annual_top.is_(None)) if search.include_no_pay
                       else meets)  # fmt: skip
    if search.posted_within_days is not None:
        since = (now or utcnow()) - timedelta(days=search.posted_within_days)
        columns.append(p.listed_at >= since)
    if search.occupations:
        columns.append(p.occupation.in_(search.occupations))
    allowed = search.education_allowed
    if allowed is not None:
        # Postings that do not say, or name a level this model does not know, are kept.
        columns.append(or_(p.education.is_(None), p.education.in_(allowed),
                           p.education.not_in(list(EducationLevel))))  # fmt: skip
    if search.employment_types:
        columns.append(p.employment_type.in_(search.employment_types))
    if search.pay_basis is not None:
        columns.append(p.salary_period.in_(PAY_BASIS_PERIODS[search.pay_basis]))
    if search.posted_by_agency is not None:
        by_agency = exists().where(MATCHES.c.posting_id == p.id, MATCHES.c.posted_by_agency)
        columns.append(by_agency if search.posted_by_agency else not_(by_agency))
    return _Filters(columns, sets, scope_columns)


def _member(idset: _IdSet, *, drive: bool) -> ColumnElement[bool]:
    if drive:
        return POSTINGS.c.id.in_(idset.ids)
    if idset.probe is not None:
        return idset.probe
    # "+ 0" keeps SQLite from fetching the set's every id first: it walks the listing index
    # in order and looks each posting up in the set.
    return (POSTINGS.c.id + 0).in_(idset.ids)


def _where(filters: _Filters, driver: _IdSet | None) -> list[ColumnElement[bool]]:
    members = [_member(s, drive=s is driver) for s in filters.sets]
    return [*filters.columns, *members]


def _driver(
    session: Session, filters: _Filters, sets: Sequence[_IdSet], *, counting: bool = False
) -> _IdSet | None:
    """The smallest of `sets` if it holds at most DRIVE_LIMIT postings, else None.

    A count that stops at a limit may drive from any set when nothing but the scope (open, in
    the field) narrows it further: most of the set's postings match, so the count stops soon.
    """
    sizes = []
    for idset in sets:
        if id(idset) not in filters.estimates:
            bounded = idset.ids.limit(DRIVE_LIMIT + 1).subquery()
            filters.estimates[id(idset)] = session.scalar(select(func.count()).select_from(bounded))
        sizes.append((filters.estimates[id(idset)], idset))
    small = [(size, n, idset) for n, (size, idset) in enumerate(sizes) if size <= DRIVE_LIMIT]
    if small:
        return min(small, key=lambda found: found[:2])[2]
    if counting and sets and len(filters.columns) <= filters.scope_columns:
        # A tag set is read off its primary key: cheaper to gather than full-text matches.
        return min(sets, key=lambda idset: idset.probe is None)
    return None


def search_conditions(
    search: JobSearch, *, dialect: str, now: datetime | None = None
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a search, one per filter given (ANDed together)."""
    return _where(_filters(search, _plain_matches(dialect), now), driver=None)


def planned_conditions(
    session: Session,
    search: JobSearch,
    *,
    now: datetime | None = None,
    counting: bool = False,
    matches: Matches | None = None,
) -> list[ColumnElement[bool]]:
    """The same conditions, driven by the smallest id set when one is small (see above);
    `counting`: for a count that stops at a limit."""
    filters = _filters(search, matches or _session_matches(session), now)
    return _where(filters, _driver(session, filters, filters.sets, counting=counting))


# --- orders --------------------------------------------------------------------------------


def _segments(search: JobSearch, matches: Matches) -> list[_Segment]:
    p = POSTINGS.c
    newest = [_SortKey(p.listed_at), _SortKey(p.id)]
    if search.sort is Sort.PAY:
        return [_Segment([_SortKey(p.salary_annual_top, nullable=True), *newest])]
    terms = fulltext.keyword_terms(search.keyword)
    if search.sort is not Sort.RELEVANCE or not terms:
        return [_Segment(newest)]
    every = _IdSet(matches(terms, True, False))
    if len(terms) == 1:
        return [
            _Segment(newest, within=[every], implies_match=True),
            _Segment(newest, outside=[every]),
        ]
    some = _IdSet(matches(terms, True, True))
    return [
        _Segment(newest, within=[every], implies_match=True),
        _Segment(newest, within=[some], outside=[every]),
        _Segment(newest, outside=[some]),
    ]


def _descending(key: _SortKey) -> ColumnElement[Any]:
    order = key.expression.desc()
    return order.nulls_last() if key.nullable else order


def _segment_where(segment: _Segment, driver: _IdSet | None) -> list[ColumnElement[bool]]:
    within = [_member(s, drive=s is driver) for s in segment.within]
    return [*within, *(not_(_member(s, drive=False)) for s in segment.outside)]


def search_query(search: JobSearch, *, dialect: str, now: datetime | None = None) -> Select:
    """SELECT every postings column of the postings `search` matches, in its order.

    Readers that stream a whole search (an export of it, a digest) run this; pages come
    faster from `list_postings`, which returns the same rows.
    """
    return _ordered(search, _plain_matches(dialect), now)


def first_copies(
    session: Session, search: JobSearch, cluster_ids: Sequence[str], *, now: datetime | None = None
) -> dict[str, int]:
    """Of each of these clusters, the id of the posting `search` lists first: the copy that
    stands for the job in a list of one row per job, wherever the list is paged."""
    first: dict[str, int] = {}
    ids = list(dict.fromkeys(cluster_ids))
    members = [
        posting_id
        for start in range(0, len(ids), 500)
        for posting_id in session.scalars(
            select(POSTINGS.c.id).where(POSTINGS.c.cluster_id.in_(ids[start : start + 500]))
        )
    ]
    if not members:
        return first
    # The members drive the query by id (a planner left to choose walks a listing index),
    # all in one query so that its order is the search's across every cluster.
    query = _ordered(search, _session_matches(session), now).where(POSTINGS.c.id.in_(members))
    for row in session.execute(query.with_only_columns(POSTINGS.c.id, POSTINGS.c.cluster_id)):
        first.setdefault(row.cluster_id, row.id)
    return first


def _ordered(search: JobSearch, matches: Matches, now: datetime | None) -> Select:
    filters = _filters(search, matches, now)
    segments = _segments(search, matches)
    where = _where(filters, driver=None)
    order = list(map(_descending, segments[0].keys))
    if len(segments) > 1:  # the segment a posting falls in, first ones first
        first = [(and_(*_segment_where(s, driver=None)), n) for n, s in enumerate(segments)]
        order.insert(0, case(*first, else_=len(segments)))
    return select(POSTINGS).where(*where).order_by(*order)


# --- pages and counts ----------------------------------------------------------------------


def list_postings(
    session: Session,
    search: JobSearch,
    *,
    limit: int = PAGE_SIZE,
    cursor: str | None = None,
    offset: int = 0,
    count: bool = True,
    count_limit: int = COUNT_LIMIT,
    now: datetime | None = None,
) -> ListingPage:
    """One page of the postings `search` matches, with their count when `count`.

    Page by `cursor` (the previous page's next_cursor) or by `offset` (at most MAX_OFFSET),
    not both. Counts stop at `count_limit` (total_exact tells). Bad paging arguments raise
    InvalidSearch naming the argument.
    """
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidSearch({"limit": f"give 1 to {MAX_PAGE_SIZE}, not {limit}"})
    if not 0 <= offset <= MAX_OFFSET:
        raise InvalidSearch({"offset": f"give 0 to {MAX_OFFSET} (then page by cursor)"})
    if cursor is not None and offset:
        raise InvalidSearch({"cursor": "page by cursor or by offset, not both"})
    now = now or utcnow()
    matches = _session_matches(session)
    filters = _filters(search, matches, now)
    segments = _segments(search, matches)
    start_segment, after = (0, None)
    if cursor is not None:
        start_segment, after = _decode_cursor(cursor, search, segments)

    picked: list[tuple[int, list[Any]]] = []  # (segment, sort key values ending with the id)
    skip = offset
    for number, segment in enumerate(segments):
        if number < start_segment:
            continue
        # Every term in the title implies every term somewhere: the match need not be tested.
        segment_filters = filters
        if segment.implies_match:
            segment_filters = _Filters(
                filters.columns, filters.sets[1:], filters.scope_columns, filters.estimates
            )
        driver = _driver(session, segment_filters, [*segment_filters.sets, *segment.within])
        where = [*_where(segment_filters, driver), *_segment_where(segment, driver)]
        if after is not None and number == start_segment:
            where.append(_after(segment.keys, after))
        keys = [key.expression.label(f"key_{n}") for n, key in enumerate(segment.keys)]
        query = (
            select(*keys)
            .where(*where)
            .order_by(*map(_descending, segment.keys))
            .limit(skip + limit + 1 - len(picked))
        )
        found = [list(row) for row in session.execute(query)]
        dropped = min(skip, len(found))
        skip -= dropped
        picked += [(number, values) for values in found[dropped:]]
        if len(picked) > limit:
            break

    ids = [values[-1] for _, values in picked[:limit]]
    full = {}
    if ids:
        for row in session.execute(select(POSTINGS).where(POSTINGS.c.id.in_(ids))).mappings():
            full[row["id"]] = {name: row[name] for name in LISTING_COLUMNS}
    rows = [full[i] for i in ids if i in full]
    next_cursor = None
    if len(picked) > limit:
        number, values = picked[limit - 1]
        next_cursor = _encode_cursor(search, number, values)

    if not count:
        return ListingPage(rows, None, False, next_cursor)
    floored = search.min_pay is not None and not search.include_no_pay
    if floored and filters.sets:  # one pass gathers the id sets once
        total, hidden = _count_with_unpaid(session, search, now, count_limit, matches)
    else:
        driver = _driver(session, filters, filters.sets, counting=True)
        total = count_where(session, _where(filters, driver), count_limit)
        hidden = _unpaid(session, search, now, count_limit, matches) if floored else 0
    return ListingPage(rows, min(total, count_limit), total <= count_limit, next_cursor, hidden)


def count_where(session: Session, where: list[ColumnElement[bool]], limit: int | None) -> int:
    """How many postings meet `where`, counting no further than limit + 1."""
    matching = select(POSTINGS.c.id).where(*where)
    if limit is not None:
        matching = matching.limit(limit + 1)
    return session.scalar(select(func.count()).select_from(matching.subquery())) or 0


def count_postings(
    session: Session,
    search: JobSearch,
    *,
    limit: int | None = None,
    now: datetime | None = None,
) -> int:
    """How many postings `search` matches (no more than limit + 1, when a limit is given)."""
    counting = limit is not None
    return count_where(
        session, planned_conditions(session, search, now=now, counting=counting), limit
    )


def count_jobs(
    session: Session,
    search: JobSearch,
    *,
    limit: int = COUNT_LIMIT,
    now: datetime | None = None,
) -> int | None:
    """How many jobs the postings `search` matches are: one per cluster (a posting not yet
    clustered is a job of its own). None when more than `limit` postings match, since the
    count would read them all."""
    where = planned_conditions(session, search, now=now, counting=True)
    job = func.coalesce(POSTINGS.c.cluster_id, "posting " + cast(POSTINGS.c.id, String))
    matching = select(job.label("job")).where(*where).limit(limit + 1).subquery()
    seen, jobs = session.execute(
        select(func.count(), func.count(matching.c.job.distinct())).select_from(matching)
    ).one()
    return jobs if seen <= limit else None


def _no_pay() -> ColumnElement[bool]:
    # Not "IS NULL": SQLite would seek the pay index to its NULLs, most postings, rather
    # than use a narrower filter; tested in the index instead, it stops at the limit anyway.
    return func.coalesce(POSTINGS.c.salary_annual_top, -1.0) < 0


def _unpaid(
    session: Session, search: JobSearch, now: datetime, limit: int, matches: Matches
) -> int:
    """Postings a pay floor leaves out only because they state no pay (up to limit)."""
    unfloored = search.model_copy(update={"min_pay": None})
    where = planned_conditions(session, unfloored, now=now, counting=True, matches=matches)
    return min(count_where(session, [*where, _no_pay()], limit), limit)


def _count_with_unpaid(
    session: Session, search: JobSearch, now: datetime, limit: int, matches: Matches
) -> tuple[int, int]:
    """For a search with a pay floor and id sets (a keyword, a tag): how many postings it
    matches (up to limit + 1), and how many it leaves out only because they state no pay
    (up to limit).

    One pass over the search without its floor counts both, as far as UNPAID_SCAN_FACTOR
    times the limit: the id sets (a keyword's matches) are then gathered once, not twice.
    Only when the pass stops there is the one of the two under the limit counted alone."""
    unfloored = search.model_copy(update={"min_pay": None})
    where = planned_conditions(session, unfloored, now=now, counting=True, matches=matches)
    top = POSTINGS.c.salary_annual_top
    meets = top >= search.min_pay
    no_pay = _no_pay()
    scan = UNPAID_SCAN_FACTOR * limit
    either = select(top.label("top")).where(*where, or_(meets, no_pay)).limit(scan + 1)
    either = either.subquery()
    stated = func.coalesce(func.sum(case((either.c.top.is_not(None), 1), else_=0)), 0)
    seen, paid = session.execute(select(func.count(), stated).select_from(either)).one()
    unpaid = seen - paid
    if seen > scan:  # stopped early: the smaller of the two may be short
        if paid <= limit:
            floored = planned_conditions(session, search, now=now, counting=True, matches=matches)
            paid = count_where(session, floored, limit)
        elif unpaid <= limit:
            unpaid = count_where(session, [*where, no_pay], limit)
    return paid, min(unpaid, limit)


def get_posting(session: Session, posting_id: int) -> dict[str, Any] | None:
    """One posting with every column, its description text and (sanitized) HTML included."""
    query = (
        select(POSTINGS, TEXTS.c.description_text, TEXTS.c.description_html)
        .select_from(POSTINGS.outerjoin(TEXTS, TEXTS.c.posting_id == POSTINGS.c.id))
        .where(POSTINGS.c.id == posting_id)
    )
    row = session.execute(query).mappings().first()
    return dict(row) if row is not None else None


# --- keyset cursors ------------------------------------------------------------------------


def _after(keys: list[_SortKey], values: list[Any]) -> ColumnElement[bool]:
    """Rows after the row with these key values, in the keys' descending order."""
    alternatives = []
    for n, key in enumerate(keys):
        same = [_equal(k.expression, v) for k, v in zip(keys[:n], values[:n], strict=True)]
        alternatives.append(and_(*same, _below(key, values[n])))
    return or_(*alternatives)


def _equal(expression: ColumnElement[Any], value: Any) -> ColumnElement[bool]:
    return expression.is_(None) if value is None else expression == value


def _below(key: _SortKey, value: Any) -> ColumnElement[bool]:
    if value is None:
        return false()  # NULLs come last: nothing sorts below them but on the later keys
    below = key.expression < value
    return or_(below, key.expression.is_(None)) if key.nullable else below


def _encode_cursor(search: JobSearch, segment: int, values: list[Any]) -> str:
    encoded = [
        {"t": value.isoformat()} if isinstance(value, datetime) else value for value in values
    ]
    payload = json.dumps([search.sort.value, segment, encoded], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(
    cursor: str, search: JobSearch, segments: list[_Segment]
) -> tuple[int, list[Any]]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        sort, segment, encoded = payload
        values = [
            datetime.fromisoformat(value["t"]) if isinstance(value, dict) else value
            for value in encoded
        ]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise InvalidSearch({"cursor": "not a cursor this listing gave"}) from None
    if (
        sort != search.sort.value
        or not isinstance(segment, int)
        or not 0 <= segment < len(segments)
        or len(values) != len(segments[segment].keys)
    ):
        raise InvalidSearch({"cursor": "made for another search order; start again without it"})
    return segment, values
