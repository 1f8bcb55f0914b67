"""Source health: how each source's runs have gone, and the alerts they raised.

A finished run is judged against its source's history: it returned nothing, far fewer
postings than usual (under the share of the usual count that also keeps a run from closing
postings), or far more errors than usual, or it failed. The scheduler stores, logs and
sends what it finds (scheduler.alerts); the Operations page reads the rest from here.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import median

from sqlalchemy import desc, func
from sqlmodel import Session, select

from core.vocabulary import AlertKind, RunStatus
from store.models import Alert, ScrapeRun, SourceLease, utcnow
from store.runs import HEALTHY_SHARE, HISTORY_RUNS, usual_seen

ERROR_FLOOR = 5  # fewer errors than this never alert
ERROR_FACTOR = 3  # "many more errors": over three times the usual count


def judge_run(*, session: Session, run: ScrapeRun) -> list[tuple[str, str]]:
    """(kind, message) for each way this run looks wrong; empty when it looks healthy."""
    source = run.source
    if run.status == RunStatus.FAILED:
        first = run.errors[0]["reason"] if run.errors else (run.note or "no reason recorded")
        return [(AlertKind.FAILED, f"{source}: run {run.id} failed: {first}")]
    if run.status == RunStatus.INTERRUPTED:
        return [
            (AlertKind.FAILED, f"{source}: run {run.id} was interrupted: {run.note or ''}".strip())
        ]
    findings = []
    usual = usual_seen(session=session, source=source, before_run_id=run.id)
    if run.seen == 0:
        findings.append((AlertKind.EMPTY, f"{source}: run {run.id} returned no postings"))
    elif usual is not None and run.seen < HEALTHY_SHARE * usual:
        findings.append(
            (
                AlertKind.LOW_YIELD,
                f"{source}: run {run.id} saw {run.seen} postings, far fewer than the usual "
                f"{usual:g}",
            )
        )
    usual_errors = _usual_errors(session, source, before_run_id=run.id)
    if run.error_count >= max(ERROR_FLOOR, ERROR_FACTOR * usual_errors + 1):
        findings.append(
            (
                AlertKind.ERRORS,
                f"{source}: run {run.id} had {run.error_count} errors (usually {usual_errors:g})",
            )
        )
    return findings


def _usual_errors(session: Session, source: str, *, before_run_id: int) -> float:
    counts = session.exec(
        select(ScrapeRun.error_count)
        .where(
            ScrapeRun.source == source,
            ScrapeRun.id != before_run_id,
            ScrapeRun.status.in_((RunStatus.SUCCEEDED, RunStatus.FAILED)),
        )
        .order_by(desc(ScrapeRun.started_at), desc(ScrapeRun.id))
        .limit(HISTORY_RUNS)
    ).all()
    return float(median(counts)) if counts else 0.0


def add_alert(
    *, session: Session, source: str | None, kind: str, message: str, run_id: int | None = None
) -> Alert:
    """Store one alert (the caller's session commits)."""
    alert = Alert(
        source=source, kind=kind, message=message[:2000], run_id=run_id, created_at=utcnow()
    )
    session.add(alert)
    session.flush()
    return alert


def set_webhook_status(*, session: Session, alert_id: int, status: str) -> None:
    """Keep what the alert webhook answered ("HTTP 200", "error: ...")."""
    alert = session.get(Alert, alert_id)
    if alert is not None:
        alert.webhook_status = status[:200]
        session.add(alert)


def recent_alerts(
    *, session: Session, limit: int = 50, unacknowledged: bool = False
) -> list[Alert]:
    query = select(Alert)
    if unacknowledged:
        query = query.where(Alert.acknowledged_at.is_(None))
    return list(session.exec(query.order_by(desc(Alert.created_at), desc(Alert.id)).limit(limit)))


def acknowledge_alerts(*, session: Session, ids: list[int]) -> None:
    for alert in session.exec(select(Alert).where(Alert.id.in_(ids))).all():
        alert.acknowledged_at = utcnow()
        session.add(alert)


# -- the Operations page's view ---------------------------------------------------------


@dataclass(frozen=True)
class SourceHealth:
    source: str
    last_status: str | None
    last_run_at: datetime | None
    last_success_at: datetime | None
    last_seen: int | None
    usual_seen: float | None
    failures_in_a_row: int
    open_alerts: int
    running_run_id: int | None

    @property
    def state(self) -> str:
        """One word for a table: running, ok, failing, quiet, never run."""
        if self.running_run_id is not None:
            return "running"
        if self.last_status is None:
            return "never run"
        if self.failures_in_a_row:
            return "failing"
        if self.open_alerts:
            return "attention"
        return "ok"


def source_health(*, session: Session, sources: list[str]) -> list[SourceHealth]:
    """Health of each named source, from its recent runs, alerts and lease."""
    now = utcnow()
    running = {
        lease.name: lease.run_id
        for lease in session.exec(select(SourceLease).where(SourceLease.expires_at >= now))
    }
    alert_counts = dict(
        session.exec(
            select(Alert.source, func.count())
            .where(Alert.acknowledged_at.is_(None))
            .group_by(Alert.source)
        ).all()
    )
    health = []
    for name in sources:
        runs = session.exec(
            select(ScrapeRun)
            .where(ScrapeRun.source == name, ScrapeRun.status != RunStatus.RUNNING)
            .order_by(desc(ScrapeRun.started_at), desc(ScrapeRun.id))
            .limit(20)
        ).all()
        last = runs[0] if runs else None
        success = session.exec(
            select(func.max(ScrapeRun.finished_at)).where(
                ScrapeRun.source == name, ScrapeRun.status == RunStatus.SUCCEEDED
            )
        ).one()
        failures = 0
        for run in runs:
            if run.status == RunStatus.SUCCEEDED:
                break
            failures += 1
        health.append(
            SourceHealth(
                source=name,
                last_status=last.status if last else None,
                last_run_at=last.started_at if last else None,
                last_success_at=_aware(success),
                last_seen=last.seen if last else None,
                usual_seen=usual_seen(session=session, source=name),
                failures_in_a_row=failures,
                open_alerts=int(alert_counts.get(name, 0)),
                running_run_id=running.get(name),
            )
        )
    return health


def _aware(value: datetime | None) -> datetime | None:
    # Aggregates bypass the column type, so SQLite hands back a naive string or datetime.
    if value is None:
        return None
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def yield_history(*, session: Session, days: int = 30) -> list[dict]:
    """Finished runs of the last `days`, oldest first: the data of the yield charts."""
    since = utcnow() - timedelta(days=days)
    runs = session.exec(
        select(ScrapeRun)
        .where(ScrapeRun.started_at >= since, ScrapeRun.status != RunStatus.RUNNING)
        .order_by(ScrapeRun.started_at)
    ).all()
    return [
        {
            "source": run.source,
            "started_at": run.started_at,
            "status": run.status,
            "seen": run.seen,
            "new": run.new,
            "updated": run.updated,
            "closed": run.closed,
            "errors": run.error_count,
            "duration_s": run_seconds(run),
        }
        for run in runs
    ]


def run_seconds(run: ScrapeRun) -> float | None:
    """How long a finished run took; None while it runs."""
    if run.finished_at is None:
        return None
    return round((run.finished_at - run.started_at).total_seconds(), 1)
