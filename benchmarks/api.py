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
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx
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
    return rows


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


def digest_figures(path: Path, url: str, searches: int) -> dict[str, Any]:
    engine = init_db(url)
    figures: dict[str, Any] = {"searches": searches}
    with Receiver() as receiver:
        with session_scope(engine) as session:
            for number in range(searches):
                saved.save_search(
                    session=session,
                    name=f"search {number}",
                    search=JobSearch.from_params(saved_search_params(number)),
                    webhook=receiver.url,
                    now=NOW - timedelta(days=1),
                )
        # First pass: every posting is new to every search. Next: two days on, with no new
        # postings (past the look-back of a day): what a pass costs most of the time.
        passes = {"first pass": NOW + timedelta(hours=1), "two days on": NOW + timedelta(days=2)}
        for label, moment in passes.items():
            start = time.perf_counter()
            deliveries = send_digests(engine, now=moment)
            seconds = time.perf_counter() - start
            sent = sum(d.outcome == "sent" for d in deliveries)
            figures[label] = (seconds, sent, receiver.postings)
    with session_scope(engine, readonly=True) as session:
        statements = []
        for row in saved.searches_with_digests(session=session):
            query = saved.digest_query(row, "webhook", dialect="sqlite", now=NOW)  # first pass
            compiled = query.compile(
                dialect=sqlite_dialect.dialect(), compile_kwargs={"literal_binds": True}
            )
            statements.append(str(compiled))
    connection = sqlite3.connect(path)
    start = time.perf_counter()
    for statement in statements:
        connection.execute(statement).fetchall()
    figures["raw SQL candidates"] = time.perf_counter() - start
    connection.close()
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--searches", type=int, default=1000)
    args = parser.parse_args()
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    for size in args.sizes:
        cached = cached_store(size)
        with tempfile.TemporaryDirectory(dir=RESULTS) as folder:
            path = Path(folder) / "store.db"
            shutil.copy(cached, path)
            url = f"sqlite:///{path}"
            print(f"\n{size:,} postings; p50 / p95 ms over {args.repeat} requests")
            for row in api_figures(path, url, args.repeat):
                cells = [f"{k}: {p50:.1f} / {p95:.1f}" for k, (p50, p95) in
                         ((k, v) for k, v in row.items() if k != "case")]  # fmt: skip
                print(f"  {row['case']:<9} " + "; ".join(cells))
            digests = digest_figures(path, url, args.searches)
            for label in ("first pass", "two days on"):
                seconds, sent, total = digests[label]
                print(f"  digests, {label}: {seconds:.2f} s ({sent} sent, {total} postings in all)")
            raw = digests["raw SQL candidates"]
            print(f"  digests, raw SQL of the {args.searches} candidate queries: {raw:.2f} s")
            dispose_engine(url)
    print(f"\nload average after: {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    sys.exit(main())
