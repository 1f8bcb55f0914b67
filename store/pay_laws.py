"""State pay-transparency laws (reference/pay_transparency.csv) and the postings they likely cover.

A posting is "likely covered" when it names a state whose law requires pay in job postings and
it was listed on or after the law took effect. Only likely: the laws turn on the employer's
size and where the job may be done, which a posting seldom says. Whether it states pay comes
from `salary_annual_posted` (the employer's own US-dollar figures; estimates do not count).

Each row cites its statute; laws change, so check the cited source before relying on a row.
"""

import csv
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from sqlalchemy import and_, case, func, or_, select
from sqlmodel import Session

from store.job_search import JobSearch
from store.listing import planned_conditions
from store.models import Posting

LAWS_FILE = Path(__file__).resolve().parent / "reference" / "pay_transparency.csv"
POSTINGS = Posting.__table__  # type: ignore[attr-defined]


@dataclass(frozen=True)
class PayLaw:
    state: str  # USPS code
    law: str
    effective: date  # when postings had to state pay
    employers: str  # who it binds, in words
    citation: str
    url: str  # the statute or bill, where it has a stable address


@dataclass(frozen=True)
class Coverage:
    state: str
    likely_covered: int  # postings listed since the law took effect
    stating_pay: int  # of them, stating pay


@cache
def pay_laws() -> tuple[PayLaw, ...]:
    with LAWS_FILE.open(newline="", encoding="utf-8") as handle:
        return tuple(
            PayLaw(
                state=row["state"],
                law=row["law"],
                effective=date.fromisoformat(row["effective"]),
                employers=row["employers"],
                citation=row["citation"],
                url=row["url"],
            )
            for row in csv.DictReader(handle)
        )


def coverage(
    session: Session, search: JobSearch, *, now: datetime | None = None
) -> dict[str, Coverage]:
    """Per state with a law: how many postings of `search` it likely covers, and how many of
    those state pay. One grouped query over the search's postings in those states."""
    laws = pay_laws()
    p = POSTINGS.c
    since = [and_(p.state == law.state, p.listed_at >= _midnight(law.effective)) for law in laws]
    covered = or_(*since)
    stating = and_(covered, p.salary_annual_posted.is_not(None))
    query = (
        select(
            p.state,
            func.sum(case((covered, 1), else_=0)),
            func.sum(case((stating, 1), else_=0)),
        )
        .where(
            *planned_conditions(session, search, now=now), p.state.in_([law.state for law in laws])
        )
        .group_by(p.state)
    )
    return {
        state: Coverage(state, int(total or 0), int(paid or 0))
        for state, total, paid in session.execute(query)
    }


def _midnight(day: date) -> datetime:
    return datetime.combine(day, datetime.min.time(), UTC)
