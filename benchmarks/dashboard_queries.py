"""The Jobs page at 100,000 and 1,000,000 postings: server time per filter change, first
load in headless Chromium, and the dashboard's memory.

    python -m benchmarks.dashboard_queries [--sizes 100000 1000000] [--repeat 30] [--no-browser]
        [--generated 100000]

Stores come from benchmarks.stores (generated once, cached under benchmarks/results/); with
--generated, a bigger store is copies of that many generated postings.
For each filter change it times what the Jobs page runs on the server: the listing revision,
one page of 50 rows with its count (and, with a pay floor, the count of postings without
pay), the jobs among them when the count is exact, the page's cluster facts and copies, and
the facet counts it reads for its widgets (cached by the store, so a filter change pays only
their lookup). Beside it, in the same run and on the same file:

- raw SQL, same plan: the same statements hand-written, run with sqlite3 (what the query
  layer costs over the database);
- raw SQL, plain: the page and an exact count(*) written the obvious way, the way the page
  read the store before (what the planning saves).

Then, apart: the pay figures (postings and median pay per state, pay distribution) that the
map and pay pages chart, and the facet counts computed cold. p50/p95 over `repeat` runs.

The first load is timed in headless Chromium: a new browser session opening the Jobs page of
a dashboard that `hitboard dashboard` serves (dashboard.serve) and nobody has opened yet,
until its count line shows. Beside it: a second new session's load, the same load of a
Streamlit page that holds only a count line (the floor no Streamlit page goes under), and
the time from start to serving. The dashboard's resident memory (VmRSS, VmHWM) is read from
/proc after that load and a few filter changes. The machine's load average is printed with
the table.
"""

import argparse
import os
import sqlite3
import statistics
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.stores import NOW, cached_store
from cli.dashboard import APP, dashboard_command
from demo.server import free_port, wait_until_serving
from store import facets
from store.cluster_copies import cluster_copies
from store.clusters.signals import cluster_facts
from store.db import dispose_engine, init_db, session_scope
from store.facets import facet_counts, search_figures
from store.job_search import JobSearch
from store.listing import COUNT_LIMIT, DRIVE_LIMIT, UNPAID_SCAN_FACTOR, count_jobs, list_postings
from store.postings import listing_revision

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run"]  # fmt: skip
# fmt: off
CASES: dict[str, dict[str, Any]] = {
    "none": {},
    "keyword": {"q": "coder"},
    "state": {"state": "FL"},
    "remote": {"arrangement": "remote"},
    "credential": {"credential": "CPC"},
    "minimum pay": {"min_pay": "60000"},
    "combined": {
        "q": "coder",
        "state": ["FL", "TX", "GA"],
        "arrangement": "remote",
        "credential": "CPC",
        "min_pay": "50000",
    },
}
OPEN = "closed_at IS NULL AND relevant = 1"
NEWEST = "ORDER BY listed_at DESC, id DESC LIMIT 51"
CODER = "SELECT rowid FROM posting_search WHERE posting_search MATCH '(\"coder\")'"
CODER_TITLE = (
    "SELECT rowid FROM posting_search WHERE posting_search MATCH '{title} : ((\"coder\"))'"
)
CPC = "SELECT posting_id FROM posting_tags WHERE facet = 'credential' AND value = 'CPC'"
CPC_PROBE = ("EXISTS (SELECT 1 FROM posting_tags AS t WHERE t.facet = 'credential' "
             "AND t.value = 'CPC' AND t.posting_id = postings.id)")  # fmt: skip
# Per case, hand-written: conditions on postings columns, the pay floor, id sets (SELECT,
# per-row probe).
RAW: dict[str, tuple[str, str | None, list[tuple[str, str | None]]]] = {
    "none": (OPEN, None, []),
    "keyword": (OPEN, None, [(CODER, None)]),
    "state": (f"{OPEN} AND state = 'FL'", None, []),
    "remote": (f"{OPEN} AND remote = 'remote'", None, []),
    "credential": (OPEN, None, [(CPC, CPC_PROBE)]),
    "minimum pay": (OPEN, "salary_annual_top >= 60000", []),
    "combined": (f"{OPEN} AND state IN ('FL', 'TX', 'GA') AND remote = 'remote'",
                 "salary_annual_top >= 50000", [(CODER, None), (CPC, CPC_PROBE)]),
}
# fmt: on


def raw_same_plan(connection: sqlite3.Connection, name: str) -> None:
    """store.listing's plan, hand-written: size the id sets, drive from a small one or walk
    the listing index, the title-match segment first for a keyword, a count that stops."""
    plain, floor, sets = RAW[name]
    columns = f"{plain} AND {floor}" if floor else plain
    title = [(CODER_TITLE, None)] if any(ids == CODER for ids, _ in sets) else []

    def size(ids: str) -> int:
        bounded = f"SELECT count(*) FROM ({ids} LIMIT {DRIVE_LIMIT + 1})"
        return connection.execute(bounded).fetchone()[0]

    def where(members: list[tuple[str, str | None]], outside=(), columns=columns) -> str:
        sized = [(size(ids), n, ids) for n, (ids, _) in enumerate(members)]
        small = [found for found in sized if found[0] <= DRIVE_LIMIT]
        driver = min(small)[2] if small else None
        parts = [columns]
        for ids, probe in members:
            parts.append(f"id IN ({ids})" if ids == driver else probe or f"id + 0 IN ({ids})")
        parts += [f"NOT id + 0 IN ({ids})" for ids, _ in outside]
        return " AND ".join(parts)

    segments = [(sets + title, ()), (sets, title)] if title else [(sets, ())]
    rows: list = []
    for members, outside in segments:
        statement = f"SELECT id, listed_at FROM postings WHERE {where(members, outside)} {NEWEST}"
        rows += connection.execute(statement).fetchall()
        if len(rows) > 50:
            break
    ids = ",".join(str(row[0]) for row in rows[:50])
    connection.execute(f"SELECT * FROM postings WHERE id IN ({ids})").fetchall()
    if not floor:
        counted = f"SELECT id FROM postings WHERE {where(sets)} LIMIT {COUNT_LIMIT + 1}"
        connection.execute(f"SELECT count(*) FROM ({counted})").fetchall()
        return
    # Under a floor, one pass counts both what meets it and what states no pay.
    either = where(sets, columns=f"{plain} AND ({floor} OR salary_annual_top IS NULL)")
    scan = UNPAID_SCAN_FACTOR * COUNT_LIMIT + 1
    tops = f"SELECT salary_annual_top AS top FROM postings WHERE {either} LIMIT {scan}"
    connection.execute(f"SELECT count(*), sum(top IS NOT NULL) FROM ({tops})").fetchall()


def raw_plain(connection: sqlite3.Connection, name: str) -> None:
    """The page and an exact count, written the obvious way (sets as `id IN`)."""
    plain, floor, sets = RAW[name]
    where = " AND ".join([plain, *([floor] if floor else []), *(f"id IN ({i})" for i, _ in sets)])
    connection.execute(f"SELECT * FROM postings WHERE {where} {NEWEST}").fetchall()
    connection.execute(f"SELECT count(*) FROM postings WHERE {where}").fetchall()


def timings(
    run: Callable[[], Any], repeat: int, before: Callable[[], Any] | None = None
) -> tuple[float, float]:
    """p50 and p95 of `repeat` runs, in milliseconds (after one warm-up run); `before`, when
    given, runs untimed before each."""
    run()
    samples = []
    for _ in range(repeat):
        if before is not None:
            before()
        start = time.perf_counter()
        run()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return statistics.median(samples), samples[min(len(samples) - 1, round(0.95 * len(samples)))]


def page_run(url: str, params: dict[str, Any]) -> Callable[[], Any]:
    """What a filter change costs the Jobs page on the server (store.listing and friends)."""
    engine = init_db(url)
    search = JobSearch.from_params(params)
    scope = JobSearch(include_closed=True, include_unrelated=True)

    def run() -> None:
        with session_scope(engine, readonly=True) as session:
            listing_revision(session)
            facet_counts(session, scope)  # the widgets' options: a cached lookup
            facet_counts(session, JobSearch())  # the count line's "of N"
            page = list_postings(session, search, now=NOW)
            assert page.rows, params
            # One row per job: the count line's jobs, and each row's cluster and copies.
            if page.total_exact:
                count_jobs(session, search, now=NOW)
            facts = cluster_facts(session=session, posting_ids=[row["id"] for row in page.rows])
            cluster_copies(session, [f.cluster_id for f in facts.values() if f.cluster_id])

    return run


def raw_run(path: Path, name: str, how: Callable[[sqlite3.Connection, str], None]):
    connection = sqlite3.connect(path)
    return lambda: how(connection, name)


def figures_run(url: str, params: dict[str, Any]) -> Callable[[], Any]:
    engine = init_db(url)
    search = JobSearch.from_params(params)

    def run() -> None:
        with session_scope(engine, readonly=True) as session:
            search_figures(session, search, now=NOW)

    return run


def cold_facets_ms(url: str) -> float:
    engine = init_db(url)
    facets.clear_facet_cache()
    start = time.perf_counter()
    with session_scope(engine, readonly=True) as session:
        facet_counts(session, JobSearch(include_closed=True, include_unrelated=True))
        facet_counts(session, JobSearch())
    return (time.perf_counter() - start) * 1000


# The floor: a Streamlit page that shows one count line and nothing else.
FLOOR_APP = 'import streamlit as st\nst.markdown("**1** of 1 postings match.")\n'


@contextmanager
def _serving(command: list[str], env: dict[str, str], port: int) -> Iterator[tuple[str, Any]]:
    """Start a dashboard command; yield its address and process once it is serving."""
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(f"{base}/_stcore/health", process, timeout=120, poll=0.05)
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def _new_session_load(browser: Any, address: str) -> tuple[float, Any]:
    """Seconds for a new browser session (a new context) to show the count line."""
    page = browser.new_context().new_page()
    opened = time.perf_counter()
    page.goto(address)
    page.get_by_text("postings match").first.wait_for(timeout=120_000)
    return time.perf_counter() - opened, page


def first_load(url: str, *, changes: int = 4) -> dict[str, float]:
    """The first page load as a job seeker meets it: the dashboard is serving (started by
    `hitboard dashboard`'s command, healthy, never opened yet), a new browser session opens
    the Jobs page; seconds until its count line shows. Beside it, in the same run: a second
    new session's load, the same load of a Streamlit page holding only a count line (the
    floor), seconds from start to serving, and the memory after a few filter changes."""
    from playwright.sync_api import sync_playwright

    port = free_port()
    command = dashboard_command(port, server_address="127.0.0.1", server_fileWatcherType="none")
    env = dict(os.environ, HITBOARD_DATABASE_URL=url)
    with sync_playwright() as playwright, tempfile.TemporaryDirectory() as folder:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            start = time.perf_counter()
            with _serving(command, env, port) as (base, process):
                serving = time.perf_counter() - start
                first, _ = _new_session_load(browser, base)
                second, page = _new_session_load(browser, base)
                for params in list(CASES.values())[1 : 1 + changes]:
                    page.goto(f"{base}/?{urlencode(params, doseq=True)}")
                    page.get_by_text("match").first.wait_for(timeout=120_000)
                rss, peak = _memory_mb(process.pid)
            floor_app = Path(folder) / "floor.py"
            floor_app.write_text(FLOOR_APP)
            floor_port = free_port()
            floor_command = [part.replace(str(port), str(floor_port)) for part in command]
            floor_command[floor_command.index(str(APP))] = str(floor_app)
            with _serving(floor_command, env, floor_port) as (base, _):
                floor, _ = _new_session_load(browser, base)
        finally:
            browser.close()
    return {"first_load_s": first, "second_load_s": second, "floor_s": floor,
            "serving_s": serving, "rss_mb": rss, "peak_rss_mb": peak}  # fmt: skip


def _memory_mb(pid: int) -> tuple[float, float]:
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        name, _, value = line.partition(":")
        fields[name] = value.strip()
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument(
        "--generated", type=int, help="bigger stores are copies of this many generated postings"
    )
    args = parser.parse_args()

    print(
        "| store | filter change | Jobs page p50 / p95 ms | raw SQL, same plan p50 / p95 ms "
        "| raw SQL, plain p50 / p95 ms | plain / page (p95) |"
    )
    print("|---|---|---:|---:|---:|---:|")
    extras = []
    for size in args.sizes:
        path = cached_store(size, generated=args.generated)
        url = f"sqlite:///{path}"
        cold = cold_facets_ms(url)
        for name, params in CASES.items():
            page = timings(page_run(url, params), args.repeat)
            same = timings(raw_run(path, name, raw_same_plan), args.repeat)
            plain = timings(raw_run(path, name, raw_plain), max(3, args.repeat // 5))
            print(f"| {size:,} | {name} | {page[0]:.0f} / {page[1]:.0f} | {same[0]:.0f} / "
                  f"{same[1]:.0f} | {plain[0]:.0f} / {plain[1]:.0f} | "
                  f"{plain[1] / page[1]:.1f}x |", flush=True)  # fmt: skip
        figures = timings(figures_run(url, {}), max(3, args.repeat // 5))
        figures_kw = timings(figures_run(url, CASES["keyword"]), max(3, args.repeat // 5))
        browser = {} if args.no_browser else first_load(url)
        dispose_engine(url)
        extras.append((size, cold, figures, figures_kw, browser))

    print(
        "\n| store | facet counts, cold ms | pay figures p50 / p95 ms (none; keyword) "
        "| first load s (a second session) | floor: a one-line Streamlit page s "
        "| start to serving s | dashboard RSS MB (peak) |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|")
    for size, cold, figures, figures_kw, browser in extras:
        load = (f"{browser['first_load_s']:.2f} ({browser['second_load_s']:.2f})" if browser
                else "—")  # fmt: skip
        serving = f"{browser['serving_s']:.1f}" if browser else "—"
        floor = f"{browser['floor_s']:.2f}" if browser else "—"
        rss = f"{browser['rss_mb']:.0f} ({browser['peak_rss_mb']:.0f})" if browser else "—"
        print(
            f"| {size:,} | {cold:.0f} | {figures[0]:.0f} / {figures[1]:.0f}; "
            f"{figures_kw[0]:.0f} / {figures_kw[1]:.0f} | {load} | {floor} | {serving} | {rss} |"
        )
    print(
        f"\nload average: {' '.join(f'{v:.2f}' for v in os.getloadavg())} ({os.cpu_count()} cores)"
    )


if __name__ == "__main__":
    main()
