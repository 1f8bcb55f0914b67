"""What a job seeker is told about a listing's history, and the store queries behind it.

Signals are facts, worded as facts: "open 240 days", "reposted 6 times". They never say a
posting is fake; a long-open job may be hard to fill, and a reposted one may be a new
opening. The dashboard and the export read them from `cluster_facts`.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlmodel import Session

from store.clusters.thresholds import THRESHOLDS
from store.models import Cluster, Posting, PostingMatch

POSTINGS = Posting.__table__  # type: ignore[attr-defined]
MATCHES = PostingMatch.__table__  # type: ignore[attr-defined]
CLUSTERS = Cluster.__table__  # type: ignore[attr-defined]
DAY_SECONDS = 86_400


def listing_signals(*, days_open: int | None, reposted_count: int) -> list[str]:
    """Short phrases for a listing's history, each shown once it is notable."""
    signals = []
    if days_open is not None and days_open >= THRESHOLDS.long_open_days:
        signals.append(f"open {days_open} days")
    if reposted_count >= THRESHOLDS.reposts_to_show:
        times = "once" if reposted_count == 1 else f"{reposted_count} times"
        signals.append(f"reposted {times}")
    return signals


def format_signals(signals: Sequence[str]) -> str:
    """ "open 240 days · reposted 6 times"."""
    return " · ".join(signals)


def cluster_dates(posting_ids: Sequence[int] | None = None) -> Select:
    """Per cluster: when its earliest copy was posted (or first seen) and last seen; only
    the clusters of `posting_ids` when given (else every cluster is grouped)."""
    query = select(
        POSTINGS.c.cluster_id.label("cluster_id"),
        func.min(func.coalesce(POSTINGS.c.posted_at, POSTINGS.c.first_seen_at)).label(
            "first_posted_at"
        ),
        func.min(POSTINGS.c.first_seen_at).label("first_seen_at"),
        func.max(POSTINGS.c.last_seen_at).label("last_seen_at"),
    ).group_by(POSTINGS.c.cluster_id)
    if posting_ids is not None:
        theirs = select(POSTINGS.c.cluster_id).where(POSTINGS.c.id.in_(list(posting_ids)))
        query = query.where(POSTINGS.c.cluster_id.in_(theirs))
    return query


def days_between(first: datetime | None, last: datetime | None) -> int | None:
    if first is None or last is None:
        return None
    return max(0, int((last - first).total_seconds() // DAY_SECONDS))


def earliest(*moments: datetime | None) -> datetime | None:
    known = [m for m in moments if m is not None]
    return min(known) if known else None


@dataclass(frozen=True)
class ClusterFacts:
    cluster_id: str | None
    cluster_size: int
    canonical: bool  # this posting leads its cluster
    reposted_count: int
    first_posted_at: datetime | None
    days_open: int | None
    posted_by_agency: bool
    listing_signals: list[str]


def with_cluster_columns(query: Select, posting_ids: Sequence[int] | None = None) -> Select:
    """`query` over postings (with postings.id and cluster_id), joined to what `facts_of`
    reads: the cluster row, the posting's match row and the cluster's dates. A query of
    known `posting_ids` passes them: only their clusters' dates are then gathered."""
    dates = cluster_dates(posting_ids).subquery()
    return (
        query.add_columns(
            CLUSTERS.c.size.label("cluster_size"),
            CLUSTERS.c.canonical_posting_id,
            CLUSTERS.c.reposted_count,
            MATCHES.c.posted_by_agency,
            dates.c.first_posted_at.label("cluster_first_posted_at"),
            dates.c.first_seen_at.label("cluster_first_seen_at"),
            dates.c.last_seen_at.label("cluster_last_seen_at"),
        )
        .outerjoin(CLUSTERS, CLUSTERS.c.id == POSTINGS.c.cluster_id)
        .outerjoin(MATCHES, MATCHES.c.posting_id == POSTINGS.c.id)
        .outerjoin(dates, dates.c.cluster_id == POSTINGS.c.cluster_id)
    )


def facts_of(row: Any) -> ClusterFacts:
    """The facts of one row of a `with_cluster_columns` query."""
    first = earliest(row.cluster_first_posted_at, row.cluster_first_seen_at)
    days = days_between(first, row.cluster_last_seen_at)
    reposts = row.reposted_count or 0
    return ClusterFacts(
        cluster_id=row.cluster_id,
        cluster_size=row.cluster_size or 1,
        canonical=row.canonical_posting_id in (None, row.id),
        reposted_count=reposts,
        first_posted_at=first,
        days_open=days,
        posted_by_agency=bool(row.posted_by_agency),
        listing_signals=listing_signals(days_open=days, reposted_count=reposts),
    )


def cluster_facts(*, session: Session, posting_ids: Sequence[int]) -> dict[int, ClusterFacts]:
    """The cluster facts and listing signals of these postings, by posting id (for the
    dashboard's listing and posting pages)."""
    facts: dict[int, ClusterFacts] = {}
    ids = list(dict.fromkeys(posting_ids))
    for start in range(0, len(ids), 900):
        chunk = ids[start : start + 900]
        query = with_cluster_columns(
            select(POSTINGS.c.id, POSTINGS.c.cluster_id).where(POSTINGS.c.id.in_(chunk)), chunk
        )
        facts.update({row.id: facts_of(row) for row in session.exec(query)})
    return facts
