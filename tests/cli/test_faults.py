"""Faults through `hitboard crawl`: each source meets one fault while another stays healthy.

One database sees three crawls: every source healthy (the baseline, snapshotted through
`hitboard export`), then the faults a run survives (crawl A: 5xx then success, 429 with
Retry-After, an empty board), then the faults that fail a run (crawl B: a timeout, a
connection reset, a body cut short, JSON cut short, an HTML error page with status 200, a
Workday list whose second page always fails). Every crawl has the healthy source too.
After each faulty crawl the export must equal the baseline except `last_seen_at`: no
posting lost, altered or closed. A last test kills a crawl halfway.

The generic faults are tests/kind_boards.py's FAULTS, which tests/spiders/
test_faults_every_kind.py applies to every other kind (each kind's list request, every fault).
"""

import json
import os
import re
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import closing
from types import SimpleNamespace

import pytest

from demo.server import LocalServer, Reply, ServedRequest
from tests.cli.boards import (
    adzuna_fixture,
    exported,
    fixture_bytes,
    fixture_json,
    hitboard,
    hitboard_env,
    latest_runs,
    many_workday_jobs,
    scrape_runs,
    sources_toml,
    workday_site,
    xml_reply,
)
from tests.kind_boards import FAULTS

SECRETS = {
    "USAJOBS_API_KEY": "usajobs-key-31b7e0c2",
    "USAJOBS_EMAIL": "operator@hitboard.example",
    "ADZUNA_APP_ID": "adzuna-id-a04f5d",
    "ADZUNA_APP_KEY": "adzuna-key-77c1e9b3aa",
}
DOWNLOAD_TIMEOUT = 2  # seconds, in the crawl that meets the hung server
RETRY_AFTER = 1  # seconds, the 429's Retry-After (tests/kind_boards.py's FAULTS)
WORKDAY_JOBS = 25  # two list pages of 20
# The module's fixture runs three crawls of ten sources: more than the default 300 s when
# the machine is shared.
pytestmark = pytest.mark.timeout(900)

PATHS = {
    "healthy": "/healthy/jobs.xml",
    "retry-5xx": "/gh5xx/v1/boards/bayview/jobs",
    "retry-429": "/lever429/v0/postings/sunrise-health",
    "empty": "/ashby/posting-api/job-board/mountain-clinics",
    "timeout": "/muse/api/public/jobs",
    "reset": "/usajobs/api/search",
    "truncated": "/adzuna/v1/api/jobs/us/search/1",
    "cut-json": "/sr/v1/companies/LakesideHealth/postings",
    "html-200": "/ghhtml/v1/boards/bayview/jobs",
    "halfway": "/wday/cxs/gulfcoast/GCH_Careers",
}
SURVIVABLE = ("retry-5xx", "retry-429", "empty")
FAILING = ("timeout", "reset", "truncated", "cut-json", "html-200", "halfway")


def source_entries(server: LocalServer) -> list[dict]:
    url = server.url
    return [
        {"name": "healthy", "kind": "feed", "url": url(PATHS["healthy"])},
        {"name": "retry-5xx", "kind": "greenhouse", "url": url("/gh5xx/v1/boards/bayview")},
        {"name": "retry-429", "kind": "lever", "url": url(PATHS["retry-429"])},
        {"name": "empty", "kind": "ashby", "url": url(PATHS["empty"])},
        {"name": "timeout", "kind": "themuse", "url": url(PATHS["timeout"])},
        {"name": "reset", "kind": "usajobs", "url": url(PATHS["reset"])},
        {"name": "truncated", "kind": "adzuna", "url": url("/adzuna/v1/api/jobs/us/search")},
        {"name": "cut-json", "kind": "smartrecruiters", "url": url(PATHS["cut-json"])},
        {"name": "html-200", "kind": "greenhouse", "url": url("/ghhtml/v1/boards/bayview")},
        {"name": "halfway", "kind": "workday", "url": url(PATHS["halfway"])},
    ]


class Boards:
    """The healthy answers of every source, and the faults to put in their place."""

    def __init__(self, server: LocalServer):
        self.server = server
        self.arrivals: dict[str, list[float]] = {}  # path → server-side arrival times
        self.workday_page = None
        self.release_page_two = threading.Event()

    def healthy(self) -> None:
        add = self.server.add
        add(PATHS["healthy"], xml_reply(fixture_bytes("feed/jobs.xml")))
        add(PATHS["retry-5xx"], fixture_json("greenhouse/board.json"))
        add(PATHS["retry-429"], fixture_json("lever/postings.json"))
        add(PATHS["empty"], fixture_json("ashby/board.json"))
        add(PATHS["timeout"], fixture_json("themuse/jobs.json"))
        add(PATHS["reset"], fixture_json("usajobs/search.json"))
        add(PATHS["truncated"], adzuna_fixture(SECRETS["ADZUNA_APP_ID"]))
        add(PATHS["cut-json"], fixture_json("smartrecruiters/postings.json"))
        for posting in fixture_json("smartrecruiters/postings.json")["content"]:
            add(f"{PATHS['cut-json']}/{posting['id']}", posting)  # the list entry as its detail
        add(PATHS["html-200"], fixture_json("greenhouse/board.json"))
        self.workday_page = workday_site(
            self.server, PATHS["halfway"], many_workday_jobs(WORKDAY_JOBS)
        )

    def survivable_faults(self) -> None:
        for name, board in (
            ("retry-5xx", "greenhouse/board.json"),
            ("retry-429", "lever/postings.json"),
        ):
            replies = FAULTS[name].replies(Reply(fixture_json(board)), DOWNLOAD_TIMEOUT)
            self.timed_sequence(PATHS[name], replies)
        self.server.add(PATHS["empty"], {"apiVersion": "1", "jobs": []})

    def failing_faults(self) -> None:
        add = self.server.add
        for name, healthy in (
            ("timeout", Reply(fixture_json("themuse/jobs.json"))),
            ("reset", Reply(fixture_json("usajobs/search.json"))),
            ("truncated", Reply(adzuna_fixture(SECRETS["ADZUNA_APP_ID"]))),
            ("html-200", Reply(fixture_json("greenhouse/board.json"))),
        ):
            (reply,) = FAULTS[name].replies(healthy, DOWNLOAD_TIMEOUT)
            add(PATHS[name], reply)
        whole = json.dumps(fixture_json("smartrecruiters/postings.json")).encode()
        add(
            PATHS["cut-json"],
            Reply(whole[: len(whole) // 2], headers={"Content-Type": "application/json"}),
        )
        self.fail_workday_from(offset=20, reply=lambda: Reply("internal error", status=500))

    def fail_workday_from(self, *, offset: int, reply) -> None:
        """Workday list pages from `offset` on answer `reply()`; earlier pages are fine."""
        page = self.workday_page

        def list_page(request: ServedRequest) -> Reply:
            if int((request.json() or {}).get("offset", 0)) >= offset:
                return reply()
            return page(request)

        self.server.route(f"{PATHS['halfway']}/jobs", list_page, method="POST")

    def timed_sequence(self, path: str, replies: list[Reply]) -> None:
        """Successive replies (the last repeats), noting when each request arrived."""
        queue, times = list(replies), self.arrivals.setdefault(path, [])
        lock = threading.Lock()

        def answer(_request: ServedRequest) -> Reply:
            with lock:
                times.append(time.monotonic())
                return queue.pop(0) if len(queue) > 1 else queue[0]

        self.server.route(path, answer)


@pytest.fixture(scope="module")
def faults(tmp_path_factory):
    home = tmp_path_factory.mktemp("faults")
    db_path = home / "faults.db"
    db = f"sqlite:///{db_path}"
    env = hitboard_env(home, **SECRETS)
    with LocalServer() as server:
        boards = Boards(server)
        boards.healthy()
        sources = home / "sources.toml"
        sources.write_text(sources_toml(source_entries(server), keep="all"), encoding="utf-8")

        def crawl(*names: str, settings: dict | None = None):
            only = [arg for name in names for arg in ("--only", name)]
            args = ("crawl", "--sources", str(sources), "--db", db, "--jobs", "3", *only)
            return hitboard(*args, env=hitboard_env(home, settings, **SECRETS))

        baseline = crawl()
        assert baseline.returncode == 0, baseline.stdout + baseline.stderr
        snapshot = exported(db, env)

        boards.survivable_faults()
        survived = crawl("healthy", *SURVIVABLE)
        after_survived = exported(db, env)
        runs_survived = latest_runs(db_path)

        boards.failing_faults()
        hits_before_failing = dict(server.hits)
        failed = crawl("healthy", *FAILING, settings={"DOWNLOAD_TIMEOUT": DOWNLOAD_TIMEOUT})
        after_failed = exported(db, env)
        runs_failed = latest_runs(db_path)

        boards.healthy()
        yield SimpleNamespace(
            server=server,
            boards=boards,
            home=home,
            db=db,
            db_path=db_path,
            env=env,
            sources=sources,
            snapshot=snapshot,
            survived=survived,
            after_survived=after_survived,
            runs_survived=runs_survived,
            failed=failed,
            hits_before_failing=hits_before_failing,
            after_failed=after_failed,
            runs_failed=runs_failed,
        )
        boards.release_page_two.set()


def assert_nothing_lost_or_altered(before: dict, after: dict) -> None:
    """Same postings, same fields (except last_seen_at), none closed."""
    assert after.keys() == before.keys()
    for key, record in before.items():
        changed = {f for f in record if f != "last_seen_at" and after[key][f] != record[f]}
        assert not changed, (key, changed)
        assert after[key]["closed_at"] is None, key


def error_of(run: dict) -> dict:
    """The run's one fatal error."""
    fatal = [error for error in run["errors"] if error["fatal"]]
    assert len(fatal) == 1, run["errors"]
    return fatal[0]


# -- faults a run survives ------------------------------------------------------------


def test_survivable_faults_end_in_succeeded_runs_and_exit_0(faults):
    assert faults.survived.returncode == 0, faults.survived.stdout + faults.survived.stderr
    for name in ("healthy", *SURVIVABLE):
        assert any(key[0] == name for key in faults.snapshot), f"{name} stored nothing at first"
        assert faults.runs_survived[name]["status"] == "succeeded", faults.runs_survived[name]
        assert faults.runs_survived[name]["closed"] == 0
    assert_nothing_lost_or_altered(faults.snapshot, faults.after_survived)


def test_5xx_then_success_is_retried(faults):
    run = faults.runs_survived["retry-5xx"]
    assert len(faults.boards.arrivals[PATHS["retry-5xx"]]) == 2
    assert run["stats"]["retries"] == 1
    assert run["seen"] == len(fixture_json("greenhouse/board.json")["jobs"])


def test_429_waits_for_retry_after(faults):
    first, second = faults.boards.arrivals[PATHS["retry-429"]]
    assert second - first >= RETRY_AFTER
    run = faults.runs_survived["retry-429"]
    assert run["stats"]["retries"] == 1
    assert run["seen"] == len(fixture_json("lever/postings.json"))


def test_an_empty_board_closes_nothing(faults):
    run = faults.runs_survived["empty"]
    assert (run["seen"], run["closed"]) == (0, 0)
    assert "no posting was closed" in run["note"]
    open_ashby = [key for key in faults.after_survived if key[0] == "empty"]
    assert len(open_ashby) == 3  # the three listed jobs of the baseline


# -- faults that fail a run -------------------------------------------------------------


def test_failing_faults_fail_their_runs_only_and_exit_1(faults):
    assert faults.failed.returncode == 1, faults.failed.stdout + faults.failed.stderr
    assert faults.runs_failed["healthy"]["status"] == "succeeded"
    output = faults.failed.stdout.splitlines()
    for name in FAILING:
        assert any(key[0] == name for key in faults.snapshot), f"{name} stored nothing at first"
        run = faults.runs_failed[name]
        assert run["status"] == "failed", (name, run["errors"])
        assert run["closed"] == 0 and "no posting was closed" in run["note"], name
        line = next(line for line in output if line.startswith(name + " "))
        assert "failed" in line, line
    assert_nothing_lost_or_altered(faults.snapshot, faults.after_failed)


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("timeout", rf"^timed out after {DOWNLOAD_TIMEOUT} s"),
        ("reset", FAULTS["reset"].reason),
        ("truncated", FAULTS["truncated"].reason),
        ("cut-json", r"invalid JSON"),
        ("html-200", FAULTS["html-200"].reason),
        ("halfway", r"HTTP 500"),
    ],
)
def test_the_run_records_the_url_and_the_reason(faults, name, reason):
    error = error_of(faults.runs_failed[name])
    assert error["url"].startswith(faults.server.url(PATHS[name])), error
    assert re.search(reason, error["reason"]), error


def test_a_timeout_gives_up_after_the_download_timeout(faults):
    run = faults.runs_failed["timeout"]
    attempts = faults.server.hits[PATHS["timeout"]] - faults.hits_before_failing[PATHS["timeout"]]
    assert attempts == 2  # the first try and one retry
    assert run["stats"]["retries"] == 1


def test_a_workday_list_that_fails_halfway_keeps_every_posting_open(faults):
    run = faults.runs_failed["halfway"]
    assert run["seen"] == 20  # page 1 was read and stored
    error = error_of(run)
    assert error["url"] == faults.server.url(PATHS["halfway"] + "/jobs")
    halfway = [key for key in faults.after_failed if key[0] == "halfway"]
    assert len(halfway) == WORKDAY_JOBS
    assert all(faults.after_failed[key]["closed_at"] is None for key in halfway)


def test_keys_stay_out_of_failed_runs_and_output(faults):
    text = repr(scrape_runs(faults.db_path)) + faults.failed.stdout + faults.failed.stderr
    logs = "".join(p.read_text(errors="replace") for p in (faults.home / "logs").glob("*.log"))
    for var in ("USAJOBS_API_KEY", "ADZUNA_APP_ID", "ADZUNA_APP_KEY"):
        assert SECRETS[var] not in text, var
        assert SECRETS[var] not in logs, var
    assert "app_key=REDACTED" in error_of(faults.runs_failed["truncated"])["url"]


# -- a crawl killed halfway ----------------------------------------------------------------


def stored_by_run(db_path, source: str) -> tuple[int | None, int]:
    """The newest run of `source` and how many postings it has stored so far."""
    with closing(sqlite3.connect(db_path)) as connection:
        row = connection.execute(
            "SELECT max(id) FROM scrape_runs WHERE source = ? AND status = 'running'", (source,)
        ).fetchone()
        if row[0] is None:
            return None, 0
        count = connection.execute(
            "SELECT count(*) FROM postings WHERE last_run_id = ?", (row[0],)
        ).fetchone()[0]
    return row[0], count


def test_a_crawl_killed_halfway_loses_nothing_and_the_next_one_succeeds(faults):
    before = exported(faults.db, faults.env)
    boards = faults.boards
    boards.healthy()
    # Page 2 hangs until released, so the kill comes while page 1's postings are stored.
    page = boards.workday_page

    def hanging(request: ServedRequest) -> Reply:
        boards.release_page_two.wait(timeout=60)
        return page(request)

    faults.server.route(
        f"{PATHS['halfway']}/jobs",
        lambda request: (
            hanging(request)
            if int((request.json() or {}).get("offset", 0)) >= 20
            else page(request)
        ),
        method="POST",
    )
    lease_ttl = 3
    env = hitboard_env(
        faults.home,
        {"STORE_BATCH_SIZE": 5, "STORE_UNCHANGED_BATCH_SIZE": 5, "DOWNLOAD_TIMEOUT": 60},
        HITBOARD_LEASE_TTL=str(lease_ttl),
        **SECRETS,
    )
    command = [sys.executable, "-m", "cli", "crawl", "--sources", str(faults.sources)]
    command += ["--db", faults.db, "--only", "halfway"]
    crawl = subprocess.Popen(
        command,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the CLI and its scrapy child
    )
    try:
        deadline = time.monotonic() + 90
        run_id, stored = None, 0
        while stored < 5 and time.monotonic() < deadline and crawl.poll() is None:
            time.sleep(0.2)
            run_id, stored = stored_by_run(faults.db_path, "halfway")
        assert stored >= 5, "the crawl stored nothing to be killed after"
    finally:
        os.killpg(crawl.pid, signal.SIGKILL)
        crawl.wait()
        boards.release_page_two.set()

    assert_nothing_lost_or_altered(before, exported(faults.db, faults.env))

    time.sleep(lease_ttl + 0.5)  # nobody renews the dead crawl's lease: it expires
    boards.healthy()
    again = hitboard(
        "crawl", "--sources", str(faults.sources), "--db", faults.db, "--only", "halfway", env=env
    )
    assert again.returncode == 0, again.stdout + again.stderr
    runs = {run["id"]: run for run in scrape_runs(faults.db_path)}
    assert runs[run_id]["status"] == "interrupted"
    newest = runs[max(runs)]
    assert (newest["status"], newest["seen"], newest["closed"]) == ("succeeded", WORKDAY_JOBS, 0)
    assert_nothing_lost_or_altered(before, exported(faults.db, faults.env))
