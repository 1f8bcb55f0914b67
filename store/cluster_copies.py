"""Every copy of a job: the postings of some clusters, each with where it was posted.

The listing returns postings; the Jobs page shows one row per job (cluster) that lists its
sources, and a job's detail lists every copy. Both read this one query.
"""

from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlmodel import Session

from store.models import Posting, PostingMatch

POSTINGS = Posting.__table__  # type: ignore[attr-defined]
MATCHES = PostingMatch.__table__  # type: ignore[attr-defined]
COPY_COLUMNS = (
    "id", "cluster_id", "source", "source_kind", "url", "title", "company", "location",
    "city", "state", "remote", "salary_text", "salary_annual_min", "salary_annual_max",
    "posted_at", "first_seen_at", "last_seen_at", "closed_at",
)  # fmt: skip
BATCH = 500  # ids per IN list


def cluster_copies(session: Session, cluster_ids: Sequence[str]) -> dict[str, list[dict[str, Any]]]:
    """The postings of each cluster, earliest seen first, by cluster id (with
    `posted_by_agency` from the matcher: a staffing agency's or vendor's copy)."""
    copies: dict[str, list[dict[str, Any]]] = {}
    ids = list(dict.fromkeys(c for c in cluster_ids if c))
    columns = [POSTINGS.c[name] for name in COPY_COLUMNS]
    for start in range(0, len(ids), BATCH):
        query = (
            select(*columns, MATCHES.c.posted_by_agency)
            .select_from(POSTINGS.outerjoin(MATCHES, MATCHES.c.posting_id == POSTINGS.c.id))
            .where(POSTINGS.c.cluster_id.in_(ids[start : start + BATCH]))
        )
        for row in session.execute(query).mappings():
            copy = dict(row)
            copy["posted_by_agency"] = bool(copy["posted_by_agency"])
            copies.setdefault(copy["cluster_id"], []).append(copy)
    # Sorted here, not in SQL: an ORDER BY first_seen_at lets SQLite walk that index over the
    # whole table, testing each posting's cluster, rather than look the clusters up.
    for members in copies.values():
        members.sort(key=lambda copy: (copy["first_seen_at"], copy["id"]))
    return copies
