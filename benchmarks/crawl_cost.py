"""Crawl cost: CPU seconds and peak memory of `hitboard crawl`, against the floor, same run.

    python -m benchmarks.crawl_cost                       # 20,000 Greenhouse, 100,000 Workday
    python -m benchmarks.crawl_cost --postings 2000 --paged 2000   # a quick run
    python -m benchmarks.crawl_cost --paged 0             # Greenhouse only

Boards are generated from `benchmarks/synthetic.py` (2–4 KB descriptions) and served on
127.0.0.1 by `demo.server.LocalServer`:
- a Greenhouse board of `--postings` jobs, every one in one `GET …/jobs?content=true`;
- a Workday-style paged board of `--paged` jobs: `POST …/jobs` list pages of 20, then one
  `GET …{externalPath}` detail per posting.
Each board is crawled by `hitboard crawl --sources FILE --db URL` (a CLI process and its
crawl process, the real spider and pipelines) into a new SQLite file: first into the empty
store, then again with nothing changed. The run record must say all new, then all
unchanged. A crawl of an empty board gives the fixed cost of one crawl (start-up), and
the CPU seconds its crawl process has spent when its request for the board reaches the
server (read from /proc as the request arrives): what a crawl process costs before it
fetches.

CPU is user + system time of the `hitboard crawl` process and its crawl process, peak RSS
the largest of them, both read by `benchmarks/child_usage.py`, which starts them (a process
started from this one would carry this one's peak RSS). The floor, measured in the same run
in this process: `json.loads` of the same bytes the crawl fetched, plus a plain `sqlite3`
`executemany` of the same rows (read back from the crawled store) into a new file's table
without indexes, in one transaction. Crawls use no politeness delays
(`HITBOARD_SCRAPY_SETTINGS`), so the figures are the crawler's own cost.
"""

import argparse
import html
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.synthetic import synthetic_postings
from demo.server import LocalServer, Reply, ServedRequest

SEED = 20261214
WORKDAY_PAGE = 20
JSON_HEADERS = {"Content-Type": "application/json"}
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS": 16,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "RETRY_TIMES": 1,
    "DOWNLOAD_TIMEOUT": 60,
}


# -- boards ------------------------------------------------------------------------------


def description_html(text: str) -> str:
    """A synthetic description as the HTML a career system publishes: a paragraph a line,
    the lines after a heading as a list."""
    parts, items = [], []
    for line in text.splitlines():
        if line.endswith(":"):
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
                items = []
            parts.append(f"<p><strong>{html.escape(line)}</strong></p>")
        elif parts and parts[-1].startswith("<p><strong>"):
            items.append(f"<li>{html.escape(line)}</li>")
        else:
            if items:
                parts.append("<ul>" + "".join(items) + "</ul>")
                items = []
            parts.append(f"<p>{html.escape(line)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)


def _place(row: dict[str, Any]) -> str:
    if row["remote"] == "remote":
        return "Remote - US"
    return f"{row['city']}, {row['state']}" if row.get("city") else str(row.get("state") or "")


def greenhouse_job(row: dict[str, Any], number: int, base: str) -> dict[str, Any]:
    job: dict[str, Any] = {
        "id": number,
        "internal_job_id": number + 7_000_000,
        "title": row["title"],
        "absolute_url": f"{base}/greenhouse/bench/jobs/{number}",
        "company_name": row["company"],
        "location": {"name": _place(row)},
        "first_published": row["posted_at"].isoformat(),
        "updated_at": row["posted_at"].isoformat(),
        "requisition_id": f"R{number}",
        "metadata": [
            {
                "id": 1,
                "name": "Employment Type",
                "value": "Full-time",
                "value_type": "single_select",
            }
        ],
        "content": html.escape(description_html(row["description_text"])),
        "departments": [{"id": 2, "name": "Health Information", "child_ids": []}],
        "offices": [{"id": 3, "name": _place(row), "location": _place(row)}],
    }
    if row["salary_min"] is not None and row["salary_period"] == "year":
        job["pay_input_ranges"] = [
            {
                "min_cents": int(row["salary_min"] * 100),
                "max_cents": int(row["salary_max"] * 100),
                "currency_type": "USD",
                "title": "Annual Base Salary Range",
            }
        ]
    return job


def workday_path(row: dict[str, Any], number: int) -> str:
    city = (row.get("city") or "Remote").replace(" ", "-")
    title = "".join(c if c.isalnum() else "-" for c in row["title"])
    return f"/job/{city}/{title}_R{number}"


def workday_entry(row: dict[str, Any], number: int) -> dict[str, Any]:
    return {
        "title": row["title"],
        "externalPath": workday_path(row, number),
        "locationsText": _place(row),
        "postedOn": "Posted 30+ Days Ago",
        "remoteType": "Remote" if row["remote"] == "remote" else "Onsite",
        "bulletFields": [f"R{number}"],
    }


def workday_detail(row: dict[str, Any], number: int, base: str) -> dict[str, Any]:
    return {
        "jobPostingInfo": {
            "id": f"{number:032x}",
            "title": row["title"],
            "jobDescription": description_html(row["description_text"]),
            "location": _place(row),
            "postedOn": "Posted 30+ Days Ago",
            "startDate": row["posted_at"].date().isoformat(),
            "timeType": "Full time",
            "jobReqId": f"R{number}",
            "country": {"descriptor": "United States of America"},
            "remoteType": "Remote" if row["remote"] == "remote" else "Onsite",
            "externalUrl": f"{base}/workday/Bench{workday_path(row, number)}",
        },
        "hiringOrganization": {"name": row["company"], "url": ""},
    }


@dataclass
class Board:
    label: str
    kind: str
    url: str
    postings: int
    served: list[bytes]  # every answer body a crawl fetches (for the floor's json.loads)
    # The crawl process's CPU seconds as each request for the board arrived.
    asked_at_cpu: list[float] = field(default_factory=list)


def crawl_process_cpu(marker: bytes = b"scrapy\0crawl") -> float:
    """User + system CPU seconds of the newest running process whose command line holds
    `marker` (a `scrapy crawl`), 0 if none."""
    newest, cpu = -1, 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) < newest:
            continue
        try:
            if marker not in (entry / "cmdline").read_bytes():
                continue
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
        except OSError:  # it ended meanwhile
            continue
        newest = int(entry.name)
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return cpu


def serve_greenhouse(server: LocalServer, rows: list[dict], token: str) -> Board:
    path = f"/greenhouse/v1/boards/{token}"
    jobs = [greenhouse_job(row, 100_000 + i, server.url()) for i, row in enumerate(rows)]
    body = json.dumps({"jobs": jobs, "meta": {"total": len(jobs)}}).encode()
    label = f"Greenhouse, {len(rows):,} postings" if rows else "empty board (start-up)"
    board = Board(label, "greenhouse", server.url(path), len(rows), [body])

    def answer(_request: ServedRequest) -> Reply:
        board.asked_at_cpu.append(crawl_process_cpu())
        return Reply(body, headers=JSON_HEADERS)

    server.route(path + "/jobs", answer)
    return board


def serve_workday(server: LocalServer, rows: list[dict]) -> Board:
    """List pages of 20 and a detail per posting; bodies are made when asked for."""
    api = "/workday/wday/cxs/bench/Bench"
    base = server.url()
    entries = [workday_entry(row, 200_000 + i) for i, row in enumerate(rows)]

    def page(request: ServedRequest) -> Reply:
        asked = request.json() or {}
        offset, limit = int(asked.get("offset", 0)), min(int(asked.get("limit", 20)), 20)
        # Like the real API, the total comes on the first page only.
        total = len(entries) if offset == 0 else 0
        answer = {"total": total, "jobPostings": entries[offset : offset + limit]}
        return Reply(json.dumps(answer).encode(), headers=JSON_HEADERS)

    server.route(api + "/jobs", page, method="POST")
    for i, row in enumerate(rows):
        number = 200_000 + i

        def detail(_request: ServedRequest, row=row, number=number) -> Reply:
            return Reply(
                json.dumps(workday_detail(row, number, base)).encode(), headers=JSON_HEADERS
            )

        server.route(api + entries[i]["externalPath"], detail)

    def served() -> list[bytes]:
        bodies = []
        for offset in range(0, len(entries), WORKDAY_PAGE):
            total = len(entries) if offset == 0 else 0
            answer = {"total": total, "jobPostings": entries[offset : offset + WORKDAY_PAGE]}
            bodies.append(json.dumps(answer).encode())
        bodies += [
            json.dumps(workday_detail(row, 200_000 + i, base)).encode()
            for i, row in enumerate(rows)
        ]
        return bodies

    return Board(
        f"Workday-style paged, {len(rows):,} postings",
        "workday",
        server.url(api),
        len(rows),
        served(),
    )


# -- crawls ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Crawl:
    cpu: float  # user + system seconds of `hitboard crawl` and its crawl process
    rss_mb: float  # the largest peak resident set size among them
    wall: float
    counts: tuple[int, int, int, int]  # seen, new, unchanged, updated of the run


def hitboard_command() -> list[str]:
    script = Path(sys.executable).with_name("hitboard")
    return [str(script)] if script.exists() else [sys.executable, "-m", "cli"]


def crawl(board: Board, db_url: str, folder: Path, expect: str) -> Crawl:
    name = "bench-" + board.kind + ("-empty" if not board.postings else "")
    sources = folder / f"{name}.toml"
    sources.write_text(
        f'[[source]]\nname = "{name}"\nkind = "{board.kind}"\nurl = "{board.url}"\n'
        'keep = "all"\n'
        + ('params = { company = "Bench Health" }\n' if board.kind == "workday" else ""),
        encoding="utf-8",
    )
    env = {
        **os.environ,
        "HITBOARD_HOME": str(folder / "home"),
        "HITBOARD_SCRAPY_SETTINGS": json.dumps(CRAWL_SETTINGS),
    }
    command = [*hitboard_command(), "crawl", "--sources", str(sources), "--db", db_url]
    command = [sys.executable, str(Path(__file__).with_name("child_usage.py")), *command]
    start = time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    process.wait()
    wall = time.perf_counter() - start
    counts = last_run_counts(db_url, name)
    want = {
        "first": (board.postings, board.postings, 0, 0),
        "again": (board.postings, 0, board.postings, 0),
    }[expect]
    if process.returncode != 0 or counts != want:
        raise SystemExit(
            f"{board.label} ({expect}): exit {process.returncode}, seen/new/unchanged/updated "
            f"{counts}, expected {want}\n{output[-3000:]}"
        )
    usage = json.loads(output.rstrip().rpartition("\n")[2])  # child_usage's last line
    return Crawl(usage["cpu"], usage["rss_mb"], wall, counts)


def last_run_counts(db_url: str, source: str) -> tuple[int, int, int, int]:
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as db:
        row = db.execute(
            "SELECT seen, new, unchanged, updated FROM scrape_runs WHERE source = ? "
            "ORDER BY id DESC LIMIT 1",
            (source,),
        ).fetchone()
    return tuple(row) if row else (0, 0, 0, 0)


# -- the floor ---------------------------------------------------------------------------


def floor_seconds(board: Board, db_url: str, folder: Path) -> float:
    """CPU seconds of json.loads of the board's bytes plus a plain executemany of its rows."""
    source = "bench-" + board.kind
    with sqlite3.connect(db_url.removeprefix("sqlite:///")) as stored:
        cursor = stored.execute("SELECT * FROM postings WHERE source = ?", (source,))
        columns = [c[0] for c in cursor.description if c[0] != "id"]
        rows = [row[1:] for row in cursor]
    target = folder / f"floor-{board.kind}.db"
    target.unlink(missing_ok=True)
    plain = sqlite3.connect(target)
    plain.execute(f"CREATE TABLE postings ({', '.join(columns)})")
    insert = f"INSERT INTO postings VALUES ({', '.join('?' * len(columns))})"
    start = time.process_time()
    for body in board.served:
        json.loads(body)
    with plain:
        plain.executemany(insert, rows)
    seconds = time.process_time() - start
    plain.close()
    return seconds


# -- report ------------------------------------------------------------------------------


def measure(board: Board, empty: Board, folder: Path) -> dict[str, Any]:
    db_url = f"sqlite:///{folder / (board.kind + '.db')}"
    first = crawl(board, db_url, folder, "first")
    again = crawl(board, db_url, folder, "again")
    startup = crawl(empty, db_url, folder, "first")
    return {
        "first": first,
        "again": again,
        "startup": startup,
        "ready_cpu": empty.asked_at_cpu[-1] if empty.asked_at_cpu else None,
        "floor": floor_seconds(board, db_url, folder),
    }


def report(board: Board, result: dict[str, Any]) -> None:
    floor, startup = result["floor"], result["startup"]
    n = board.postings
    print(f"{board.label}: floor {floor:.2f} CPU s ({n / floor:,.0f} postings/CPU-s)")
    print(
        "| crawl | CPU s | postings/CPU-s | × floor | CPU s above start-up "
        "| postings/CPU-s above start-up | peak RSS MB | wall s |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    print(
        f"| empty board (start-up) | {startup.cpu:.2f} | - | - | - | - "
        f"| {startup.rss_mb:.0f} | {startup.wall:.1f} |"
    )
    if result["ready_cpu"] is not None:
        ready = f"{result['ready_cpu']:.2f}"
        print(f"| crawl process when it asks for the board | {ready} | - | - | - | - | - | - |")
    for key, name in (("first", "first ingest"), ("again", "unchanged re-crawl")):
        run: Crawl = result[key]
        above = max(run.cpu - startup.cpu, 1e-9)
        print(
            f"| {name} | {run.cpu:.2f} | {n / run.cpu:,.0f} | {run.cpu / floor:.1f}× "
            f"| {above:.2f} | {n / above:,.0f} | {run.rss_mb:.0f} | {run.wall:.1f} |"
        )
    print()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=20_000, help="Greenhouse board size")
    parser.add_argument("--paged", type=int, default=100_000, help="paged board size (0: none)")
    args = parser.parse_args()

    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    rows = synthetic_postings(max(args.postings, args.paged), seed=SEED).rows
    with tempfile.TemporaryDirectory() as name, LocalServer() as server:
        folder = Path(name)
        empty = serve_greenhouse(server, [], "empty")
        boards = [serve_greenhouse(server, rows[: args.postings], "bench")]
        if args.paged:
            boards.append(serve_workday(server, rows[: args.paged]))
        for board in boards:
            report(board, measure(board, empty, folder))
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
