"""What the scheduler service does when a job is missed, when a job crashes, and on SIGTERM.

The first two drive the service's own APScheduler instance (built by SchedulerService, with
its listeners and job store) in this process; the last needs a real `hitboard scheduler`.
"""

import signal
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app
from demo.server import Reply
from scheduler import runners
from scheduler.service import CONTEXT, JobContext, SchedulerService
from store import schedules as plan
from store.db import init_db, session_scope
from store.leases import SCHEDULER_LEASE, lease_of
from store.models import Alert, Posting, RunRequest, ScrapeRun, Source
from store.sources import SourceConfig, save_sources
from tests.scheduler.boards import board_jobs, serve_board, source_entry, write_sources
from tests.scheduler.conftest import FAST_CRAWL, wait_for

runner = CliRunner()


@pytest.fixture
def service_state():
    """SchedulerService sets process-wide state (the job context; stopping crawls): restore it."""
    saved = JobContext(**vars(CONTEXT))
    yield
    for name, value in vars(saved).items():
        setattr(CONTEXT, name, value)
    runners.STOPPING.clear()


def _alerts(engine, kind: str) -> list[Alert]:
    with session_scope(engine, readonly=True) as session:
        return list(session.exec(select(Alert).where(Alert.kind == kind).order_by(Alert.id)).all())


def _runs(engine, source: str) -> list[ScrapeRun]:
    with session_scope(engine, readonly=True) as session:
        query = select(ScrapeRun).where(ScrapeRun.source == source).order_by(ScrapeRun.id)
        return list(session.exec(query).all())


def _request(engine, request_id: int) -> RunRequest:
    with session_scope(engine, readonly=True) as session:
        return session.get(RunRequest, request_id)


def _add_source(engine, name: str, url: str, **extra) -> None:
    with session_scope(engine) as session:
        save_sources(
            session=session, sources=[SourceConfig(name=name, kind="greenhouse", url=url, **extra)]
        )


def test_a_crawl_missed_while_the_service_was_down_is_an_alert(sqlite_url, service_state):
    engine = init_db(sqlite_url)
    _add_source(engine, "acme", "https://boards.example.org/v1/boards/acme")
    with session_scope(engine) as session:
        plan.add_schedule(session=session, source="acme", cron="0 0 1 1 *")

    # The crawl falls due while the service is stopping; the service then stays down.
    first = SchedulerService(sqlite_url, misfire_grace=60)
    first.scheduler.start()
    first.reconcile()
    first.scheduler.pause()
    ten_minutes_ago = datetime.now(UTC) - timedelta(minutes=10)
    first.scheduler.modify_job("crawl:acme", jobstore="default", next_run_time=ten_minutes_ago)
    first.shutdown()

    second = SchedulerService(sqlite_url, misfire_grace=60)
    second.scheduler.start()
    try:
        [alert] = wait_for(lambda: _alerts(engine, "missed"), timeout=10, what="a missed alert")
        job = second.scheduler.get_job("crawl:acme", jobstore="default")
    finally:
        second.scheduler.shutdown(wait=True)

    assert alert.source == "acme"
    assert "crawl:acme" in alert.message and "more than 60 s late" in alert.message
    assert f"{ten_minutes_ago:%Y-%m-%d %H:%M:%S}" in alert.message
    assert _runs(engine, "acme") == []  # a missed crawl is not started late
    assert job.next_run_time.year == ten_minutes_ago.year + 1  # the schedule goes on


def test_a_crashing_job_is_an_alert_and_the_service_keeps_serving(
    sqlite_url, server, service_state
):
    engine = init_db(sqlite_url)
    _add_source(engine, "broken", "https://boards.example.org/v1/boards/broken")
    _add_source(engine, "acme", serve_board(server, "acme", jobs=2))
    # A stored config this version no longer accepts: the job raises before any crawl.
    with session_scope(engine) as session:
        session.execute(
            update(Source)
            .where(Source.name == "broken")
            .values(config={"name": "broken", "kind": "retired-kind"})
        )
        broken = plan.request_run(session=session, source="broken", requested_by="test").id

    service = SchedulerService(
        sqlite_url, reconcile_seconds=0.2, settings=FAST_CRAWL, misfire_grace=60
    )
    service.claim()
    serving = threading.Thread(target=service.run)
    serving.start()
    try:
        [alert] = wait_for(lambda: _alerts(engine, "job_error"), timeout=20, what="a job alert")
        assert alert.source == "broken"
        assert f"run:broken:{broken}" in alert.message and "ValidationError" in alert.message
        request = wait_for(
            lambda: (r := _request(engine, broken)).status != "pending" and r,
            timeout=10,
            what="the crashed request to be answered",
        )
        assert request.status == "refused" and "retired-kind" in request.message

        # Still serving: a later request is picked up and crawled.
        with session_scope(engine) as session:
            healthy = plan.request_run(session=session, source="acme", requested_by="test").id
        done = wait_for(
            lambda: (r := _request(engine, healthy)).status == "done" and r,
            timeout=60,
            what="the next request to be crawled",
        )
        assert serving.is_alive() and service.scheduler.running
    finally:
        service.stop()
        serving.join(60)

    [run] = _runs(engine, "acme")
    assert done.run_id == run.id and run.status == "succeeded" and run.seen == 2
    assert _runs(engine, "broken") == []
    assert not serving.is_alive()
    with session_scope(engine, readonly=True) as session:
        assert lease_of(session=session, name=SCHEDULER_LEASE) is None


def _open_postings(engine, source: str) -> set[str]:
    with session_scope(engine, readonly=True) as session:
        query = select(Posting.external_id).where(
            Posting.source == source, Posting.closed_at.is_(None)
        )
        return set(session.exec(query).all())


def test_sigterm_stops_a_running_crawl_without_closing_postings(
    sqlite_url, server, tmp_path, start_scheduler
):
    engine = init_db(sqlite_url)
    url = serve_board(server, "acme", jobs=3)
    sources = write_sources(tmp_path / "sources.toml", [source_entry("acme", url)])
    first = runners.run_local_crawl(
        SourceConfig(name="acme", kind="greenhouse", url=url),
        db_url=sqlite_url,
        settings=FAST_CRAWL,
    )
    assert first.status == "succeeded" and first.seen == 3
    # The next list page answers with a single posting, and only after 20 s.
    list_path = "/v1/boards/acme/jobs"
    server.add(list_path, Reply(board_jobs(1, prefix="acme"), delay=20))

    scheduler = start_scheduler(sqlite_url, "--sources", str(sources))
    scheduler.wait_ready()
    hits = server.hits[list_path]
    result = runner.invoke(app, ["schedule", "run", "acme", "--db", sqlite_url, "--no-wait"])
    assert result.exit_code == 0, result.output
    wait_for(
        lambda: server.hits[list_path] > hits, timeout=60, what="the crawl to ask for its board"
    )
    [running] = _runs(engine, "acme")[1:]
    assert running.status == "running"

    started = time.monotonic()
    code = scheduler.stop(timeout=60)
    took = time.monotonic() - started
    output = scheduler.log_path.read_text(errors="replace")  # stop() closed the log
    assert code == 0, output
    # Scrapy's graceful stop lets the request in flight end (here: the 20 s slow page),
    # which comes before stop_all_crawls' 30 s kill grace.
    assert took < 30, f"the scheduler took {took:.1f} s to stop:\n{output}"

    with session_scope(engine, readonly=True) as session:
        run = session.get(ScrapeRun, running.id)
        assert lease_of(session=session, name="acme") is None
        assert lease_of(session=session, name=SCHEDULER_LEASE) is None
    # Stopped, not killed: the crawl recorded its own run as failed, saying why.
    assert run.status == "failed", output
    assert [e["reason"] for e in run.errors] == ["crawl ended early: shutdown"]
    assert run.closed == 0 and run.finished_at is not None
    assert "no posting was closed" in run.note
    assert _open_postings(engine, "acme") == {f"acme-{n}" for n in range(3)}

    # The source is free again: a manual crawl runs (and, healthy, closes what is gone).
    server.add(list_path, Reply(board_jobs(3, prefix="acme")))
    manual = runner.invoke(
        app, ["crawl", "--sources", str(sources), "--only", "acme", "--db", sqlite_url]
    )
    assert manual.exit_code == 0, manual.output
    assert "refused" not in manual.output
    assert [r.status for r in _runs(engine, "acme")] == ["succeeded", run.status, "succeeded"]


def test_a_scheduler_paused_past_its_lease_keeps_serving(sqlite_url, start_scheduler):
    """A stopped process (a paused VM, SIGSTOP) whose lease lapsed untaken resumes as before."""
    scheduler = start_scheduler(sqlite_url)
    scheduler.wait_ready()
    engine = init_db(sqlite_url)
    scheduler.process.send_signal(signal.SIGSTOP)
    try:
        wait_for(lambda: _scheduler_lease_expired(engine), timeout=30, what="the lease to lapse")
    finally:
        scheduler.process.send_signal(signal.SIGCONT)
    wait_for(lambda: not _scheduler_lease_expired(engine), timeout=30, what="the renewal")
    assert scheduler.process.poll() is None, scheduler.output()
    assert "lost the scheduler lease" not in scheduler.output()
    assert scheduler.stop() == 0


def _scheduler_lease_expired(engine) -> bool:
    with session_scope(engine, readonly=True) as session:
        lease = lease_of(session=session, name=SCHEDULER_LEASE)
    return lease is not None and lease.expires_at < datetime.now(UTC)
