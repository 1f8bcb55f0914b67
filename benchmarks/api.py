"""The HTTP API and the digests on a generated store: GET /postings with a combined filter
under uvicorn, and a digest pass over many saved searches.

    python -m benchmarks.api [--sizes 100000] [--repeat 50] [--searches 1000]

Stores come from benchmarks.stores (generated once, cached); each run works on a copy, so
the saved searches it adds never reach the cache. The API runs as `hitboard api` in its
own process on 127.0.0.1, timed from an httpx client (p50/p95 over `repeat` requests, after
a warm-up). Beside it, in the same run on the same file:

- store call: list_postings and the export records in this process (what HTTP and JSON add);
- raw SQL, same plan: the page and its count hand-written in sqlite3
  (benchmarks.dashboard_queries), what the whole query layer costs over the database.

The combined filter is timed again just after a commit from another connection that changes
the full-text index (as a crawl that finds a new posting does): the first request after it
and the second, which pay for the keyword's matches that the rest reuse (store.kept_matches).

Digests: `searches` saved searches (keywords, states, pay floors, credentials in turn), each
with a webhook on a local receiver: a first pass (every match is new: up to 100 postings per
search sent and recorded), then a pass two days on with nothing new (what the scheduler pays
most of the time). Beside them: the candidate queries, as the first pass left them, compiled
to SQL and run in sqlite3.
"""

import argparse
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
from sqlalchemy import Engine, func, select
from sqlalchemy.dialects import sqlite as sqlite_dialect

from benchmarks.dashboard_queries import CASES, raw_run, raw_same_plan, timings
from benchmarks.stores import NOW, RESULTS, cached_store
from demo.server import free_port
from scheduler.digests import send_digests
from store import saved_searches as saved
from store.db import dispose_engine, init_db, session_scope
from store.export import records_by_id
from store.job_search import JobSearch
from store.listing import list_postings
from store.models import DigestSent

ROOT = Path(__file__).resolve().parents[1]
API_CASES = ("none", "state", "combined")
KEYWORDS = ("coder", "registrar", "records", "auditor", "", "inpatient", "release")
STATES = ("FL", "TX", "GA", "CA", "NY", "OH", "PA", "NC", "IL", "")
CREDENTIALS = ("", "CPC", "CCS", "RHIT", "")


def _query(params: dict[str, Any]) -> list[tuple[str, str]]:
    pairs = []
    for key, value in params.items():
        for one in value if isinstance(value, list) else [value]:
            pairs.append((key, str(one)))
    return pairs


class ApiProcess:
    """`hitboard api` on a free port of 127.0.0.1, stopped on exit."""

    def __init__(self, url: str) -> None:
        self.port = free_port()
        command = [sys.executable, "-m", "cli", "api", "--port", str(self.port), "--db", url]
        self.process = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env={**os.environ, "HITBOARD_API_TOKEN": ""},
        )  # fmt: skip
        self.client = httpx.Client(base_url=f"http://127.0.0.1:{self.port}", timeout=60)

    def __enter__(self) -> "ApiProcess":
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            try:
                if self.client.get("/openapi.json").status_code == 200:
                    return self
            except httpx.TransportError:
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("hitboard api did not start")

    def __exit__(self, *_exc: Any) -> None:
        self.client.close()
        self.process.terminate()
        self.process.wait(timeout=30)


def api_figures(path: Path, url: str, repeat: int) -> list[dict[str, Any]]:
    engine = init_db(url)
    rows = []
    with ApiProcess(url) as api:
        for name in API_CASES:
            params = _query(CASES[name])
            answer = api.client.get("/postings", params=params)
            answer.raise_for_status()
            assert answer.json()["items"], name

            def http(params=params) -> None:
                api.client.get("/postings", params=params).raise_for_status()

            search = JobSearch.from_params(CASES[name])

            def store_call(search=search) -> None:
                with session_scope(engine, readonly=True) as session:
                    page = list_postings(session, search)
                    records_by_id(session=session, posting_ids=[r["id"] for r in page.rows])

            raw = raw_run(path, name, raw_same_plan)
            figures = {"GET /postings": timings(http, repeat)}
            figures["store call"] = timings(store_call, repeat)
            figures["raw SQL, same plan"] = timings(raw, repeat)
            rows.append({"case": name, **figures})
            if name == "combined":
                rows += after_index_change(path, {"GET /postings": http, "store call": store_call},
                                           repeat)  # fmt: skip
    return rows


def after_index_change(path: Path, calls: dict[str, Any], repeat: int) -> list[dict[str, Any]]:
    """The calls timed just after a crawl changed a posting's text: the first request (a
    keyword's matches gathered as SQLite does) and the second (which copies them)."""
    change = store_changes(path)
    first = {label: timings(call, repeat, before=change) for label, call in calls.items()}
    second = {
        label: timings(call, repeat, before=lambda call=call: (change(), call()))
        for label, call in calls.items()
    }
    return [{"case": "combined, 1st request after an index change", **first},
            {"case": "combined, 2nd request after an index change", **second}]  # fmt: skip


def store_changes(path: Path):
    """A commit from another connection that rewrites a posting's text, as a crawl that finds a
    new or edited posting does: the full-text index changes, so the store's kept keyword
    matches (store.kept_matches) must be made again by the next request."""
    connection = sqlite3.connect(path, isolation_level=None)
    # A trailing space on and off: the index is rewritten, no search's answer changes.
    touch = (
        "UPDATE posting_texts SET title = CASE WHEN title LIKE '% ' THEN rtrim(title) "
        "ELSE title || ' ' END WHERE posting_id = (SELECT max(posting_id) FROM posting_texts)"
    )

    def commit() -> None:
        connection.execute(touch)

    return commit


class Receiver:
    """A webhook receiver on 127.0.0.1 that counts what it is sent."""

    def __init__(self) -> None:
        self.posts = 0
        self.postings = 0
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                receiver.posts += 1
                receiver.postings += len(body["postings"])
                self.send_response(204)
                self.end_headers()

            def log_message(self, *_args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/digest"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self) -> "Receiver":
        self.thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.server.shutdown()
        self.server.server_close()


def saved_search_params(number: int) -> dict[str, Any]:
    params: dict[str, Any] = {}
    keyword, state = KEYWORDS[number % len(KEYWORDS)], STATES[number % len(STATES)]
    credential = CREDENTIALS[number % len(CREDENTIALS)]
    if keyword:
        params["q"] = keyword
    if state:
        params["state"] = state
    if credential:
        params["credential"] = credential
    if number % 3 == 0:
        params["min_pay"] = str(40_000 + 5_000 * (number % 7))
    return params


ARRIVAL_DAYS = 180  # postings of a realistic store arrive over half a year


def spread_arrivals(path: Path, days: int = ARRIVAL_DAYS) -> int:
    """Make the generated postings (all first seen at NOW) arrive over `days`, in id order,
    the last at NOW; return how many were first seen in the last day."""
    connection = sqlite3.connect(path)
    with connection:
        last = connection.execute("SELECT max(id) FROM postings").fetchone()[0]
        connection.execute(
            "UPDATE postings SET first_seen_at = strftime('%Y-%m-%d %H:%M:%f000', ?, "
            "'-' || ((? - id) * ? / ?) || ' days')",
            (NOW.isoformat(sep=" "), last, float(days), last),
        )
        # listed_at is posted_at, else first_seen_at
        connection.execute("UPDATE postings SET listed_at = first_seen_at WHERE posted_at IS NULL")
    a_day = (NOW - timedelta(days=1)).strftime("%Y-%m-%d %H:%M:%S.%f")
    new = connection.execute("SELECT count(*) FROM postings WHERE first_seen_at > ?", (a_day,))
    count = new.fetchone()[0]
    connection.close()
    return count


def save_searches(
    engine: Engine, count: int, webhook: str, created: datetime, last_sent: datetime | None
) -> None:
    with session_scope(engine) as session:
        for old in saved.list_searches(session=session):
            saved.delete_search(session=session, search_id=old.id)
        for number in range(count):
            row = saved.save_search(
                session=session,
                name=f"search {number}",
                search=JobSearch.from_params(saved_search_params(number)),
                webhook=webhook,
                now=created,
            )
            row.last_sent_at = last_sent


def candidate_statements(engine: Engine, now: datetime) -> list[str]:
    """Each search's candidate query as the next pass runs it, as SQLite SQL."""
    with session_scope(engine, readonly=True) as session:
        rows = saved.searches_with_digests(session=session)
    queries = [saved.digest_query(row, "webhook", dialect="sqlite", now=now) for row in rows]
    dialect = sqlite_dialect.dialect()
    return [str(q.compile(dialect=dialect, compile_kwargs={"literal_binds": True}))
            for q in queries]  # fmt: skip


# The window of a pass, hand-written: what DigestWindow copies.
RAW_WINDOW = (
    "CREATE TEMP TABLE postings AS SELECT * FROM main.postings WHERE first_seen_at > ?",
    "CREATE TEMP TABLE posting_tags AS SELECT * FROM main.posting_tags "
    "WHERE posting_id IN (SELECT id FROM temp.postings)",
    "CREATE TEMP TABLE posting_matches AS SELECT * FROM main.posting_matches "
    "WHERE posting_id IN (SELECT id FROM temp.postings)",
    "CREATE VIRTUAL TABLE temp.posting_search USING fts5(title, company, description_text, "
    "tokenize='unicode61 remove_diacritics 2')",
    "INSERT INTO temp.posting_search (rowid, title, company, description_text) "
    "SELECT posting_id, title, company, description_text FROM main.posting_texts "
    "WHERE posting_id IN (SELECT id FROM temp.postings)",
    # the primary keys the window's tables have
    "CREATE UNIQUE INDEX temp.window_postings ON postings (id)",
    "CREATE UNIQUE INDEX temp.window_tags ON posting_tags (facet, value, posting_id)",
    "CREATE UNIQUE INDEX temp.window_matches ON posting_matches (posting_id)",
)


def raw_seconds(path: Path, statements: list[str], window: datetime | None) -> float:
    """The candidate queries in sqlite3 (in the pass's window, hand-written, when given)."""
    connection = sqlite3.connect(path)
    start = time.perf_counter()
    if window is not None:
        for number, statement in enumerate(RAW_WINDOW):
            stamp = window.strftime("%Y-%m-%d %H:%M:%S.%f")
            connection.execute(statement, (stamp,) if number == 0 else ())
    for statement in statements:
        connection.execute(statement).fetchall()
    seconds = time.perf_counter() - start
    connection.close()
    return seconds


def timed_pass(engine: Engine, receiver: "Receiver", moment: datetime) -> dict[str, Any]:
    before = receiver.postings
    start = time.perf_counter()
    deliveries = send_digests(engine, now=moment)
    seconds = time.perf_counter() - start
    with session_scope(engine, readonly=True) as session:
        searches = saved.searches_with_digests(session=session)
        window = saved.window_start(session=session, searches=searches)
        rows = session.scalar(select(func.count()).select_from(DigestSent)) or 0
    return {
        "seconds": seconds,
        "sent": sum(d.outcome == "sent" for d in deliveries),
        "postings": receiver.postings - before,
        "digest_sent rows": rows,
        "next window": window,
    }


def digest_figures(path: Path, url: str, searches: int, worst_searches: int) -> dict[str, Any]:
    """Digest passes on the store with its postings arriving over half a year.

    Realistic: a daily digest went out a day ago; the pass an hour past the store's last
    crawl offers each search the postings of the last two days (a day's overlap, none of them
    recorded as sent yet), then a pass an hour later finds nothing new. Worst case: searches
    saved before every posting, so on their first pass everything is new (the store itself is
    read: no window is that small)."""
    new_in_a_day = spread_arrivals(path)
    engine = init_db(url)
    figures: dict[str, Any] = {"new in the last day": new_in_a_day}
    with Receiver() as receiver:
        save_searches(engine, searches, receiver.url, NOW - timedelta(days=30),
                      last_sent=NOW - timedelta(days=1))  # fmt: skip
        daily = NOW + timedelta(hours=1)
        window = NOW - timedelta(days=2)
        figures["raw SQL, daily"] = raw_seconds(path, candidate_statements(engine, daily), window)
        figures["daily pass"] = timed_pass(engine, receiver, daily)
        figures["an hour on"] = timed_pass(engine, receiver, daily + timedelta(hours=1))

        first = NOW - timedelta(days=ARRIVAL_DAYS + 1)
        save_searches(engine, worst_searches, receiver.url, first, last_sent=None)
        worst = NOW + timedelta(hours=3)
        statements = candidate_statements(engine, worst)
        figures["raw SQL, worst"] = raw_seconds(path, statements, None)
        figures["worst case"] = timed_pass(engine, receiver, worst)
    return figures


def print_digests(figures: dict[str, Any], searches: int, worst_searches: int) -> None:
    print(f"  digests: {figures['new in the last day']:,} postings first seen in the last day")
    for label, count, raw in (("daily pass", searches, "raw SQL, daily"),
                              ("an hour on", searches, None),
                              ("worst case", worst_searches, "raw SQL, worst")):  # fmt: skip
        row = figures[label]
        line = (f"    {label}, {count} searches: {row['seconds']:.2f} s "
                f"({row['seconds'] / count * 1000:.1f} ms a search; {row['sent']} sent, "
                f"{row['postings']:,} postings; "
                f"digest_sent {row['digest_sent rows']:,} rows)")  # fmt: skip
        if raw:
            line += f"; raw SQL {figures[raw]:.2f} s ({row['seconds'] / figures[raw]:.1f}x)"
        print(line, flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--searches", type=int, default=1000)
    parser.add_argument(
        "--worst-searches", type=int, default=200, help="searches in the worst-case pass"
    )
    parser.add_argument(
        "--generated", type=int, help="bigger stores are copies of this many generated postings"
    )
    parser.add_argument("--parts", nargs="+", choices=("api", "digests"),
                        default=["api", "digests"])  # fmt: skip
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    for size in args.sizes:
        cached = cached_store(size, generated=args.generated)
        with tempfile.TemporaryDirectory(dir=RESULTS) as folder:
            path = Path(folder) / "store.db"
            shutil.copy(cached, path)
            url = f"sqlite:///{path}"
            if "api" in args.parts:
                print(f"\n{size:,} postings; p50 / p95 ms over {args.repeat} requests")
                for row in api_figures(path, url, args.repeat):
                    cells = [f"{k}: {p50:.1f} / {p95:.1f}" for k, (p50, p95) in
                             ((k, v) for k, v in row.items() if k != "case")]  # fmt: skip
                    print(f"  {row['case']:<9} " + "; ".join(cells), flush=True)
            if "digests" in args.parts:
                print(f"\n{size:,} postings", flush=True)
                digests = digest_figures(path, url, args.searches, args.worst_searches)
                print_digests(digests, args.searches, args.worst_searches)
            dispose_engine(url)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}", flush=True)


if __name__ == "__main__":
    sys.exit(main())
