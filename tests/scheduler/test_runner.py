"""Local crawls under the source's lease: never two at once, and a killed crawl harms nothing."""

import os
import signal
import subprocess
import sys
import textwrap
import threading

from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app
from scheduler import runners
from store.db import init_db, session_scope
from store.leases import lease_of
from store.models import Posting, ScrapeRun
from store.sources import SourceConfig
from tests.scheduler.boards import serve_board, source_entry, write_sources
from tests.scheduler.conftest import FAST_CRAWL, Gate, wait_for


def _crawl(source: SourceConfig, url: str, trigger: str = "manual") -> runners.CrawlOutcome:
    return runners.run_local_crawl(source, db_url=url, trigger=trigger, settings=FAST_CRAWL)


def _runs(engine) -> list[ScrapeRun]:
    with session_scope(engine, readonly=True) as session:
        return list(session.exec(select(ScrapeRun).order_by(ScrapeRun.id)).all())


def _open_postings(engine, source: str) -> set[str]:
    with session_scope(engine, readonly=True) as session:
        rows = session.exec(
            select(Posting.external_id).where(Posting.source == source, Posting.closed_at.is_(None))
        ).all()
    return set(rows)


def _running_run(engine):
    runs = [run for run in _runs(engine) if run.status == "running"]
    return runs[0] if runs else None


def test_a_manual_crawl_is_refused_while_a_scheduled_one_runs(
    sqlite_url, server, tmp_path, short_leases
):
    gate = Gate(server, "acme")
    source = SourceConfig(name="acme", kind="greenhouse", url=gate.url)
    engine = init_db(sqlite_url)
    outcomes = []
    scheduled = threading.Thread(
        target=lambda: outcomes.append(_crawl(source, sqlite_url, "schedule"))
    )
    scheduled.start()
    try:
        wait_for(gate.waiting.is_set, timeout=60, what="the scheduled crawl to ask for its board")
        sources = write_sources(tmp_path / "sources.toml", [source_entry("acme", gate.url)])
        manual = CliRunner().invoke(
            app, ["crawl", "--sources", str(sources), "--only", "acme", "--db", sqlite_url]
        )
    finally:
        gate.open()
        scheduled.join(120)

    assert manual.exit_code == 1
    assert "refused" in manual.output
    assert "'acme' is busy" in manual.output and "(schedule, started" in manual.output
    [outcome] = outcomes
    assert outcome.status == "succeeded", outcome
    [run] = _runs(engine)  # the refused crawl recorded nothing
    assert run.trigger == "schedule" and run.seen == 3 and run.status == "succeeded"
    with session_scope(engine, readonly=True) as session:
        assert lease_of(session=session, name="acme") is None


def test_a_crawl_killed_with_sigkill_leaves_the_store_consistent(db_url, server, short_leases):
    engine = init_db(db_url)
    first = SourceConfig(name="acme", kind="greenhouse", url=serve_board(server, "acme", jobs=4))
    assert _crawl(first, db_url).status == "succeeded"
    assert len(_open_postings(engine, "acme")) == 4

    gate = Gate(server, "acme-slow", jobs=2)
    hanging = first.model_copy(update={"url": gate.url})
    outcomes = []
    crawl = threading.Thread(target=lambda: outcomes.append(_crawl(hanging, db_url)))
    crawl.start()
    try:
        wait_for(gate.waiting.is_set, timeout=60, what="the crawl to ask for its board")
        # The crawl process keeps its run alive while it waits (RunHeartbeat).
        wait_for(
            lambda: (run := _running_run(engine)) and run.heartbeat_at > run.started_at,
            timeout=30,
            what="a heartbeat from the crawl",
        )
        [child] = list(runners._children)
        os.kill(child.pid, signal.SIGKILL)
        crawl.join(60)
    finally:
        gate.open()

    [outcome] = outcomes
    assert outcome.status == "interrupted"
    assert "SIGKILL" in outcome.note and "no posting was closed" in outcome.note
    assert _open_postings(engine, "acme") == {f"acme-{n}" for n in range(4)}
    with session_scope(engine, readonly=True) as session:
        assert lease_of(session=session, name="acme") is None

    again = _crawl(first, db_url)
    assert again.status == "succeeded" and again.seen == 4 and again.unchanged == 4
    assert [run.status for run in _runs(engine)] == ["succeeded", "interrupted", "succeeded"]


DEAD_LEASE_TTL = "10"  # seconds
RUNNER = textwrap.dedent(
    """
    import sys
    from scheduler.runners import run_local_crawl
    from store.sources import SourceConfig
    source = SourceConfig.model_validate_json(sys.argv[2])
    run_local_crawl(source, db_url=sys.argv[1], trigger="schedule",
                    settings={"HITBOARD_HEARTBEAT_SECONDS": "0.5"})
    """
)


def test_a_run_whose_whole_process_tree_died_is_interrupted_when_next_seen(
    sqlite_url, server, short_leases
):
    engine = init_db(sqlite_url)
    gate = Gate(server, "acme")
    source = SourceConfig(name="acme", kind="greenhouse", url=gate.url)
    # A runner and its crawl, killed together as a machine crash or `kill -9 -PGID` would.
    # Its lease lives long enough that the refusal below is certain, and short enough that
    # the test soon sees it expire.
    process = subprocess.Popen(
        [sys.executable, "-c", RUNNER, sqlite_url, source.model_dump_json()],
        start_new_session=True,
        env={**os.environ, "HITBOARD_LEASE_TTL": DEAD_LEASE_TTL},
    )
    try:
        wait_for(gate.waiting.is_set, timeout=60, what="the crawl to ask for its board")
        dead = _running_run(engine)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)
    finally:
        gate.open()

    # Its lease still looks alive for up to one TTL: a crawl now is refused, saying why.
    refused = _crawl(source, sqlite_url)
    assert refused.status == "refused" and f"run {dead.id}" in refused.note
    # Once the lease has expired the next crawl takes over and finds the run dead.
    outcome = wait_for(
        lambda: (o := _crawl(source, sqlite_url)).status != "refused" and o,
        timeout=60,
        what="the dead crawl's lease to expire",
        every=1,
    )
    assert outcome.status == "succeeded" and outcome.seen == 3
    with session_scope(engine, readonly=True) as session:
        run = session.get(ScrapeRun, dead.id)
    assert run.status == "interrupted"
    assert "stopped renewing the lease" in run.note and run.finished_at is not None


def test_a_crawl_that_outlives_its_timeout_is_stopped_and_failed(sqlite_url, server, short_leases):
    gate = Gate(server, "acme")
    source = SourceConfig(name="acme", kind="greenhouse", url=gate.url)
    try:
        outcome = runners.run_local_crawl(source, db_url=sqlite_url, timeout=4, settings=FAST_CRAWL)
    finally:
        gate.open()
    assert outcome.status == "failed"
    assert "timed out after 4 s" in outcome.note
    assert runners._children == set()
    with session_scope(init_db(sqlite_url), readonly=True) as session:
        assert lease_of(session=session, name="acme") is None


def test_schedule_run_without_a_scheduler_crawls_here(sqlite_url, server, tmp_path):
    sources = write_sources(
        tmp_path / "sources.toml", [source_entry("acme", serve_board(server, "acme", jobs=2))]
    )
    result = CliRunner().invoke(
        app, ["schedule", "run", "acme", "--sources", str(sources), "--db", sqlite_url]
    )
    assert result.exit_code == 0, result.output
    assert "crawling here" in result.output and "succeeded; seen 2, new 2" in result.output
    [run] = _runs(init_db(sqlite_url))
    assert run.trigger == "operator"
