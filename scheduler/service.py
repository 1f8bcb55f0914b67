"""The scheduler service: `hitboard scheduler`, one process that starts crawls on time.

APScheduler 3 (BackgroundScheduler, UTC) keeps its jobs in the project's own database
(SQLAlchemyJobStore, table `scheduler_jobs`), so they survive restarts. The truth about
*what* should run is the `schedules` table: every few seconds the service reconciles its
jobs with it (add, reschedule, pause, resume, remove) and picks up "run now" requests, so
a change from the CLI, the dashboard or the sources file takes effect without a restart.

Each job is `crawl_job(source)`: it crawls the source in a subprocess (or on a Scrapyd
node) under the source's lease, so two triggers for one source give one run. Only one
service runs per database: it holds the "@scheduler" lease while it lives.
"""

import logging
import os
import signal
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from apscheduler.events import (
    EVENT_JOB_ERROR,
    EVENT_JOB_MAX_INSTANCES,
    EVENT_JOB_MISSED,
    JobExecutionEvent,
    JobSubmissionEvent,
)
from apscheduler.executors.pool import ThreadPoolExecutor
from apscheduler.jobstores.memory import MemoryJobStore
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED

from core.settings import get_settings
from core.vocabulary import REFUSED, AlertKind, RequestStatus, RunTrigger
from scheduler.alerts import record_alert
from scheduler.digests import send_digests
from scheduler.leased import DEFAULT_TIMEOUT
from scheduler.runners import run_crawl, stop_all_crawls
from store import schedules as plan
from store.cron import cron_trigger
from store.db import init_db, session_scope
from store.leases import (
    SCHEDULER_LEASE,
    LeaseRefused,
    acquire_lease,
    holder_name,
    reap_stale_runs,
    release_lease,
    renew_lease,
)
from store.sources import load_sources

logger = logging.getLogger(__name__)

JOBS_TABLE = "scheduler_jobs"
DEFAULT_MISFIRE_GRACE = 15 * 60  # a crawl up to 15 min late (service down, busy) still runs
REAP_EVERY = timedelta(seconds=30)
DIGEST_EVERY = 15 * 60  # seconds between digest passes
DIGEST_JOB = "digests"
# A run without a lease (a bare `scrapy crawl`) is taken as dead after this long silent.
STALE_RUN_AFTER = timedelta(minutes=10)


class _Scheduler(BackgroundScheduler):
    """APScheduler 3 runs one more round of due jobs after shutdown(), with its executors
    already gone: a crawl due while the service stops would fail to start and be moved on
    to its next time, neither run nor reported missed. Skip that round; the job stays due
    in the store and the next start runs it late or reports it missed."""

    def _process_jobs(self):
        if self.state == STATE_STOPPED:
            return None
        return super()._process_jobs()


@dataclass
class JobContext:
    """What jobs need besides their arguments; set once per service process.

    Jobs take only plain arguments (a source name), so the database password never ends
    up pickled in the job store.
    """

    db_url: str = ""
    timeout: float = DEFAULT_TIMEOUT
    log_dir: Path | None = None
    settings: dict[str, str] = field(default_factory=dict)


CONTEXT = JobContext()


def crawl_job(
    source: str, trigger: str = RunTrigger.SCHEDULE, request_id: int | None = None
) -> str:
    """Crawl one source now (the function every job runs). Returns the run's status."""
    engine = init_db(CONTEXT.db_url)
    with session_scope(engine) as session:
        row = plan.get_source(session=session, name=source)
        config = plan.source_config(row)
        enabled = row.enabled
        if request_id is not None:
            plan.update_request(
                session=session, request_id=request_id, status=RequestStatus.STARTED
            )
    if trigger == RunTrigger.SCHEDULE and not enabled:
        logger.info("skipping %s: the source is disabled", source)
        return "skipped"
    logger.info("crawling %s (%s)", source, trigger)
    outcome = run_crawl(
        config,
        db_url=CONTEXT.db_url,
        trigger=trigger,
        timeout=CONTEXT.timeout,
        log_dir=CONTEXT.log_dir,
        settings=CONTEXT.settings,
    )
    logger.info(
        "%s: run %s %s (seen %s, new %s, closed %s)%s",
        source, outcome.run_id, outcome.status, outcome.seen, outcome.new, outcome.closed,
        f": {outcome.note}" if outcome.note else "",
    )  # fmt: skip
    if request_id is not None:
        with session_scope(engine) as session:
            plan.update_request(
                session=session,
                request_id=request_id,
                status=RequestStatus.REFUSED if outcome.status == REFUSED else RequestStatus.DONE,
                message=outcome.note if outcome.status == REFUSED else outcome.status,
                run_id=outcome.run_id,
            )
    elif outcome.status == REFUSED:
        record_alert(
            engine=engine,
            kind=AlertKind.SKIPPED,
            source=source,
            message=f"{source}: scheduled crawl skipped: {outcome.note}",
        )
    return outcome.status


def digest_job() -> int:
    """Send the saved searches' digests (scheduler.digests); returns how many went out."""
    deliveries = send_digests(init_db(CONTEXT.db_url))
    sent = [d for d in deliveries if d.outcome == "sent"]
    if sent:
        logger.info("digests: %s sent (%s postings)", len(sent), sum(d.postings for d in sent))
    return len(sent)


class ServiceRefused(Exception):
    """Another scheduler service already runs against this database."""


class SchedulerService:
    def __init__(
        self,
        db_url: str,
        *,
        sources_file: Path | None = None,
        reconcile_seconds: float = 2.0,
        timeout: float = DEFAULT_TIMEOUT,
        misfire_grace: int = DEFAULT_MISFIRE_GRACE,
        max_crawls: int = 4,
        settings: dict[str, str] | None = None,
        digest_seconds: float = DIGEST_EVERY,
    ):
        self.db_url = db_url
        self.sources_file = sources_file
        self.reconcile_seconds = reconcile_seconds
        self.misfire_grace = misfire_grace
        self.max_crawls = max_crawls
        self.digest_seconds = digest_seconds
        self.stopping = threading.Event()
        self.holder = holder_name("scheduler")
        self.engine = init_db(db_url)
        self._sources_mtime: float | None = None
        self._submitted: set[int] = set()
        self._last_reap = datetime.min.replace(tzinfo=UTC)
        CONTEXT.db_url = db_url
        CONTEXT.timeout = timeout
        CONTEXT.log_dir = get_settings().log_dir
        CONTEXT.settings = dict(settings or {})
        self.scheduler = self._build_scheduler()

    # -- set-up -------------------------------------------------------------------------

    def _build_scheduler(self) -> BackgroundScheduler:
        engine = self.engine
        if engine.dialect.name == "sqlite":
            # Take SQLite's write lock when a job-store transaction begins (see store.db).
            engine = engine.execution_options(hitboard_sqlite_begin="IMMEDIATE")
        scheduler = _Scheduler(
            jobstores={
                "default": SQLAlchemyJobStore(engine=engine, tablename=JOBS_TABLE),
                # "Run now" requests live in their own table; their jobs need no persistence.
                "requests": MemoryJobStore(),
            },
            executors={"default": ThreadPoolExecutor(self.max_crawls)},
            job_defaults={
                "coalesce": True,
                "max_instances": 1,
                "misfire_grace_time": self.misfire_grace,
            },
            timezone=UTC,
        )
        scheduler.add_listener(self._job_missed, EVENT_JOB_MISSED)
        scheduler.add_listener(self._job_failed, EVENT_JOB_ERROR)
        scheduler.add_listener(self._job_still_running, EVENT_JOB_MAX_INSTANCES)
        return scheduler

    def claim(self, *, wait: bool = False) -> None:
        """Become the one scheduler of this database, or raise ServiceRefused (or wait)."""
        while True:
            try:
                with session_scope(self.engine) as session:
                    acquire_lease(session=session, name=SCHEDULER_LEASE, holder=self.holder)
                return
            except LeaseRefused as refused:
                if not wait:
                    raise ServiceRefused(
                        f"another scheduler runs against this database: {refused.reason}"
                    ) from None
                logger.info("standing by: %s", refused.reason)
                if self.stopping.wait(self.reconcile_seconds * 5):
                    raise ServiceRefused("stopped while standing by") from None

    # -- running ------------------------------------------------------------------------

    def run(self) -> None:
        """Serve until stop() (or SIGTERM/SIGINT through install_signal_handlers)."""
        try:
            self.load_sources_file()
            self.scheduler.start()
            # Digests need no persistence: the saved searches say what is due.
            self.scheduler.add_job(
                digest_job, "interval", seconds=self.digest_seconds, id=DIGEST_JOB,
                jobstore="requests", next_run_time=datetime.now(UTC),
            )  # fmt: skip
            logger.info("scheduler started (UTC); reconciling every %ss", self.reconcile_seconds)
            while not self.stopping.is_set():
                self.tick()
                self.stopping.wait(self.reconcile_seconds)
        finally:
            self.shutdown()

    def tick(self) -> None:
        """One round of upkeep: keep the lease, follow the file, reconcile, requests, reap."""
        try:
            with session_scope(self.engine) as session:
                kept = renew_lease(session=session, name=SCHEDULER_LEASE, holder=self.holder)
            if not kept:
                logger.error("lost the scheduler lease (another scheduler took over); stopping")
                self.stopping.set()
                return
            self.load_sources_file()
            self.reconcile()
            self.submit_requests()
            self.reap()
        except Exception:  # keep serving: the next tick tries again
            logger.exception("scheduler upkeep failed")

    def stop(self) -> None:
        self.stopping.set()

    def install_signal_handlers(self) -> None:
        for number in (signal.SIGTERM, signal.SIGINT):
            signal.signal(number, lambda *_: self.stop())

    def shutdown(self) -> None:
        logger.info("scheduler stopping: no new crawls; stopping running ones")
        if self.scheduler.running:
            self.scheduler.pause()
        stop_all_crawls()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=True)  # job threads record their runs' outcomes
        with session_scope(self.engine) as session:
            release_lease(session=session, name=SCHEDULER_LEASE, holder=self.holder)
        logger.info("scheduler stopped")

    # -- upkeep -------------------------------------------------------------------------

    def load_sources_file(self) -> None:
        """Import the sources file at start and whenever it changes."""
        if self.sources_file is None:
            return
        try:
            mtime = os.stat(self.sources_file).st_mtime
        except OSError as exc:
            logger.error("cannot read the sources file: %s", exc)
            return
        if mtime == self._sources_mtime:
            return
        self._sources_mtime = mtime
        sources = load_sources(self.sources_file)  # SourcesFileError names every problem
        with session_scope(self.engine) as session:
            sync = plan.sync_sources_file(session=session, sources=sources)
        logger.info(
            "sources file %s: %d sources; schedules added %s, changed %s, removed %s",
            self.sources_file, len(sources), sync.added, sync.changed, sync.removed,
        )  # fmt: skip

    def reconcile(self) -> None:
        """Make the scheduler's crawl jobs match the schedules table."""
        with session_scope(self.engine, readonly=True) as session:
            enabled = {s.name: s.enabled for s in plan.list_sources(session=session)}
            wanted = {
                plan.job_id(row.source): row
                for row in plan.list_schedules(session=session)
                if row.source in enabled
            }
        for job in self.scheduler.get_jobs(jobstore="default"):
            if job.id.startswith(plan.JOB_PREFIX) and job.id not in wanted:
                self.scheduler.remove_job(job.id, jobstore="default")
                logger.info("removed job %s", job.id)
        for job_id, row in wanted.items():
            self._reconcile_job(job_id, row, paused=row.paused or not enabled[row.source])

    def _reconcile_job(self, job_id: str, row, *, paused: bool) -> None:
        trigger = cron_trigger(row.cron)
        job = self.scheduler.get_job(job_id, jobstore="default")
        if job is None:
            self.scheduler.add_job(
                crawl_job,
                trigger=trigger,
                args=[row.source],
                id=job_id,
                name=f"crawl {row.source}",
                jobstore="default",
                replace_existing=True,
                coalesce=True,
                max_instances=1,
                misfire_grace_time=self.misfire_grace,
                **({"next_run_time": None} if paused else {}),
            )
            logger.info("added job %s (%s)%s", job_id, row.cron, " paused" if paused else "")
            return
        if str(job.trigger) != str(trigger):
            job = self.scheduler.reschedule_job(job_id, jobstore="default", trigger=trigger)
            logger.info("rescheduled job %s (%s)", job_id, row.cron)
        if paused and job.next_run_time is not None:
            self.scheduler.pause_job(job_id, jobstore="default")
            logger.info("paused job %s", job_id)
        elif not paused and job.next_run_time is None:
            self.scheduler.resume_job(job_id, jobstore="default")
            logger.info("resumed job %s", job_id)

    def submit_requests(self) -> None:
        """Start a job for each new "run now" request."""
        with session_scope(self.engine, readonly=True) as session:
            requests = plan.pending_requests(session=session)
        for request in requests:
            if request.id in self._submitted:
                continue
            self._submitted.add(request.id)
            self.scheduler.add_job(
                crawl_job,
                trigger="date",
                run_date=datetime.now(UTC),
                args=[request.source, RunTrigger.OPERATOR, request.id],
                id=f"run:{request.source}:{request.id}",
                name=f"run {request.source} now",
                jobstore="requests",
                misfire_grace_time=self.misfire_grace,
            )
            logger.info("run requested for %s (request %s)", request.source, request.id)

    def reap(self) -> None:
        now = datetime.now(UTC)
        if now - self._last_reap < REAP_EVERY:
            return
        self._last_reap = now
        with session_scope(self.engine) as session:
            interrupted = reap_stale_runs(session=session, stale_after=STALE_RUN_AFTER)
        if interrupted:
            logger.warning("marked runs %s interrupted (their crawls were gone)", interrupted)

    # -- listeners ------------------------------------------------------------------------

    def _job_missed(self, event: JobExecutionEvent) -> None:
        source = _source_of(event.job_id)
        record_alert(
            engine=self.engine,
            kind=AlertKind.MISSED,
            source=source,
            message=(
                f"job {event.job_id} missed its run at "
                f"{event.scheduled_run_time:%Y-%m-%d %H:%M:%S} UTC (more than "
                f"{self.misfire_grace} s late)"
            ),
        )

    def _job_failed(self, event: JobExecutionEvent) -> None:
        source = _source_of(event.job_id)
        record_alert(
            engine=self.engine,
            kind=AlertKind.JOB_ERROR,
            source=source,
            message=f"job {event.job_id} crashed: {type(event.exception).__name__}: "
            f"{event.exception}",
        )
        if event.job_id.startswith("run:"):
            request_id = int(event.job_id.rsplit(":", 1)[1])
            with session_scope(self.engine) as session:
                plan.update_request(
                    session=session,
                    request_id=request_id,
                    status=RequestStatus.REFUSED,
                    message=f"{type(event.exception).__name__}: {event.exception}",
                )

    def _job_still_running(self, event: JobSubmissionEvent) -> None:
        logger.warning("job %s is still running; this firing is skipped", event.job_id)


def _source_of(job_id: str) -> str | None:
    parts = job_id.split(":")
    return parts[1] if len(parts) > 1 else None


def serve(
    db_url: str,
    *,
    standby: bool = False,
    **options,
) -> None:
    """Run the scheduler service in this process until SIGTERM or SIGINT."""
    service = SchedulerService(db_url, **options)
    service.install_signal_handlers()
    service.claim(wait=standby)
    service.run()
