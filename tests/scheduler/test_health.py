"""Source health: alerts for empty, thin and error-ridden runs; the webhook; the summary."""

import pytest
from sqlmodel import select

from demo.server import LocalServer, Reply
from scheduler.alerts import check_run
from store.db import init_db, session_scope
from store.health import recent_alerts, source_health, yield_history
from store.models import Alert
from store.runs import complete_run, start_run


@pytest.fixture
def engine(sqlite_url):
    return init_db(sqlite_url)


def _run(engine, source="acme", *, seen=10, errors=0, failed=False):
    with session_scope(engine) as session:
        run_id = start_run(session=session, source=source, kind="greenhouse")
    with session_scope(engine) as session:
        complete_run(
            session=session,
            run_id=run_id,
            failed=failed,
            counts={"seen": seen, "errors": errors},
            errors=[{"url": f"https://x.example/{n}", "reason": "HTTP 500"} for n in range(errors)],
            stats={},
        )
    return run_id


def _kinds(alerts):
    return [alert.kind for alert in alerts]


def test_a_healthy_run_raises_no_alert(engine):
    for _ in range(3):
        _run(engine, seen=10, errors=1)
    assert check_run(engine=engine, run_id=_run(engine, seen=9, errors=2)) == []


def test_a_run_that_returns_nothing_alerts(engine):
    alerts = check_run(engine=engine, run_id=_run(engine, seen=0))
    assert _kinds(alerts) == ["empty"]
    assert "returned no postings" in alerts[0].message


def test_far_fewer_postings_than_usual_alerts(engine):
    for seen in (40, 42, 38):
        _run(engine, seen=seen)
    alerts = check_run(engine=engine, run_id=_run(engine, seen=12))
    assert _kinds(alerts) == ["low_yield"]
    assert "12" in alerts[0].message and "40" in alerts[0].message


def test_many_more_errors_than_usual_alerts(engine):
    for _ in range(3):
        _run(engine, seen=10, errors=1)
    alerts = check_run(engine=engine, run_id=_run(engine, seen=10, errors=9))
    assert _kinds(alerts) == ["errors"]


def test_a_failed_run_alerts_with_its_first_error(engine):
    alerts = check_run(engine=engine, run_id=_run(engine, seen=3, errors=1, failed=True))
    assert _kinds(alerts) == ["failed"]
    assert "HTTP 500" in alerts[0].message


def test_alerts_are_posted_as_json_to_the_webhook(engine, monkeypatch):
    with LocalServer() as server:
        server.add("/hook", Reply({"ok": True}), method="POST")
        monkeypatch.setenv("HITBOARD_ALERT_WEBHOOK", server.url("/hook"))
        run_id = _run(engine, seen=0)
        check_run(engine=engine, run_id=run_id)
        posted = [r for r in server.requests if r.path == "/hook"]
    assert len(posted) == 1
    assert posted[0].headers["content-type"] == "application/json"
    payload = posted[0].json()
    assert payload["kind"] == "empty" and payload["source"] == "acme"
    assert payload["run_id"] == run_id and "returned no postings" in payload["text"]
    with session_scope(engine, readonly=True) as session:
        assert session.exec(select(Alert.webhook_status)).one() == "HTTP 200"


def test_a_failing_webhook_is_recorded_and_never_raises(engine, monkeypatch):
    with LocalServer() as server:
        server.add("/hook", Reply("down", status=503), method="POST")
        monkeypatch.setenv("HITBOARD_ALERT_WEBHOOK", server.url("/hook"))
        check_run(engine=engine, run_id=_run(engine, seen=0))
    with session_scope(engine, readonly=True) as session:
        [alert] = recent_alerts(session=session)
    assert alert.webhook_status == "HTTP 503"


def test_source_health_summarises_last_success_failures_and_yield(db_engine):
    _run(db_engine, "acme", seen=10)
    _run(db_engine, "acme", seen=12)
    _run(db_engine, "acme", seen=0, failed=True)
    _run(db_engine, "acme", seen=0, failed=True)
    with session_scope(db_engine, readonly=True) as session:
        acme, never = source_health(session=session, sources=["acme", "never"])
        history = yield_history(session=session)
    assert acme.last_status == "failed" and acme.failures_in_a_row == 2
    assert acme.state == "failing" and acme.usual_seen == 11
    assert acme.last_success_at is not None and acme.last_success_at.tzinfo is not None
    assert acme.last_success_at < acme.last_run_at
    assert never.state == "never run" and never.last_success_at is None
    assert [row["seen"] for row in history] == [10, 12, 0, 0]
