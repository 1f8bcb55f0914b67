"""Run one source's crawl in its own process and make sure its run is recorded.

The spider process records the run itself (StorePipeline) and keeps it alive
(spiders.extensions.RunHeartbeat). This side takes the source's lease first, so a
scheduled crawl, a manual `hitboard crawl` and a "run now" never overlap; it creates the
run, so a crawl that dies before or during start-up still leaves a run with the reason;
and it marks a killed crawl interrupted and a timed-out one failed.
"""

import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine

from scheduler.health import check_run
from store.db import init_db, session_scope
from store.leases import (
    LeaseRefused,
    acquire_lease,
    attach_run,
    heartbeat_interval,
    holder_name,
    interrupt_run,
    lease_ttl,
    release_lease,
    renew_lease,
)
from store.models import ScrapeRun
from store.runs import fail_run, start_run
from store.sources import SourceConfig

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 2 * 60 * 60  # seconds; a crawl that runs longer is stopped

# Crawl processes this process started, so a stopping scheduler can stop them too.
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()
# Set when this process is shutting down: crawls waiting on Scrapyd nodes cancel their jobs.
STOPPING = threading.Event()


@dataclass(frozen=True)
class CrawlOutcome:
    source: str
    run_id: int | None  # None when the crawl was refused and no run was recorded
    status: str  # succeeded | failed | interrupted | refused
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    error_count: int = 0
    note: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "succeeded"


def crawl_command(source: SourceConfig, run_id: int) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", source.kind,
        "-a", f"source={source.model_dump_json()}",
        "-a", f"run_id={run_id}",
    ]  # fmt: skip


def crawl_env(db_url: str, extra: dict[str, str] | None = None) -> dict[str, str]:
    # The settings module by name, so the crawl works from any working directory.
    return {
        **os.environ,
        "SCRAPY_SETTINGS_MODULE": "spiders.settings",
        "HITBOARD_DATABASE_URL": db_url,
        **(extra or {}),
    }


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

    Local and Scrapyd crawls both go through here. Refused (status "refused", no run)
    while another crawl holds the source's lease.
    """
    engine = init_db(db_url)
    try:
        leased = _begin_leased_run(engine, source, trigger=trigger)
    except LeaseRefused as refused:
        logger.warning("not crawling %s: %s", source.name, refused.reason)
        return CrawlOutcome(source=source.name, run_id=None, status="refused", note=refused.reason)
    try:
        with _LeaseKeeper(engine, leased):
            missing = source.missing_env(dict(os.environ))
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


def run_local_crawl(
    source: SourceConfig,
    *,
    db_url: str,
    trigger: str = "manual",
    timeout: float = DEFAULT_TIMEOUT,
    log_dir: Path | None = None,
    settings: dict[str, str] | None = None,
) -> CrawlOutcome:
    """Crawl one source in a subprocess; return the outcome its run recorded.

    Refused (status "refused", no run) while another crawl holds the source's lease.
    """

    def crawl(engine: Engine, run_id: int) -> CrawlOutcome:
        return _crawl_process(
            engine, source, run_id, db_url=db_url, timeout=timeout, log_dir=log_dir,
            settings=settings,
        )  # fmt: skip

    return crawl_under_lease(source, db_url=db_url, trigger=trigger, crawl=crawl)


def _crawl_process(
    engine: Engine,
    source: SourceConfig,
    run_id: int,
    *,
    db_url: str,
    timeout: float,
    log_dir: Path | None,
    settings: dict[str, str] | None,
) -> CrawlOutcome:
    command = crawl_command(source, run_id)
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    log_path = log_dir / f"run-{run_id}-{source.name}.log" if log_dir else None
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_path or os.devnull, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, env=crawl_env(db_url), stdout=log, stderr=subprocess.STDOUT
        )
        with _children_lock:
            _children.add(process)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return record_failure(
                engine, run_id, f"crawl timed out after {timeout:.0f} s and was stopped"
            )
        finally:
            with _children_lock:
                _children.discard(process)
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else -code
        note = f"interrupted: the crawl process was killed ({name}); no posting was closed"
        with session_scope(engine) as session:
            interrupt_run(session=session, run_id=run_id, note=note)
        return recorded_outcome(engine, run_id)
    reason = f"crawl process exited with code {code}"
    if log_path:
        reason += f"; log: {log_path}" + _last_error_line(log_path)
    return recorded_outcome(engine, run_id, if_unfinished=reason)


def stop_all_crawls(grace: float = 30.0) -> None:
    """Ask every crawl this process started to stop (SIGTERM), killing laggards after `grace`.

    Scrapy finishes a crawl stopped this way as failed ("crawl ended early: shutdown");
    crawls dispatched to Scrapyd cancel their jobs.
    """
    STOPPING.set()
    with _children_lock:
        children = list(_children)
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def run_crawl(
    source: SourceConfig,
    *,
    db_url: str,
    trigger: str = "manual",
    timeout: float = DEFAULT_TIMEOUT,
    log_dir: Path | None = None,
    settings: dict[str, str] | None = None,
) -> CrawlOutcome:
    """Crawl through Scrapyd when HITBOARD_SCRAPYD_URL names nodes, else locally."""
    from scheduler.scrapyd import run_scrapyd_crawl, scrapyd_nodes

    nodes = scrapyd_nodes()
    if nodes:
        return run_scrapyd_crawl(
            source, db_url=db_url, nodes=nodes, trigger=trigger, timeout=timeout,
            settings=settings,
        )  # fmt: skip
    return run_local_crawl(
        source, db_url=db_url, trigger=trigger, timeout=timeout, log_dir=log_dir,
        settings=settings,
    )  # fmt: skip


def _check_health(engine: Engine, outcome: CrawlOutcome) -> None:
    if outcome.run_id is None:
        return
    try:
        check_run(engine=engine, run_id=outcome.run_id)
    except Exception:  # alerts must never turn a finished crawl into an error
        logger.exception("checking the health of run %s failed", outcome.run_id)


def _last_error_line(log_path: Path) -> str:
    lines = [line for line in log_path.read_text(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "ERROR" in line]
    last = (errors or lines or [""])[-1].strip()
    return f"; {last[:300]}" if last else ""


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
        if run.status == "running" and if_unfinished:
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
