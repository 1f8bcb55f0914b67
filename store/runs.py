"""Scrape runs: their records, and the posting lifecycle a finished run applies.

A posting missing from a finished, healthy run is closed. A run that failed, or saw far
fewer postings than its source usually has, closes nothing and says why in its note: a
broken page or a throttled API must not close a board's worth of open jobs.
"""

import os
import socket
from datetime import datetime
from statistics import median
from typing import Any

from sqlalchemy import desc, update
from sqlmodel import Session, select

from core.vocabulary import RunStatus, RunTrigger
from store.models import ScrapeRun, utcnow
from store.postings import close_missing, count_open

RUNS = ScrapeRun.__table__  # type: ignore[attr-defined]

# A run that saw fewer than this share of its source's usual count closes nothing.
HEALTHY_SHARE = 0.5
# "Usual" is the median `seen` of this many recent succeeded runs of the source.
HISTORY_RUNS = 5
MAX_ERRORS_KEPT = 200
COUNT_FIELDS = ("seen", "new", "updated", "unchanged", "dropped")


def start_run(
    *,
    session: Session,
    source: str,
    kind: str,
    trigger: str = RunTrigger.MANUAL,
    host: str | None = None,
    pid: int | None = None,
) -> int:
    """Record a run that starts now; returns its id (the caller's session commits)."""
    now = utcnow()
    run = ScrapeRun(
        source=source,
        kind=kind,
        trigger=trigger,
        status=RunStatus.RUNNING,
        started_at=now,
        heartbeat_at=now,
        host=host if host is not None else socket.gethostname(),
        pid=pid if pid is not None else os.getpid(),
    )
    session.add(run)
    session.flush()
    assert run.id is not None
    return run.id


def heartbeat(
    *, session: Session, run_id: int, seen: int | None = None, dropped: int | None = None
) -> bool:
    """Say the run is still alive, with its live counts; False once it is no longer running.

    Only a running run takes this: a late heartbeat never overwrites a finished one.
    """
    progress = {"heartbeat_at": utcnow()}
    if seen is not None:
        progress["seen"] = seen
    if dropped is not None:
        progress["dropped"] = dropped
    result = session.execute(
        update(RUNS)
        .where(RUNS.c.id == run_id, RUNS.c.status == RunStatus.RUNNING)
        .values(**progress)
    )
    return result.rowcount > 0


def set_run_host(*, session: Session, run_id: int, host: str) -> None:
    """Say where the run's crawl runs (a Scrapyd node and job, say)."""
    run = _get_run(session, run_id)
    run.host = host[:200]
    session.add(run)


def complete_run(
    *,
    session: Session,
    run_id: int,
    failed: bool,
    counts: dict[str, int],
    errors: list[dict[str, Any]],
    stats: dict[str, Any],
    incomplete: str | None = None,
    kept_open: int = 0,
) -> ScrapeRun:
    """Finish a run: store its counts, errors and stats, then apply the posting lifecycle.

    `incomplete` says why a run that did not fail still did not read its whole source
    (a page cap, an unreadable posting): it closes nothing and says why. `kept_open` counts
    the postings (or pages) the run saw but could not read: theirs stay open, and the note
    says how many.

    `counts` may hold seen, new, updated, unchanged, dropped and errors (the error total
    when `errors` is a capped sample).
    """
    run = _get_run(session, run_id)
    if run.status not in (RunStatus.RUNNING, RunStatus.INTERRUPTED):
        raise ValueError(f"run {run_id} is already {run.status}")
    now = utcnow()
    for name in COUNT_FIELDS:
        setattr(run, name, int(counts.get(name) or 0))
    run.errors = [_json_safe(error) for error in errors[:MAX_ERRORS_KEPT]]
    run.error_count = max(int(counts.get("errors") or 0), len(errors))
    run.stats = _json_safe(stats)
    run.status = RunStatus.FAILED if failed else RunStatus.SUCCEEDED
    run.finished_at = now
    run.heartbeat_at = now

    reason = _reason_to_keep_open(session, run, failed=failed, incomplete=incomplete)
    unreadable = f"{kept_open} seen but unreadable kept open" if kept_open else None
    if reason is None:
        run.closed = close_missing(
            session=session,
            source=run.source,
            seen_before=run.started_at,
            closed_at=now,
            keep_run_id=run.id,
        )
        run.note = unreadable
    else:
        run.closed = 0
        run.note = "; ".join(filter(None, [reason, unreadable]))[:1000]
    session.add(run)
    session.flush()
    return run


def fail_run(*, session: Session, run_id: int, reason: str) -> None:
    """Fail a run that never finished itself (it could not start, was killed, timed out).

    It closes nothing: what the crawl saw before it stopped is kept, nothing more.
    """
    run = _get_run(session, run_id)
    if run.status not in (RunStatus.RUNNING, RunStatus.INTERRUPTED):
        return
    now = utcnow()
    run.status = RunStatus.FAILED
    run.finished_at = now
    run.errors = [*run.errors, {"url": "", "reason": reason, "fatal": True}][:MAX_ERRORS_KEPT]
    run.error_count += 1
    run.note = f"{reason}: no posting was closed"[:1000]
    session.add(run)
    session.flush()


def _reason_to_keep_open(
    session: Session, run: ScrapeRun, *, failed: bool, incomplete: str | None = None
) -> str | None:
    """Why this run must close nothing, or None when it is healthy."""
    if failed:
        return f"run failed{_first_error(run.errors)}: no posting was closed"
    if incomplete:
        return f"{incomplete}: no posting was closed"
    usual = usual_seen(session=session, source=run.source, before_run_id=run.id)
    if usual is not None and run.seen < HEALTHY_SHARE * usual:
        return (
            f"saw {run.seen} postings, under {HEALTHY_SHARE:.0%} of the usual {usual:g} "
            f"(median of the last {HISTORY_RUNS} succeeded runs): no posting was closed"
        )
    if run.seen == 0 and count_open(session=session, source=run.source) > 0:
        return "saw no postings while some are open: no posting was closed"
    return None


def _first_error(errors: list[dict[str, Any]]) -> str:
    """` (first error: URL: reason)`, the first fatal one if any, for a failed run's note."""
    first = next((e for e in errors if e.get("fatal")), errors[0] if errors else None)
    if first is None:
        return ""
    where = f"{first['url']}: " if first.get("url") else ""
    return f" (first error: {where}{first.get('reason')})"


def usual_seen(*, session: Session, source: str, before_run_id: int | None = None) -> float | None:
    """The median `seen` of the source's last succeeded runs, or None without history."""
    query = select(ScrapeRun.seen).where(
        ScrapeRun.source == source, ScrapeRun.status == RunStatus.SUCCEEDED
    )
    if before_run_id is not None:
        query = query.where(ScrapeRun.id != before_run_id)
    query = query.order_by(desc(ScrapeRun.started_at), desc(ScrapeRun.id)).limit(HISTORY_RUNS)
    history = session.exec(query).all()
    return float(median(history)) if history else None


def recent_runs(*, session: Session, source: str | None = None, limit: int = 50) -> list[ScrapeRun]:
    """The newest runs first, of one source or of all."""
    query = select(ScrapeRun)
    if source is not None:
        query = query.where(ScrapeRun.source == source)
    query = query.order_by(desc(ScrapeRun.started_at), desc(ScrapeRun.id)).limit(limit)
    return list(session.exec(query).all())


def _get_run(session: Session, run_id: int) -> ScrapeRun:
    run = session.get(ScrapeRun, run_id)
    if run is None:
        raise LookupError(f"no scrape run with id {run_id}")
    return run


def _json_safe(value: Any) -> Any:
    """Scrapy stats hold datetimes and other objects; JSON columns take plain values."""
    if isinstance(value, dict):
        return {str(key): _json_safe(item) for key, item in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_json_safe(item) for item in value]
    if isinstance(value, datetime):
        return value.isoformat()
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
