"""Scheduler-test helpers: gated boards, fast crawl settings, a real scheduler process."""

import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from demo.server import LocalServer, Reply, ServedRequest
from store.db import init_db, session_scope
from store.leases import SCHEDULER_LEASE, lease_of
from tests.scheduler.boards import board_jobs

# Crawls against 127.0.0.1 need no politeness delays.
FAST_CRAWL = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "RETRY_TIMES": "1",
    # longer than a Gate holds its answer (60 s): on a busy machine the checks a test makes
    # while a gated crawl waits can take more than 20 s, and the crawl must not time out first
    "DOWNLOAD_TIMEOUT": "90",
    "ROBOTSTXT_OBEY": "False",
    "HITBOARD_HEARTBEAT_SECONDS": "0.5",
}
# Short leases so a dead crawl frees its source within seconds.
LEASE_TTL = "3"


def wait_for(check: Callable[[], object], *, timeout: float, what: str, every: float = 0.2):
    """Poll `check` until it returns something truthy; fail naming `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


class Gate:
    """A board whose list page answers only once the gate is opened (a crawl in progress)."""

    def __init__(self, server: LocalServer, token: str, jobs: int = 3):
        self.opened = threading.Event()
        self.waiting = threading.Event()
        self.path = f"/v1/boards/{token}"
        body = board_jobs(jobs, prefix=token)

        def answer(_request: ServedRequest) -> Reply:
            self.waiting.set()
            self.opened.wait(60)
            return Reply(body)

        server.route(f"{self.path}/jobs", answer)
        self.url = server.url(self.path)

    def open(self) -> None:
        self.opened.set()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    with LocalServer() as local:
        yield local


@pytest.fixture
def short_leases(monkeypatch) -> None:
    monkeypatch.setenv("HITBOARD_LEASE_TTL", LEASE_TTL)


def hitboard_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "cli", *args]


class SchedulerProcess:
    """`hitboard scheduler --db URL` as a real process."""

    def __init__(self, db_url: str, log_path: Path, *extra: str):
        self.db_url = db_url
        self.log_path = log_path
        settings = [arg for key, value in FAST_CRAWL.items() for arg in ("-s", f"{key}={value}")]
        self.log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115
        self.process = subprocess.Popen(
            hitboard_command("scheduler", "--db", db_url, "--reconcile", "0.5", *settings, *extra),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            env={**os.environ, "HITBOARD_LEASE_TTL": LEASE_TTL},
        )

    def output(self) -> str:
        self.log.flush()
        return self.log_path.read_text(errors="replace")

    def wait_ready(self, timeout: float = 60) -> None:
        engine = init_db(self.db_url)

        def holds_lease() -> bool:
            if self.process.poll() is not None:
                pytest.fail(f"the scheduler exited early:\n{self.output()}")
            with session_scope(engine, readonly=True) as session:
                lease = lease_of(session=session, name=SCHEDULER_LEASE)
                return lease is not None and f":{self.process.pid}:" in lease.holder

        wait_for(holds_lease, timeout=timeout, what="the scheduler to start")

    def stop(self, timeout: float = 60) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=timeout)
        finally:
            self.log.close()

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def start_scheduler(tmp_path) -> Iterator[Callable[..., SchedulerProcess]]:
    started: list[SchedulerProcess] = []

    def start(db_url: str, *extra: str) -> SchedulerProcess:
        process = SchedulerProcess(db_url, tmp_path / f"scheduler-{len(started)}.log", *extra)
        started.append(process)
        return process

    yield start
    for process in started:
        process.kill()
