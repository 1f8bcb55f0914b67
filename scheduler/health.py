"""Source health: what each finished run says about its source, and alerts when it is off.

A run raises an alert when its source returned nothing, far fewer postings than usual, or
far more errors than usual, and when it failed. Alerts are stored (the Operations page
shows them), logged, and POSTed as JSON to HITBOARD_ALERT_WEBHOOK when that is set.
Scheduler events (a missed or crashed job) are recorded the same way.
"""

import json
import logging
import os
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from statistics import median

from sqlalchemy import desc, func
from sqlmodel import Session, select

from store.db import session_scope
from store.models import Alert, ScrapeRun, SourceLease
from store.runs import usual_seen

logger = logging.getLogger(__name__)

WEBHOOK_ENV = "HITBOARD_ALERT_WEBHOOK"
WEBHOOK_TIMEOUT = 5.0  # seconds; a slow webhook must not hold up the scheduler
LOW_YIELD_SHARE = 0.5  # under half the usual number of postings is "far fewer"
ERROR_FLOOR = 5  # fewer errors than this never alert
ERROR_FACTOR = 3  # "many more errors": over three times the usual count
HISTORY_RUNS = 5


def check_run(*, engine, run_id: int) -> list[Alert]:
    """Judge a finished run against its source's history; store, log and send alerts."""
    with session_scope(engine) as session:
        run = session.get(ScrapeRun, run_id)
        if run is None or run.status == "running":
            return []
        findings = judge_run(session=session, run=run)
        alerts = [
            _add_alert(session, source=run.source, kind=kind, message=message, run_id=run.id)
            for kind, message in findings
        ]
    for alert in alerts:
        _announce(engine, alert)
    return alerts


def judge_run(*, session: Session, run: ScrapeRun) -> list[tuple[str, str]]:
    """(kind, message) for each way this run looks wrong; empty when it looks healthy."""
    source = run.source
    if run.status == "failed":
        first = run.errors[0]["reason"] if run.errors else (run.note or "no reason recorded")
        return [("failed", f"{source}: run {run.id} failed: {first}")]
    if run.status == "interrupted":
        return [("failed", f"{source}: run {run.id} was interrupted: {run.note or ''}".strip())]
    findings = []
    usual = usual_seen(session=session, source=source, before_run_id=run.id)
    if run.seen == 0:
        findings.append(("empty", f"{source}: run {run.id} returned no postings"))
    elif usual is not None and run.seen < LOW_YIELD_SHARE * usual:
        findings.append(
            (
                "low_yield",
                f"{source}: run {run.id} saw {run.seen} postings, far fewer than the usual "
                f"{usual:g}",
            )
        )
    usual_errors = _usual_errors(session, source, before_run_id=run.id)
    if run.error_count >= max(ERROR_FLOOR, ERROR_FACTOR * usual_errors + 1):
        findings.append(
            (
                "errors",
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
            ScrapeRun.status.in_(("succeeded", "failed")),
        )
        .order_by(desc(ScrapeRun.started_at), desc(ScrapeRun.id))
        .limit(HISTORY_RUNS)
    ).all()
    return float(median(counts)) if counts else 0.0


def record_alert(
    *, engine, kind: str, message: str, source: str | None = None, run_id: int | None = None
) -> Alert:
    """Store, log and send one alert (the scheduler's missed and crashed jobs use this)."""
    with session_scope(engine) as session:
        alert = _add_alert(session, source=source, kind=kind, message=message, run_id=run_id)
    _announce(engine, alert)
    return alert


def _add_alert(
    session: Session, *, source: str | None, kind: str, message: str, run_id: int | None
) -> Alert:
    alert = Alert(
        source=source,
        kind=kind,
        message=message[:2000],
        run_id=run_id,
        created_at=datetime.now(UTC),
    )
    session.add(alert)
    session.flush()
    return alert


def _announce(engine, alert: Alert) -> None:
    logger.warning("alert [%s] %s", alert.kind, alert.message)
    url = os.environ.get(WEBHOOK_ENV, "").strip()
    if not url:
        return
    status = send_webhook(url, alert_payload(alert))
    with session_scope(engine) as session:
        stored = session.get(Alert, alert.id)
        stored.webhook_status = status[:200]
        session.add(stored)


def alert_payload(alert: Alert) -> dict:
    return {
        "text": f"hitboard alert: {alert.message}",  # what chat webhooks display
        "kind": alert.kind,
        "source": alert.source,
        "run_id": alert.run_id,
        "message": alert.message,
        "created_at": alert.created_at.isoformat(),
    }


def send_webhook(url: str, payload: dict) -> str:
    """POST the payload as JSON; returns what happened ("HTTP 200", "error: ...")."""
    request = urllib.request.Request(
        url,
        data=json.dumps(payload).encode("utf-8"),
        headers={"Content-Type": "application/json", "User-Agent": "hitboard-alerts"},
        method="POST",
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT) as response:
            return f"HTTP {response.status}"
    except urllib.error.HTTPError as exc:
        logger.error("alert webhook answered HTTP %s", exc.code)
        return f"HTTP {exc.code}"
    except (urllib.error.URLError, OSError) as exc:
        logger.error("alert webhook failed: %s", exc)
        return f"error: {exc}"


def recent_alerts(
    *, session: Session, limit: int = 50, unacknowledged: bool = False
) -> list[Alert]:
    query = select(Alert)
    if unacknowledged:
        query = query.where(Alert.acknowledged_at.is_(None))
    return list(session.exec(query.order_by(desc(Alert.created_at), desc(Alert.id)).limit(limit)))


def acknowledge_alerts(*, session: Session, ids: list[int]) -> None:
    for alert in session.exec(select(Alert).where(Alert.id.in_(ids))).all():
        alert.acknowledged_at = datetime.now(UTC)
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
    now = datetime.now(UTC)
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
            .where(ScrapeRun.source == name, ScrapeRun.status != "running")
            .order_by(desc(ScrapeRun.started_at), desc(ScrapeRun.id))
            .limit(20)
        ).all()
        last = runs[0] if runs else None
        success = session.exec(
            select(func.max(ScrapeRun.finished_at)).where(
                ScrapeRun.source == name, ScrapeRun.status == "succeeded"
            )
        ).one()
        failures = 0
        for run in runs:
            if run.status == "succeeded":
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
    since = datetime.now(UTC) - timedelta(days=days)
    runs = session.exec(
        select(ScrapeRun)
        .where(ScrapeRun.started_at >= since, ScrapeRun.status != "running")
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
