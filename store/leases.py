"""Leases: one crawl per source at a time, across processes and machines.

A lease is a row of `source_leases` naming its holder, its run and when it expires. Taking
one is a single atomic statement (insert, or take over a row that has expired), so two
processes racing for a source on SQLite or PostgreSQL get one winner. The crawl keeps its
lease alive with heartbeats; a lease nobody renews expires, and its run is then marked
interrupted the next time anyone looks ("reaping"), which frees the source again.
"""

import os
import secrets
import socket
from datetime import datetime, timedelta

from sqlalchemy import delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from core.settings import get_settings
from core.vocabulary import RunStatus
from store.models import ScrapeRun, SourceLease, utcnow

LEASES = SourceLease.__table__  # type: ignore[attr-defined]
RUNS = ScrapeRun.__table__  # type: ignore[attr-defined]

SCHEDULER_LEASE = "@scheduler"  # source names are slugs, so no source is called this


def lease_ttl() -> float:
    """Seconds a lease lives without a heartbeat (HITBOARD_LEASE_TTL); heartbeats come every
    third of it."""
    return get_settings().lease_ttl


def heartbeat_interval(ttl: float | None = None) -> float:
    return max(0.2, (ttl if ttl is not None else lease_ttl()) / 3)


def holder_name(purpose: str) -> str:
    """A new holder: host, process, a token of its own (threads of one process must not
    share a lease) and what it is for, so people reading it know who has the source."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}:{purpose}"[:300]


class LeaseRefused(Exception):
    """The source is busy; `reason` says with what, for the one who was refused."""

    def __init__(self, name: str, reason: str):
        super().__init__(reason)
        self.name = name
        self.reason = reason


def acquire_lease(
    *,
    session: Session,
    name: str,
    holder: str,
    ttl: float | None = None,
    run_id: int | None = None,
) -> None:
    """Take the lease on `name` or raise LeaseRefused saying who has it.

    Succeeds when there is no lease, when it has expired (its run is marked interrupted
    first), or when `holder` already holds it. One INSERT ... ON CONFLICT DO UPDATE ... WHERE
    decides, so concurrent callers cannot both win.
    """
    ttl = ttl if ttl is not None else lease_ttl()
    now = utcnow()
    reap_expired(session=session, name=name, now=now)
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {
        "name": name,
        "holder": holder,
        "run_id": run_id,
        "ttl_seconds": ttl,
        "acquired_at": now,
        "expires_at": now + timedelta(seconds=ttl),
    }
    statement = insert(LEASES).values(**values)
    statement = statement.on_conflict_do_update(
        index_elements=[LEASES.c.name],
        set_={key: statement.excluded[key] for key in values if key != "name"},
        where=or_(LEASES.c.expires_at < now, LEASES.c.holder == holder),
    ).returning(LEASES.c.holder)
    taken = session.execute(statement).first()
    if taken is None:
        raise LeaseRefused(name, describe_holder(session=session, name=name))


def attach_run(*, session: Session, name: str, holder: str, run_id: int) -> None:
    """Name the run a held lease is for (so the crawl process can renew it by run id)."""
    session.execute(
        update(LEASES).where(LEASES.c.name == name, LEASES.c.holder == holder).values(run_id=run_id)
    )


def renew_lease(
    *, session: Session, name: str, holder: str | None = None, run_id: int | None = None
) -> bool:
    """Push the expiry out by the lease's TTL; False when the lease is no longer ours.

    The holder renews by its name; a crawl process renews by its run id. A lease that lapsed
    while its holder was stopped (a paused VM, a suspended laptop) and that nobody has since
    taken over or reaped is still the holder's: no one else acted on it, so nothing conflicts.
    """
    row = session.execute(select(LEASES).where(LEASES.c.name == name)).first()
    if row is None or not _is_ours(row, holder=holder, run_id=run_id):
        return False
    renewed = session.execute(
        update(LEASES)
        .where(LEASES.c.name == name, LEASES.c.holder == row.holder)
        .values(expires_at=utcnow() + timedelta(seconds=row.ttl_seconds))
    )
    return renewed.rowcount == 1  # 0: taken over between the read and the write


def release_lease(
    *, session: Session, name: str, holder: str | None = None, run_id: int | None = None
) -> bool:
    """Give the lease up, if it is still ours; True when it was."""
    condition = LEASES.c.holder == holder if holder is not None else LEASES.c.run_id == run_id
    result = session.execute(delete(LEASES).where(LEASES.c.name == name, condition))
    return result.rowcount > 0


def _is_ours(row, *, holder: str | None, run_id: int | None) -> bool:
    if holder is not None:
        return row.holder == holder
    return run_id is not None and row.run_id == run_id


def lease_of(*, session: Session, name: str) -> SourceLease | None:
    return session.get(SourceLease, name)


def describe_holder(*, session: Session, name: str) -> str:
    """Why `name` is busy, in one sentence."""
    lease = session.get(SourceLease, name, populate_existing=True)
    if lease is None:
        return f"{name!r} is free"
    what = f"{name!r} is busy: held by {lease.holder}"
    if lease.run_id is not None:
        run = session.get(ScrapeRun, lease.run_id)
        if run is not None:
            what += (
                f" for run {run.id} ({run.trigger}, started {run.started_at:%Y-%m-%d %H:%M:%S} UTC)"
            )
    return f"{what}; the lease expires at {lease.expires_at:%H:%M:%S} UTC unless renewed"


def reap_expired(
    *, session: Session, name: str | None = None, now: datetime | None = None
) -> list[int]:
    """Drop expired leases; their runs still "running" become interrupted. Returns run ids."""
    now = now or utcnow()
    query = select(LEASES).where(LEASES.c.expires_at < now)
    if name is not None:
        query = query.where(LEASES.c.name == name)
    expired = session.execute(query).all()
    interrupted: list[int] = []
    for lease in expired:
        removed = session.execute(
            delete(LEASES).where(
                LEASES.c.name == lease.name,
                LEASES.c.holder == lease.holder,
                LEASES.c.expires_at < now,
            )
        )
        if removed.rowcount and lease.run_id is not None:
            reason = (
                f"interrupted: its crawl stopped renewing the lease (held by {lease.holder}, "
                f"expired {lease.expires_at:%Y-%m-%d %H:%M:%S} UTC); no posting was closed"
            )
            if interrupt_run(session=session, run_id=lease.run_id, note=reason, now=now):
                interrupted.append(lease.run_id)
    return interrupted


def reap_stale_runs(*, session: Session, stale_after: timedelta) -> list[int]:
    """Runs still "running" with no lease and no heartbeat for `stale_after` are interrupted.

    Covers crawls started without a lease (a bare `scrapy crawl`) that died.
    """
    now = utcnow()
    reap_expired(session=session, now=now)
    leased = select(LEASES.c.run_id).where(LEASES.c.run_id.is_not(None))
    rows = session.execute(
        select(RUNS.c.id, RUNS.c.heartbeat_at, RUNS.c.started_at).where(
            RUNS.c.status == RunStatus.RUNNING, RUNS.c.id.not_in(leased)
        )
    ).all()
    interrupted = []
    for row in rows:
        last_sign = row.heartbeat_at or row.started_at
        if last_sign < now - stale_after:
            note = (
                f"interrupted: no sign of life since {last_sign:%Y-%m-%d %H:%M:%S} UTC; "
                "no posting was closed"
            )
            if interrupt_run(session=session, run_id=row.id, note=note, now=now):
                interrupted.append(row.id)
    return interrupted


def interrupt_run(*, session: Session, run_id: int, note: str, now: datetime | None = None) -> bool:
    """A run still "running" becomes "interrupted" (it closes nothing); True when it was."""
    result = session.execute(
        update(RUNS)
        .where(RUNS.c.id == run_id, RUNS.c.status == RunStatus.RUNNING)
        .values(status=RunStatus.INTERRUPTED, finished_at=now or utcnow(), note=note[:1000])
    )
    return result.rowcount > 0


def live_leases(*, session: Session) -> list[SourceLease]:
    now = utcnow()
    return list(
        session.scalars(
            select(SourceLease).where(SourceLease.expires_at >= now).order_by(SourceLease.name)
        ).all()
    )
