"""Every fault, for every hospital and public-sector kind, through the whole pipeline.

Each (board, fault) pair is its own source on one LocalServer, crawled in two Scrapy
processes (one crawler per source) into one SQLite store: first all healthy (the baseline,
snapshotted through the export), then each with its fault in place of its list request.
The faults are tests/kind_boards.py's table, the one tests/cli/test_faults.py meets through
`hitboard crawl`: 5xx then success and 429 with Retry-After (the run survives them), a hung
server, a reset, a body cut short and an HTML error page with status 200 (the run fails,
naming the URL and the reason). After the faulty crawl nothing stored is lost, altered or
closed.
"""

import re
from types import SimpleNamespace

import pytest

from demo.server import LocalServer
from store.db import init_db, session_scope
from store.export import export_records
from tests.cli.boards import scrape_runs
from tests.crawling import crawl_many
from tests.kind_boards import BOARDS, FAULTS, put_fault, serve_board

TIMEOUT = 3  # seconds: DOWNLOAD_TIMEOUT of the faulty crawl (its 96 crawlers share 2 cores)
PAIRS = [(variant, fault) for variant in BOARDS for fault in FAULTS]
FAST = {"RETRY_TIMES": "1", "CONCURRENT_REQUESTS": "64", "CONCURRENT_REQUESTS_PER_DOMAIN": "64"}


def name_of(variant: str, fault: str) -> str:
    return f"{variant}-{fault}"


def base_of(variant: str, fault: str) -> str:
    return f"/{variant}/{fault}"


def exported(db_url: str) -> dict[tuple[str, str], dict]:
    with session_scope(init_db(db_url), readonly=True) as session:
        return {(r["source"], r["external_id"]): r for r in export_records(session=session)}


@pytest.fixture(scope="module")
def matrix(tmp_path_factory):
    home = tmp_path_factory.mktemp("faults-every-kind")
    db_path = home / "faults.db"
    db_url = f"sqlite:///{db_path}"
    with LocalServer() as server:
        sources = [
            {"name": name_of(v, f), **serve_board(server, v, base_of(v, f)), "keep": "all"}
            for v, f in PAIRS
        ]
        baseline = crawl_many(
            sources, tmp_path=home / "baseline", raw=False, db_url=db_url, settings=FAST
        )
        snapshot = exported(db_url)
        arrivals = {
            (v, f): put_fault(server, v, base_of(v, f), f, timeout=TIMEOUT) for v, f in PAIRS
        }
        faulty = crawl_many(
            sources,
            tmp_path=home / "faulty",
            raw=False,
            db_url=db_url,
            settings={**FAST, "DOWNLOAD_TIMEOUT": str(TIMEOUT)},
        )
        after = exported(db_url)
        runs = scrape_runs(db_path)
        list_urls = {(v, f): server.url(base_of(v, f) + BOARDS[v].list_path) for v, f in PAIRS}
    first_runs = {run["source"]: run for run in runs[: len(PAIRS)]}
    last_runs = {run["source"]: run for run in runs[len(PAIRS) :]}
    return SimpleNamespace(
        baseline=baseline,
        faulty=faulty,
        snapshot=snapshot,
        after=after,
        arrivals=arrivals,
        first_runs=first_runs,
        last_runs=last_runs,
        list_urls=list_urls,
    )


def test_every_board_is_healthy_first(matrix):
    for variant, fault in PAIRS:
        name = name_of(variant, fault)
        run = matrix.first_runs[name]
        assert run["status"] == "succeeded", (name, run["errors"], matrix.baseline[name].bugs)
        assert run["seen"] > 0 and any(key[0] == name for key in matrix.snapshot), name


@pytest.mark.parametrize(("variant", "fault"), PAIRS, ids=[name_of(v, f) for v, f in PAIRS])
def test_the_fault_ends_the_run_as_it_should_and_loses_nothing(matrix, variant, fault):
    name, expected = name_of(variant, fault), FAULTS[fault]
    run = matrix.last_runs[name]
    assert matrix.faulty[name].bugs == [], matrix.faulty[name].bugs
    assert run["closed"] == 0, run
    if expected.survivable:
        assert run["status"] == "succeeded", (run["errors"], run["note"])
        assert run["stats"]["retries"] >= 1
        assert run["seen"] == matrix.first_runs[name]["seen"]
    else:
        assert run["status"] == "failed", run
        assert "no posting was closed" in run["note"]
        fatal = [error for error in run["errors"] if error["fatal"]]
        assert fatal and fatal[0]["url"].startswith(matrix.list_urls[(variant, fault)]), fatal
        assert any(re.search(expected.reason, e["reason"]) for e in fatal), fatal
    keys = [key for key in matrix.snapshot if key[0] == name]
    for key in keys:
        before, now = matrix.snapshot[key], matrix.after[key]
        changed = {
            field for field in before if field != "last_seen_at" and now[field] != before[field]
        }
        assert not changed and now["closed_at"] is None, (key, changed)


def test_429_waits_for_retry_after(matrix):
    for variant in BOARDS:
        first, second, *_ = matrix.arrivals[(variant, "retry-429")]
        assert second - first >= 1, variant
