"""Crawls dispatched to a real Scrapyd node, recorded in PostgreSQL like local ones."""

import os
import re
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from sqlmodel import select
from typer.testing import CliRunner

from cli.app import app
from demo.server import free_port
from scheduler import scrapyd
from scheduler.runners import run_crawl
from store.db import init_db, session_scope
from store.leases import lease_of
from store.models import Posting, ScrapeRun
from store.sources import SourceConfig
from tests.scheduler.boards import serve_board
from tests.scheduler.conftest import FAST_CRAWL, Gate, wait_for

pytestmark = [pytest.mark.scrapyd, pytest.mark.postgres]


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"Scrapyd is required under CI=true: {reason}")
    pytest.skip(f"Scrapyd tests skipped: {reason}")


@pytest.fixture
def scrapyd_node(tmp_path: Path) -> Iterator[str]:
    """A Scrapyd on 127.0.0.1 with its eggs, logs and queues in a temp folder."""
    try:
        import scrapyd as _scrapyd  # noqa: F401
    except ImportError:
        _unavailable("the scrapyd package is not installed")
    home = tmp_path / "scrapyd"
    home.mkdir()
    port = free_port()
    (home / "scrapyd.conf").write_text(
        "[scrapyd]\n"
        "bind_address = 127.0.0.1\n"
        f"http_port = {port}\n"
        f"eggs_dir = {home / 'eggs'}\n"
        f"logs_dir = {home / 'logs'}\n"
        f"dbs_dir = {home / 'dbs'}\n"
        "items_dir =\n"
        "poll_interval = 0.3\n"
        "max_proc = 4\n",
        encoding="utf-8",
    )
    log = open(home / "scrapyd.out", "w", encoding="utf-8")  # noqa: SIM115
    process = subprocess.Popen(
        [sys.executable, "-m", "scrapyd", "--pidfile", str(home / "scrapyd.pid")],
        cwd=home,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    node = f"http://127.0.0.1:{port}"

    def answers() -> bool:
        if process.poll() is not None:
            pytest.fail(f"scrapyd exited: {(home / 'scrapyd.out').read_text()[-2000:]}")
        try:
            return requests.get(f"{node}/daemonstatus.json", timeout=2).ok
        except requests.RequestException:
            return False

    try:
        wait_for(answers, timeout=60, what="scrapyd to answer")
        yield node
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
        shutil.rmtree(home, ignore_errors=True)


def test_a_crawl_runs_on_the_least_busy_scrapyd_node_and_is_recorded(
    scrapyd_node, postgres_url, server, monkeypatch
):
    monkeypatch.setenv("HITBOARD_LEASE_TTL", "6")
    # A node that is down is passed over; the live one gets the crawl.
    dead = f"http://127.0.0.1:{free_port()}"
    monkeypatch.setenv("HITBOARD_SCRAPYD_URL", f"{dead}, {scrapyd_node}/")
    assert scrapyd.scrapyd_nodes() == [dead, scrapyd_node]
    assert scrapyd.pick_node([dead, scrapyd_node]) == scrapyd_node

    deployed = CliRunner().invoke(app, ["schedule", "deploy", "--nodes", scrapyd_node])
    assert deployed.exit_code == 0, deployed.output
    # The node lists the project's spiders: its runner found the settings the egg names.
    spiders = int(re.search(r": (\d+) spiders", deployed.output).group(1))
    assert spiders >= 10

    engine = init_db(postgres_url)
    source = SourceConfig(name="acme", kind="greenhouse", url=serve_board(server, "acme", jobs=3))
    outcome = run_crawl(source, db_url=postgres_url, trigger="schedule", settings=FAST_CRAWL)

    assert outcome.status == "succeeded", outcome
    assert outcome.seen == 3 and outcome.new == 3
    with session_scope(engine, readonly=True) as session:
        run = session.get(ScrapeRun, outcome.run_id)
        stored = len(session.exec(select(Posting).where(Posting.source == "acme")).all())
        assert lease_of(session=session, name="acme") is None
    assert run.host.startswith(f"scrapyd {scrapyd_node} job ")
    assert run.trigger == "schedule" and run.finished_at is not None
    assert stored == 3


def test_a_second_dispatch_is_refused_while_the_node_crawls_the_source(
    scrapyd_node, postgres_url, server, monkeypatch
):
    monkeypatch.setenv("HITBOARD_LEASE_TTL", "6")
    gate = Gate(server, "acme")
    source = SourceConfig(name="acme", kind="greenhouse", url=gate.url)
    outcomes = []
    first = threading.Thread(
        target=lambda: outcomes.append(
            scrapyd.run_scrapyd_crawl(
                source, db_url=postgres_url, nodes=[scrapyd_node], settings=FAST_CRAWL,
                poll_seconds=0.5,
            )
        )
    )  # fmt: skip
    first.start()
    try:
        wait_for(gate.waiting.is_set, timeout=90, what="the Scrapyd job to ask for its board")
        time.sleep(1)
        second = scrapyd.run_scrapyd_crawl(
            source, db_url=postgres_url, nodes=[scrapyd_node], settings=FAST_CRAWL
        )
    finally:
        gate.open()
        first.join(120)
    assert second.status == "refused" and second.run_id is None
    assert "'acme' is busy" in second.note
    [outcome] = outcomes
    assert outcome.status == "succeeded" and outcome.seen == 3
