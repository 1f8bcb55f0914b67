"""How much the store holds: what `hitboard info` prints."""

from typing import NamedTuple

from sqlalchemy import func
from sqlmodel import Session, select

from store.models import Posting, ScrapeRun


class StoreCounts(NamedTuple):
    postings: int
    open: int
    runs: int


def store_counts(*, session: Session) -> StoreCounts:
    def count(query) -> int:
        return int(session.exec(query).one())

    postings = select(func.count()).select_from(Posting)
    return StoreCounts(
        postings=count(postings),
        open=count(postings.where(Posting.closed_at.is_(None))),
        runs=count(select(func.count()).select_from(ScrapeRun)),
    )
