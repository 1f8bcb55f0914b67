"""A crawl under its source's lease: the lease, the run record and the outcome.

Local crawls (scheduler.runners) and Scrapyd crawls (scheduler.scrapyd) both go through
`crawl_under_lease`: it takes the source's lease first, so a scheduled crawl, a manual
`hitboard crawl` and a "run now" never overlap; it creates the run, so a crawl that dies
before or during start-up still leaves a run with the reason; it keeps the lease alive
while the crawl runs elsewhere, gives it back, and judges the run's health.
"""

import logging
import socket
import threading
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Engine

from core.settings import get_settings
from core.vocabulary import REFUSED, RunStatus
from scheduler.alerts import check_run
from store.db import init_db, session_scope
from store.leases import (
    LeaseRefused,
    acquire_lease,
    attach_run,
    heartbeat_interval,
    holder_name,
    lease_ttl,
    release_lease,
    renew_lease,
)
from store.models import ScrapeRun
from store.runs import fail_run, start_run
from store.sources import SourceConfig

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 2 * 60 * 60  # seconds; a crawl that runs longer is stopped
# Set when this process is shutting down: crawls waiting on Scrapyd nodes cancel their jobs.
STOPPING = threading.Event()


@dataclass(frozen=True)
class CrawlOutcome:
    source: str
    run_id: int | None  # None when the crawl was refused and no run was recorded
    status: str  # a RunStatus, or REFUSED when no run was recorded
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    error_count: int = 0
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == RunStatus.SUCCEEDED


@dataclass(frozen=True)
class LeasedRun:
    """A run that holds its source's lease."""

    source: str
    run_id: int
    holder: str


def crawl_under_lease(
    source: SourceConfig,
    *,
    db_url: str,
    trigger: str,
    crawl: Callable[[Engine, int], CrawlOutcome],
) -> CrawlOutcome:
    """Take the source's lease, record a run and `crawl(engine, run_id)` while the lease is
    kept alive; then give the lease back and judge the run's health.

    Local and Scrapyd crawls both go through here. Refused (status REFUSED, no run) while
    another crawl holds the source's lease.
    """
    engine = init_db(db_url)
    try:
        leased = _begin_leased_run(engine, source, trigger=trigger)
    except LeaseRefused as refused:
        logger.warning("not crawling %s: %s", source.name, refused.reason)
        return CrawlOutcome(source=source.name, run_id=None, status=REFUSED, note=refused.reason)
    try:
        with _LeaseKeeper(engine, leased):
            missing = source.missing_env(get_settings())
            if missing:
                # Checked here, before a process or a node is asked to start in vain.
                reason = f"missing environment variable(s): {', '.join(missing)}"
                outcome = record_failure(engine, leased.run_id, reason)
            else:
                outcome = crawl(engine, leased.run_id)
    finally:
        with session_scope(engine) as session:
            release_lease(session=session, name=leased.source, holder=leased.holder)
    _check_health(engine, outcome)
    return outcome


def _begin_leased_run(engine: Engine, source: SourceConfig, *, trigger: str) -> LeasedRun:
    """Take the source's lease and record a run under it, in one transaction.

    Raises LeaseRefused (nothing recorded) when another crawl of the source is going on.
    """
    holder = holder_name(f"{trigger} crawl of {source.name}")
    with session_scope(engine) as session:
        acquire_lease(session=session, name=source.name, holder=holder)
        run_id = start_run(
            session=session,
            source=source.name,
            kind=source.kind,
            trigger=trigger,
            host=socket.gethostname(),
        )
        attach_run(session=session, name=source.name, holder=holder, run_id=run_id)
    return LeasedRun(source=source.name, run_id=run_id, holder=holder)


class _LeaseKeeper:
    """Renews a held lease from a background thread while the crawl runs elsewhere."""

    def __init__(self, engine: Engine, leased: LeasedRun):
        self._engine = engine
        self._leased = leased
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._renew_until_done, daemon=True)

    def _renew_until_done(self) -> None:
        while not self._done.wait(heartbeat_interval(lease_ttl())):
            self._renew()

    def _renew(self) -> None:
        leased = self._leased
        try:
            with session_scope(self._engine) as session:
                if not renew_lease(session=session, name=leased.source, holder=leased.holder):
                    logger.warning("run %s: the lease on %r was lost", leased.run_id, leased.source)
        except Exception:  # the database hiccuped; the next heartbeat tries again
            logger.exception("run %s: renewing the lease failed", leased.run_id)

    def __enter__(self) -> "_LeaseKeeper":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()


def _check_health(engine: Engine, outcome: CrawlOutcome) -> None:
    if outcome.run_id is None:
        return
    try:
        check_run(engine=engine, run_id=outcome.run_id)
    except Exception:  # alerts must never turn a finished crawl into an error
        logger.exception("checking the health of run %s failed", outcome.run_id)


def record_failure(engine: Engine, run_id: int, reason: str) -> CrawlOutcome:
    """Fail a run that is still running with `reason`; the outcome as recorded."""
    with session_scope(engine) as session:
        fail_run(session=session, run_id=run_id, reason=reason)
    return recorded_outcome(engine, run_id)


def recorded_outcome(
    engine: Engine, run_id: int, *, if_unfinished: str | None = None
) -> CrawlOutcome:
    """The run as recorded; a run the crawl never finished is failed with `if_unfinished`."""
    with session_scope(engine) as session:
        run = session.get(ScrapeRun, run_id)
        if run.status == RunStatus.RUNNING and if_unfinished:
            fail_run(session=session, run_id=run_id, reason=if_unfinished)
            session.refresh(run)
        return outcome_of(run)


def outcome_of(run: ScrapeRun) -> CrawlOutcome:
    return CrawlOutcome(
        source=run.source,
        run_id=run.id,
        status=run.status,
        seen=run.seen,
        new=run.new,
        updated=run.updated,
        unchanged=run.unchanged,
        closed=run.closed,
        error_count=run.error_count,
        note=run.note or (run.errors[0]["reason"] if run.errors else None),
    )
