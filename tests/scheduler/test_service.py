"""The scheduler service as a real process (`hitboard scheduler --db URL`) on both backends.

One test waits for a real "* * * * *" schedule to fire (up to a minute): the same code path
as any cron line, with no test-only trigger. Both backends share that wait.
"""

import subprocess
import time
from datetime import UTC, datetime

import pytest
from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app
from store.db import init_db, session_scope
from store.leases import SCHEDULER_LEASE, lease_of
from store.models import RunRequest, SchedulerJob, ScrapeRun
from tests.scheduler.boards import serve_board, source_entry, write_sources
from tests.scheduler.conftest import Gate, hitboard_command, wait_for

runner = CliRunner()


def hitboard(*args: str):
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


class Store:
    """One backend's database, its scheduler process and what the test reads from it."""

    def __init__(self, url: str, scheduler):
        self.url = url
        self.engine = init_db(url)
        self.scheduler = scheduler

    def jobs(self) -> dict[str, float | None]:
        with session_scope(self.engine, readonly=True) as session:
            return dict(session.exec(select(SchedulerJob.id, SchedulerJob.next_run_time)).all())

    def runs(self, source: str) -> list[ScrapeRun]:
        with session_scope(self.engine, readonly=True) as session:
            return list(
                session.exec(
                    select(ScrapeRun).where(ScrapeRun.source == source).order_by(ScrapeRun.id)
                ).all()
            )

    def requests(self) -> list[RunRequest]:
        with session_scope(self.engine, readonly=True) as session:
            return list(session.exec(select(RunRequest).order_by(RunRequest.id)).all())

    def wait_jobs(self, check, what: str):
        return wait_for(lambda: check(self.jobs()), timeout=20, what=f"{what} ({self.url})")


def _clear_of_the_minute_boundary() -> None:
    """Pause/remove must land before the next minute fires; start well before it."""
    second = datetime.now(UTC).second
    if second > 35:
        time.sleep(61 - second)


@pytest.mark.postgres
def test_schedules_follow_the_cli_without_restarts_and_fire_on_time(
    sqlite_url, postgres_url, server, tmp_path, start_scheduler
):
    gate = Gate(server, "busy")
    entries = [
        source_entry("minutely", serve_board(server, "minutely", jobs=2)),
        source_entry("paused", serve_board(server, "paused", jobs=2)),
        source_entry("removed", serve_board(server, "removed", jobs=2)),
        source_entry("yearly", serve_board(server, "yearly", jobs=2), schedule="0 0 1 1 *"),
        source_entry("busy", gate.url),
    ]
    sources = write_sources(tmp_path / "sources.toml", entries)
    stores = [
        Store(url, start_scheduler(url, "--sources", str(sources)))
        for url in (sqlite_url, postgres_url)
    ]
    for store in stores:
        store.scheduler.wait_ready()
        store.wait_jobs(lambda jobs: "crawl:yearly" in jobs, "the sources file's schedule")

    _clear_of_the_minute_boundary()
    for store in stores:
        for name in ("minutely", "paused", "removed"):
            hitboard("schedule", "add", name, "* * * * *", "--db", store.url)
        store.wait_jobs(
            lambda jobs: all(jobs.get(f"crawl:{n}") for n in ("minutely", "paused", "removed")),
            "three active jobs",
        )
        hitboard("schedule", "pause", "paused", "--db", store.url)
        hitboard("schedule", "remove", "removed", "--db", store.url)
    for store in stores:
        store.wait_jobs(
            lambda jobs: "crawl:removed" not in jobs and jobs["crawl:paused"] is None,
            "the pause and the removal",
        )
        assert store.jobs()["crawl:minutely"] is not None

    # Two "run now" requests and a manual crawl for one source: one run, two refusals.
    for store in stores:
        hitboard("schedule", "run", "busy", "--db", store.url, "--no-wait")
        hitboard("schedule", "run", "busy", "--db", store.url, "--no-wait")
    wait_for(gate.waiting.is_set, timeout=60, what="a busy crawl to start")
    for store in stores:
        wait_for(
            lambda store=store: any(r.status == "refused" for r in store.requests()),
            timeout=60,
            what="the second request to be refused",
        )
        manual = runner.invoke(
            app, ["crawl", "--sources", str(sources), "--only", "busy", "--db", store.url]
        )
        assert manual.exit_code == 1 and "'busy' is busy" in manual.output
    # A second scheduler on the same database refuses to start.
    second = subprocess.run(
        hitboard_command("scheduler", "--db", stores[0].url), capture_output=True, text=True
    )
    assert second.returncode == 1 and "another scheduler runs" in second.stderr
    gate.open()

    for store in stores:
        wait_for(
            lambda store=store: sorted(r.status for r in store.requests()) == ["done", "refused"],
            timeout=60,
            what="the busy run to finish",
        )
        done, refused = sorted(store.requests(), key=lambda r: r.status)
        assert [r.status for r in store.runs("busy")] == ["succeeded"]
        assert done.status == "done" and done.run_id == store.runs("busy")[0].id
        assert refused.status == "refused" and "'busy' is busy" in refused.message
        assert store.runs("busy")[0].trigger == "operator"

    # The minutely schedule fires within its minute and records a run.
    for store in stores:
        wait_for(
            lambda store=store: any(r.status == "succeeded" for r in store.runs("minutely")),
            timeout=90,
            what="the minutely schedule to fire",
            every=1,
        )
        [run] = store.runs("minutely")
        assert run.trigger == "schedule" and run.seen == 2
        assert store.runs("paused") == [] and store.runs("removed") == []

    # Resuming takes effect without a restart too.
    for store in stores:
        hitboard("schedule", "resume", "paused", "--db", store.url)
        store.wait_jobs(lambda jobs: jobs.get("crawl:paused") is not None, "the resume")

    for store in stores:
        assert store.scheduler.stop() == 0, store.scheduler.output()
        with session_scope(store.engine, readonly=True) as session:
            assert lease_of(session=session, name=SCHEDULER_LEASE) is None
