"""Keyword search over postings that gives the same answers on SQLite and PostgreSQL.

Every word (or "quoted phrase") of the query must appear, case-insensitively, in the
title, the employer or the description; title matches come first, then the newest. Both
backends run the same portable expression (LIKE on lower-cased text with escaped
wildcards), so a search finds the same postings wherever the store lives; stemming
full-text engines (to_tsvector, FTS5) would not agree with each other on the same data.
"""

import re
from collections.abc import Sequence

from sqlalchemy import ColumnElement, and_, case, desc, func, literal, or_
from sqlmodel import Session, select

from store.models import Posting, PostingMatch

SEARCHED = (Posting.title, Posting.company, Posting.description_text)
MAX_TERMS = 10
WORD_EDGES = ",;'\""
_ESCAPE = "\\"


def search_terms(query: str | None) -> list[str]:
    """The words and "quoted phrases" of a query, lower-cased, at most MAX_TERMS.

    The one rule for splitting a search, wherever one is typed.
    """
    if not query:
        return []
    terms = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', query):
        # "coder, remote" is two words: list punctuation around a bare word is no part of it.
        term = " ".join((phrase or word.strip(WORD_EDGES)).lower().split())
        if term and term not in terms:
            terms.append(term)
    return terms[:MAX_TERMS]


def _pattern(term: str) -> str:
    escaped = term.replace(_ESCAPE, _ESCAPE * 2).replace("%", r"\%").replace("_", r"\_")
    return f"%{escaped}%"


def _contains(column, term: str) -> ColumnElement[bool]:
    return func.lower(func.coalesce(column, literal(""))).like(_pattern(term), escape=_ESCAPE)


def matches(query: str | None) -> ColumnElement[bool] | None:
    """A WHERE clause for the query (every term somewhere), or None for an empty query."""
    terms = search_terms(query)
    if not terms:
        return None
    return and_(*(or_(*(_contains(column, term) for column in SEARCHED)) for term in terms))


def search_postings(
    *,
    session: Session,
    query: str | None,
    open_only: bool = True,
    relevant_only: bool = False,
    sources: Sequence[str] | None = None,
    posted_by_agency: bool | None = None,
    limit: int | None = 200,
    offset: int = 0,
) -> list[Posting]:
    """Postings matching every term of `query`; title matches first, then newest first.

    posted_by_agency: True keeps only postings by staffing agencies or coding vendors for
    another employer's job, False leaves them out, None keeps both.
    """
    statement = select(Posting)
    condition = matches(query)
    if condition is not None:
        statement = statement.where(condition)
    if open_only:
        statement = statement.where(Posting.closed_at.is_(None))
    if relevant_only:
        statement = statement.where(Posting.relevant.is_(True))
    if sources:
        statement = statement.where(Posting.source.in_(list(sources)))
    if posted_by_agency is not None:
        by_agency = (
            select(PostingMatch.posting_id)
            .where(PostingMatch.posting_id == Posting.id, PostingMatch.posted_by_agency)
            .exists()
        )
        statement = statement.where(by_agency if posted_by_agency else ~by_agency)
    terms = search_terms(query)
    if terms:
        in_title = and_(*(_contains(Posting.title, term) for term in terms))
        statement = statement.order_by(case((in_title, 0), else_=1))
    statement = statement.order_by(
        desc(func.coalesce(Posting.posted_at, Posting.first_seen_at)), Posting.id
    )
    if offset:
        statement = statement.offset(offset)
    if limit is not None:
        statement = statement.limit(limit)
    return list(session.exec(statement).all())
