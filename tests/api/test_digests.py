"""Digests received by a real webhook server and a real SMTP server on 127.0.0.1."""

from datetime import timedelta
from email import message_from_string, policy

from typer.testing import CliRunner

from cli.app import app
from scheduler.digests import send_digests
from store import saved_searches as saved
from store.db import session_scope
from store.job_search import JobSearch
from store.models import SavedSearch
from tests.api.conftest import add_postings, engine_url
from tests.store.records import T0

HOUR = timedelta(hours=1)
CODERS_FL = JobSearch(keyword="coder", states=("FL",))


def save(engine, name="FL coders", search=CODERS_FL, **digest) -> int:
    with session_scope(engine) as session:
        return saved.save_search(
            session=session, name=name, search=search, now=T0 + HOUR, **digest
        ).id


def titles(payload) -> list[str]:
    return [p["title"] for p in payload["postings"]]


def test_a_webhook_gets_each_new_posting_once_and_no_empty_digest(store, webhook):
    save(store, webhook=webhook.url)
    assert [d.outcome for d in send_digests(store, now=T0 + 2 * HOUR)] == ["nothing new"]
    assert webhook.received == []  # postings seen before the search was saved are not new

    add_postings(store, [6, 7], seen_at=T0 + 3 * HOUR, title="Coder Trainee")
    add_postings(store, [8], seen_at=T0 + 3 * HOUR, title="Coder Lead", state="TX")
    deliveries = send_digests(store, now=T0 + 4 * HOUR)
    assert [(d.channel, d.postings, d.outcome) for d in deliveries] == [("webhook", 2, "sent")]
    [payload] = webhook.received
    assert payload["search"]["name"] == "FL coders" and titles(payload) == ["Coder Trainee"] * 2
    assert payload["postings"][0]["url"].startswith("https://jobs.example.org/")
    assert "Tampa, FL" in payload["postings"][0]["summary"]

    add_postings(store, [9], seen_at=T0 + 5 * HOUR, title="Coder Auditor II")
    send_digests(store, now=T0 + 6 * HOUR)
    assert titles(webhook.received[1]) == ["Coder Auditor II"]  # not 6 and 7 again
    send_digests(store, now=T0 + 7 * HOUR)
    assert len(webhook.received) == 2  # nothing new: nothing sent
    with session_scope(store, readonly=True) as session:
        row = session.get(SavedSearch, 1)
        assert row.last_sent_at == T0 + 6 * HOUR
        assert saved.delivered_count(session=session, saved=row, channel="webhook") == 3


def test_a_failed_send_is_retried_next_time_without_loss(store, webhook):
    save(store, webhook=webhook.url)
    add_postings(store, [6], seen_at=T0 + 3 * HOUR, title="Coder Trainee")
    webhook.status = 500
    [failed] = send_digests(store, now=T0 + 4 * HOUR)
    assert failed.outcome == "webhook HTTP 500" and webhook.received == []
    add_postings(store, [7], seen_at=T0 + 5 * HOUR, title="Coder Lead")
    webhook.status = 200
    [sent] = send_digests(store, now=T0 + 6 * HOUR)
    assert sent.outcome == "sent"
    assert sorted(titles(webhook.received[0])) == ["Coder Lead", "Coder Trainee"]


def test_email_digests_go_through_smtp_and_the_manual_command(store, smtp, webhook):
    save(store, email="seeker@example.org", webhook=webhook.url)
    registrars = JobSearch(keyword="registrar", states=("TX",))
    save(store, "TX registrars", registrars, email="other@example.org")  # nothing new
    add_postings(store, [6], seen_at=T0 + 3 * HOUR, title="Coder Trainee")
    result = CliRunner().invoke(app, ["search", "digest", "--db", engine_url(store)])
    assert result.exit_code == 0, result.output
    assert "FL coders\temail\t1\tsent" in result.output
    assert "TX registrars\temail\t0\tnothing new" in result.output
    [(sender, recipients, content)] = smtp.messages
    assert sender == "digests@hitboard.test" and recipients == ["seeker@example.org"]
    message = message_from_string(content, policy=policy.default)
    assert message["Subject"] == "hitboard: 1 new postings for FL coders"
    body = message.get_content()
    assert "Coder Trainee" in body and "https://jobs.example.org/acme-health/6" in body
    assert titles(webhook.received[0]) == ["Coder Trainee"]  # both channels, each once
    CliRunner().invoke(app, ["search", "digest", "--db", engine_url(store)])
    assert len(smtp.messages) == 1 and len(webhook.received) == 1


def test_an_smtp_failure_keeps_the_digest_for_later(store, monkeypatch):
    monkeypatch.setenv("HITBOARD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HITBOARD_SMTP_PORT", "9")  # nothing listens there
    monkeypatch.setenv("HITBOARD_SMTP_PASSWORD", "hunter2-secret")
    save(store, email="seeker@example.org")
    add_postings(store, [6], seen_at=T0 + 3 * HOUR, title="Coder Trainee")
    [failed] = send_digests(store, now=T0 + 4 * HOUR)
    assert failed.outcome.startswith("SMTP 127.0.0.1:9 failed")
    assert "hunter2" not in failed.outcome
    with session_scope(store, readonly=True) as session:
        row = session.get(SavedSearch, 1)
        assert row.last_sent_at is None
        assert saved.delivered_count(session=session, saved=row, channel="email") == 0
