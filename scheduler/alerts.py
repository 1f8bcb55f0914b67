"""Alerts, raised and sent: what a finished run says about its source, told to the operators.

A run raises an alert when its source returned nothing, far fewer postings than usual, or
far more errors than usual, and when it failed (the judging is `store.health.judge_run`).
Alerts are stored (the Operations page shows them), logged, and POSTed as JSON to
HITBOARD_ALERT_WEBHOOK when that is set. Scheduler events (a missed or crashed job) are
recorded the same way.
"""

import json
import logging
import urllib.error
import urllib.request

from core.settings import get_settings
from core.vocabulary import RunStatus
from store.db import session_scope
from store.health import add_alert, judge_run, set_webhook_status
from store.models import Alert, ScrapeRun

logger = logging.getLogger(__name__)

WEBHOOK_TIMEOUT = 5.0  # seconds; a slow webhook must not hold up the scheduler


def check_run(*, engine, run_id: int) -> list[Alert]:
    """Judge a finished run against its source's history; store, log and send alerts."""
    with session_scope(engine) as session:
        run = session.get(ScrapeRun, run_id)
        if run is None or run.status == RunStatus.RUNNING:
            return []
        alerts = [
            add_alert(session=session, source=run.source, kind=kind, message=message, run_id=run.id)
            for kind, message in judge_run(session=session, run=run)
        ]
    for alert in alerts:
        _announce(engine, alert)
    return alerts


def record_alert(
    *, engine, kind: str, message: str, source: str | None = None, run_id: int | None = None
) -> Alert:
    """Store, log and send one alert (the scheduler's missed and crashed jobs use this)."""
    with session_scope(engine) as session:
        alert = add_alert(session=session, source=source, kind=kind, message=message, run_id=run_id)
    _announce(engine, alert)
    return alert


def _announce(engine, alert: Alert) -> None:
    logger.warning("alert [%s] %s", alert.kind, alert.message)
    url = (get_settings().alert_webhook or "").strip()
    if not url:
        return
    status = send_webhook(url, alert_payload(alert))
    with session_scope(engine) as session:
        set_webhook_status(session=session, alert_id=alert.id, status=status)


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
