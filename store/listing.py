"""The listing: a JobSearch as one SQL query, read a page at a time.

`search_query` is the one function that turns a search into a query; the Jobs page, the API,
feeds and digests all read through it (`list_postings` pages it, `count_postings` counts it).
Pages come by keyset (a cursor holding the last row's sort key and id, stable while postings
arrive) or by offset (for a page widget). Rows carry the postings table's columns; the long
text comes only with `get_posting`.

Orders (newest first on ties, then id):
- newest: posted_at, else first_seen_at (listed_at), newest first;
- pay: the top of the annual range, highest first, postings without pay last;
- relevance: postings whose title holds more of the search terms first, then newest; with
  no keyword it is newest. The same on SQLite and PostgreSQL, row for row.
"""

import base64
import binascii
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Select,
    Table,
    and_,
    case,
    exists,
    false,
    func,
    or_,
    select,
    true,
)
from sqlmodel import Session

from store import fulltext
from store.job_search import (
    EDUCATION_LEVELS,
    HOURLY_PERIODS,
    SALARIED_PERIODS,
    Arrangement,
    InvalidSearch,
    JobSearch,
    PayBasis,
    Sort,
)
from store.models import Posting, PostingTag, PostingText, utcnow

POSTINGS: Table = Posting.__table__  # type: ignore[attr-defined]
TEXTS: Table = PostingText.__table__  # type: ignore[attr-defined]
TAGS: Table = PostingTag.__table__  # type: ignore[attr-defined]
LISTING_COLUMNS = tuple(column.name for column in POSTINGS.columns)
PAGE_SIZE = 50
MAX_PAGE_SIZE = 500
# posting_tags facet of each tag filter of a JobSearch.
TAG_FILTERS = {"credentials": "credential", "settings": "setting", "code_sets": "code_set",
               "ehr": "ehr"}  # fmt: skip
PAY_BASIS_PERIODS = {PayBasis.HOURLY: HOURLY_PERIODS, PayBasis.SALARIED: SALARIED_PERIODS}


@dataclass(frozen=True)
class ListingPage:
    rows: list[dict[str, Any]]  # postings columns, in the search's order
    total: int | None  # every posting the search matches (None when not counted)
    next_cursor: str | None  # pass as `cursor` for the next page; None on the last page
    hidden_without_pay: int = 0  # postings a pay floor left out only because they state no pay


@dataclass(frozen=True)
class _SortKey:
    expression: ColumnElement[Any]
    nullable: bool = False  # NULLs sort last


def search_conditions(
    search: JobSearch, *, dialect: str, now: datetime | None = None
) -> list[ColumnElement[bool]]:
    """The WHERE conditions of a search, one per filter given (ANDed together)."""
    p = POSTINGS.c
    conditions: list[ColumnElement[bool]] = []
    if not search.include_closed:
        conditions.append(p.closed_at.is_(None))
    if not search.include_unrelated:
        conditions.append(p.relevant == true())
    terms = fulltext.keyword_terms(search.keyword)
    if terms:
        conditions.append(p.id.in_(fulltext.matching_ids(terms, dialect)))
    if search.states:
        in_states = p.state.in_(search.states)
        conditions.append(or_(in_states, p.remote == "remote") if search.remote_anywhere
                          else in_states)  # fmt: skip
    if search.arrangements:
        stated = [a.value for a in search.arrangements if a is not Arrangement.UNSTATED]
        either = [p.remote.in_(stated)] if stated else []
        if Arrangement.UNSTATED in search.arrangements:
            either.append(p.remote.is_(None))
        conditions.append(or_(*either))
    for field, facet in TAG_FILTERS.items():
        values = getattr(search, field)
        if values:
            conditions.append(_tagged(facet, values))
    if search.min_pay is not None:
        meets = p.salary_annual_top >= search.min_pay
        conditions.append(or_(meets, p.salary_annual_top.is_(None)) if search.include_no_pay
                          else meets)  # fmt: skip
    if search.posted_within_days is not None:
        since = (now or utcnow()) - timedelta(days=search.posted_within_days)
        conditions.append(p.listed_at >= since)
    if search.occupations:
        conditions.append(p.occupation.in_(search.occupations))
    allowed = search.education_allowed
    if allowed is not None:
        # Postings that do not say, or name a level this model does not know, are kept.
        conditions.append(or_(p.education.is_(None), p.education.in_(allowed),
                              p.education.not_in(EDUCATION_LEVELS)))  # fmt: skip
    if search.employment_types:
        conditions.append(p.employment_type.in_(search.employment_types))
    if search.pay_basis is not None:
        conditions.append(p.salary_period.in_(PAY_BASIS_PERIODS[search.pay_basis]))
    return conditions


def _tagged(facet: str, values: Sequence[str]) -> ColumnElement[bool]:
    return exists().where(
        TAGS.c.facet == facet, TAGS.c.value.in_(list(values)), TAGS.c.posting_id == POSTINGS.c.id
    )


def search_query(search: JobSearch, *, dialect: str, now: datetime | None = None) -> Select:
    """SELECT every postings column of the postings `search` matches, in its order."""
    keys = _sort_keys(search, dialect)
    return (
        select(POSTINGS)
        .where(*search_conditions(search, dialect=dialect, now=now))
        .order_by(*(_descending(key) for key in keys))
    )


def _sort_keys(search: JobSearch, dialect: str) -> list[_SortKey]:
    p = POSTINGS.c
    newest = [_SortKey(p.listed_at), _SortKey(p.id)]
    if search.sort is Sort.PAY:
        return [_SortKey(p.salary_annual_top, nullable=True), *newest]
    terms = fulltext.keyword_terms(search.keyword)
    if search.sort is Sort.RELEVANCE and terms:
        hits = [
            case((p.id.in_(fulltext.matching_ids([term], dialect, title_only=True)), 1), else_=0)
            for term in terms
        ]
        title_hits = hits[0] if len(hits) == 1 else sum(hits[1:], hits[0])
        return [_SortKey(title_hits), *newest]
    return newest


def _descending(key: _SortKey) -> ColumnElement[Any]:
    order = key.expression.desc()
    return order.nulls_last() if key.nullable else order


def list_postings(
    session: Session,
    search: JobSearch,
    *,
    limit: int = PAGE_SIZE,
    cursor: str | None = None,
    offset: int = 0,
    count: bool = True,
    now: datetime | None = None,
) -> ListingPage:
    """One page of the postings `search` matches, with the total when `count`.

    Page by `cursor` (the previous page's next_cursor) or by `offset`, not both. A bad cursor
    raises InvalidSearch naming "cursor".
    """
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise InvalidSearch({"limit": f"give 1 to {MAX_PAGE_SIZE}, not {limit}"})
    if offset < 0:
        raise InvalidSearch({"offset": f"cannot be negative ({offset})"})
    if cursor is not None and offset:
        raise InvalidSearch({"cursor": "page by cursor or by offset, not both"})
    dialect = session.get_bind().dialect.name
    now = now or utcnow()
    keys = _sort_keys(search, dialect)
    labelled = [key.expression.label(f"sort_{n}") for n, key in enumerate(keys)]
    query = (
        select(POSTINGS, *labelled[:-1])  # the last key is the id, a column already
        .where(*search_conditions(search, dialect=dialect, now=now))
        .order_by(*(_descending(key) for key in keys))
        .limit(limit + 1)
    )
    if cursor is not None:
        query = query.where(_after(keys, _decode_cursor(cursor, search, len(keys))))
    if offset:
        query = query.offset(offset)
    found = session.execute(query).mappings().all()
    rows = [{name: row[name] for name in LISTING_COLUMNS} for row in found[:limit]]
    next_cursor = None
    if len(found) > limit:
        last = found[limit - 1]
        values = [last[f"sort_{n}"] for n in range(len(keys) - 1)] + [last["id"]]
        next_cursor = _encode_cursor(search, values)
    total = count_postings(session, search, now=now) if count else None
    hidden = _hidden_without_pay(session, search, dialect, now) if count else 0
    return ListingPage(rows, total, next_cursor, hidden)


def count_postings(session: Session, search: JobSearch, *, now: datetime | None = None) -> int:
    """How many postings `search` matches."""
    conditions = search_conditions(search, dialect=session.get_bind().dialect.name, now=now)
    return session.scalar(select(func.count()).select_from(POSTINGS).where(*conditions)) or 0


def _hidden_without_pay(session: Session, search: JobSearch, dialect: str, now: datetime) -> int:
    if search.min_pay is None or search.include_no_pay:
        return 0
    unfloored = search.model_copy(update={"min_pay": None})
    conditions = search_conditions(unfloored, dialect=dialect, now=now)
    query = (
        select(func.count())
        .select_from(POSTINGS)
        .where(*conditions, POSTINGS.c.salary_annual_top.is_(None))
    )
    return session.scalar(query) or 0


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


def _encode_cursor(search: JobSearch, values: list[Any]) -> str:
    encoded = [
        {"t": value.isoformat()} if isinstance(value, datetime) else value for value in values
    ]
    payload = json.dumps([search.sort.value, encoded], separators=(",", ":"))
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _decode_cursor(cursor: str, search: JobSearch, size: int) -> list[Any]:
    try:
        payload = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
        sort, encoded = payload
        values = [
            datetime.fromisoformat(value["t"]) if isinstance(value, dict) else value
            for value in encoded
        ]
    except (ValueError, TypeError, KeyError, binascii.Error):
        raise InvalidSearch({"cursor": "not a cursor this listing gave"}) from None
    if sort != search.sort.value or len(values) != size:
        raise InvalidSearch({"cursor": "made for another search order; start again without it"})
    return values
