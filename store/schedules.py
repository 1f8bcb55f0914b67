"""Sources, schedules and "run now" requests as rows of the store.

The CLI, the Operations page and the sources file all change schedules here; the
scheduler service reconciles its jobs with these rows within seconds, whoever changed
them. Nothing here imports Scrapy or APScheduler's scheduler, so the dashboard can use it.
"""

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, desc
from sqlmodel import Session, select

from core.vocabulary import RequestStatus, ScheduleOrigin
from store.cron import CronError, cron_trigger
from store.leases import SCHEDULER_LEASE
from store.models import (
    RunRequest,
    Schedule,
    SchedulerJob,
    ScrapeRun,
    Source,
    SourceLease,
    utcnow,
)
from store.sources import SourceConfig, save_sources

JOB_PREFIX = "crawl:"  # the scheduler service's job of a source is "crawl:<source>"


class ScheduleError(ValueError):
    """An operator's request that cannot be done; the message says why."""


def job_id(source: str) -> str:
    return f"{JOB_PREFIX}{source}"


# -- sources ------------------------------------------------------------------------------


def get_source(*, session: Session, name: str) -> Source:
    source = session.exec(select(Source).where(Source.name == name)).first()
    if source is None:
        known = ", ".join(list_source_names(session=session)) or "none yet"
        raise ScheduleError(
            f"no source named {name!r} in the database (known: {known}); "
            "load it with --sources FILE or `hitboard crawl --sources FILE`"
        )
    return source


def list_source_names(*, session: Session) -> list[str]:
    return list(session.exec(select(Source.name).order_by(Source.name)).all())


def list_sources(*, session: Session) -> list[Source]:
    return list(session.exec(select(Source).order_by(Source.name)).all())


def source_config(source: Source) -> SourceConfig:
    return SourceConfig.model_validate(source.config)


def set_source_enabled(*, session: Session, name: str, enabled: bool) -> Source:
    """Switch a source on or off: a disabled source's schedule does not fire."""
    source = get_source(session=session, name=name)
    source.enabled = enabled
    source.config = {**source.config, "enabled": enabled}
    source.updated_at = utcnow()
    session.add(source)
    return source


# -- schedules ----------------------------------------------------------------------------


def list_schedules(*, session: Session) -> list[Schedule]:
    return list(session.exec(select(Schedule).order_by(Schedule.source)).all())


def add_schedule(
    *,
    session: Session,
    source: str,
    cron: str,
    paused: bool = False,
    origin: str = ScheduleOrigin.OPERATOR,
) -> Schedule:
    """Create or replace the schedule of a known source."""
    try:
        cron_trigger(cron)
    except CronError as exc:
        raise ScheduleError(str(exc)) from None
    get_source(session=session, name=source)
    row = session.exec(select(Schedule).where(Schedule.source == source)).first()
    row = row or Schedule(source=source, cron=cron)
    row.cron = " ".join(cron.split())
    row.paused = paused
    row.origin = origin
    row.updated_at = utcnow()
    session.add(row)
    session.flush()
    return row


def schedule_state(row: Schedule, *, source_enabled: bool) -> str:
    """Active or paused, noting a disabled source (its schedule does not fire)."""
    state = "paused" if row.paused else "active"
    return state if source_enabled else f"{state} (source disabled)"


def get_schedule(*, session: Session, source: str) -> Schedule:
    row = session.exec(select(Schedule).where(Schedule.source == source)).first()
    if row is None:
        raise ScheduleError(f"source {source!r} has no schedule (add one with `schedule add`)")
    return row


def set_paused(*, session: Session, source: str, paused: bool) -> Schedule:
    row = get_schedule(session=session, source=source)
    row.paused = paused
    row.updated_at = utcnow()
    session.add(row)
    return row


def remove_schedule(*, session: Session, source: str) -> None:
    get_schedule(session=session, source=source)
    session.execute(delete(Schedule).where(Schedule.source == source))


@dataclass(frozen=True)
class FileSync:
    added: list[str]
    changed: list[str]
    removed: list[str]


def sync_sources_file(*, session: Session, sources: list[SourceConfig]) -> FileSync:
    """Bring the sources and their file schedules into the store.

    A schedule an operator set (origin "operator") wins over the file; a file schedule
    keeps its paused state when its cron changes; one dropped from the file goes.
    """
    save_sources(session=session, sources=sources)
    session.flush()
    rows = {row.source: row for row in list_schedules(session=session)}
    in_file = {config.name: config.schedule for config in sources if config.schedule}
    added, changed, removed = [], [], []
    for name, cron in in_file.items():
        row = rows.get(name)
        if row is None:
            session.add(
                Schedule(source=name, cron=cron, origin=ScheduleOrigin.FILE, updated_at=utcnow())
            )
            added.append(name)
        elif row.origin == ScheduleOrigin.FILE and row.cron != cron:
            row.cron = cron
            row.updated_at = utcnow()
            session.add(row)
            changed.append(name)
    for name, row in rows.items():
        if row.origin == ScheduleOrigin.FILE and name not in in_file:
            session.delete(row)
            removed.append(name)
    session.flush()
    return FileSync(added=added, changed=changed, removed=removed)


def next_run_times(*, session: Session) -> dict[str, datetime | None]:
    """When each scheduled source runs next, as the scheduler service last stored it."""
    rows = session.exec(select(SchedulerJob.id, SchedulerJob.next_run_time)).all()
    return {
        job.removeprefix(JOB_PREFIX): (
            datetime.fromtimestamp(stamp, UTC) if stamp is not None else None
        )
        for job, stamp in rows
        if job.startswith(JOB_PREFIX)
    }


# -- "run now" ----------------------------------------------------------------------------


def request_run(*, session: Session, source: str, requested_by: str) -> RunRequest:
    """Ask the scheduler service to crawl a source now."""
    get_source(session=session, name=source)
    request = RunRequest(source=source, requested_by=requested_by, requested_at=utcnow())
    session.add(request)
    session.flush()
    return request


def pending_requests(*, session: Session) -> list[RunRequest]:
    return list(
        session.exec(
            select(RunRequest)
            .where(RunRequest.status == RequestStatus.PENDING)
            .order_by(RunRequest.id)
        ).all()
    )


def recent_requests(*, session: Session, limit: int = 20) -> list[RunRequest]:
    return list(session.exec(select(RunRequest).order_by(desc(RunRequest.id)).limit(limit)).all())


def request_and_run(*, session: Session, request_id: int) -> tuple[RunRequest, ScrapeRun | None]:
    """A "run now" request and the run it started, once it has one."""
    request = session.get(RunRequest, request_id)
    if request is None:
        raise ScheduleError(f"no run request with id {request_id}")
    run = session.get(ScrapeRun, request.run_id) if request.run_id else None
    return request, run


def update_request(
    *,
    session: Session,
    request_id: int,
    status: str,
    message: str | None = None,
    run_id: int | None = None,
) -> None:
    request = session.get(RunRequest, request_id)
    if request is None:
        return
    request.status = status
    request.handled_at = utcnow()
    request.message = (message or request.message or "")[:1000] or None
    request.run_id = run_id if run_id is not None else request.run_id
    session.add(request)


# -- the service ----------------------------------------------------------------------------


def scheduler_service(*, session: Session) -> SourceLease | None:
    """The running scheduler service's lease, or None when no scheduler is alive."""
    lease = session.get(SourceLease, SCHEDULER_LEASE)
    if lease is None or lease.expires_at < utcnow():
        return None
    return lease
