"""Crawl throughput: an unchanged re-crawl against the first crawl, end to end.

    python -m benchmarks.crawl_throughput [--scale 1] [--repeat 3]

Crawls two boards of the demo sample served on 127.0.0.1 (the Greenhouse board
demo-meridian-coding: one list request; the Workday board demo-lakeshore-health: list pages
plus one detail request per posting) through `scheduler.runners.run_local_crawl`, i.e. a
`scrapy crawl` process with the real spider and pipelines, into a new SQLite file. The
baseline is each board's first crawl, measured in the same run; the re-crawl sees the same
postings unchanged. A crawl of an empty Greenhouse board gives the fixed cost of one crawl
(process start-up, imports, run bookkeeping).

Crawls use the demo's `crawl_settings` (no download delay, no AutoThrottle, 16 parallel
requests): the figures are the crawler's own cost, not the politeness delays real sites get.
`--scale K` merges K demo samples (seeds DEFAULT_SEED..+K-1) so each board has about K times
as many postings. Each repeat uses a new SQLite file; the best time of each crawl is reported.
"""

import argparse
import re
import resource
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from demo.run import CRAWL_SETTINGS
from demo.sample import DEFAULT_SEED, DemoSample, build_sample
from demo.server import LocalServer
from demo.site import DemoSite, mount_sample
from scheduler.runners import CrawlOutcome, run_local_crawl
from store.db import dispose_engine, init_db
from store.sources import SourceConfig

GREENHOUSE = "meridian-coding"
WORKDAY = "lakeshore-health"
EMPTY_BOARD = "/greenhouse/v1/boards/emptyboard"
ELAPSED = re.compile(r"'elapsed_time_seconds': ([0-9.]+)")


@dataclass(frozen=True)
class Board:
    label: str
    source: SourceConfig
    postings: int


@dataclass(frozen=True)
class Timing:
    wall: float  # the whole run_local_crawl call
    spider: float  # Scrapy's elapsed_time_seconds: spider opened to spider closed
    cpu: float  # user + system seconds of the crawl process
    requests: int


def scaled_sample(scale: int) -> DemoSample:
    """The demo sample with each employer's postings from `scale` seeds (ids kept unique)."""
    first = build_sample(seed=DEFAULT_SEED)
    postings, seen = [], set()
    for offset in range(scale):
        sample = first if offset == 0 else build_sample(seed=DEFAULT_SEED + offset, now=first.now)
        for posting in sample.postings:
            key = (posting.employer.slug, posting.external_id)
            if key not in seen:
                seen.add(key)
                postings.append(posting)
    return DemoSample(seed=first.seed, now=first.now, postings=tuple(postings))


def boards(site: DemoSite) -> tuple[Board, Board, Board]:
    by_slug = {employer.slug: employer for employer in site.sample.employers}
    greenhouse, workday = by_slug[GREENHOUSE], by_slug[WORKDAY]
    empty = SourceConfig(name="demo-empty-board", kind="greenhouse", url=site.base + EMPTY_BOARD)
    return (
        Board("empty board (start-up)", empty, 0),
        Board("Greenhouse", site.source(greenhouse), len(site.sample.of(greenhouse))),
        Board("Workday", site.source(workday), len(site.sample.of(workday))),
    )


def crawl(server: LocalServer, board: Board, db_url: str, expect: str, logs: Path) -> Timing:
    before = len(server.requests)
    cpu_before = children_cpu()
    start = time.perf_counter()
    outcome = run_local_crawl(
        board.source, db_url=db_url, settings=CRAWL_SETTINGS, timeout=600, log_dir=logs
    )
    wall = time.perf_counter() - start
    check(outcome, board, expect)
    log = logs / f"run-{outcome.run_id}-{board.source.name}.log"
    return Timing(
        wall=wall,
        spider=spider_seconds(log),
        cpu=children_cpu() - cpu_before,
        requests=len(server.requests) - before,
    )


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def spider_seconds(log: Path) -> float:
    """Scrapy's own measure of the crawl proper, from the stats it logs on closing."""
    found = ELAPSED.search(log.read_text(encoding="utf-8", errors="replace"))
    if not found:
        raise SystemExit(f"no elapsed_time_seconds in {log}")
    return float(found.group(1))


def check(outcome: CrawlOutcome, board: Board, expect: str) -> None:
    """The crawl must have stored every posting (first) or found all unchanged (again)."""
    counts = (outcome.seen, outcome.new, outcome.unchanged, outcome.updated)
    want = {
        "first": (board.postings, board.postings, 0, 0),
        "again": (board.postings, 0, board.postings, 0),
    }[expect]
    if not outcome.ok or counts != want:
        raise SystemExit(
            f"{board.source.name} {expect}: {outcome.status} seen/new/unchanged/updated "
            f"{counts}, expected {want} ({outcome.note})"
        )


def measure(server: LocalServer, site: DemoSite) -> dict[tuple[str, str], Timing]:
    """One round on a new SQLite file: the empty board, then first crawls, then re-crawls."""
    empty, *real = boards(site)
    timings = {}
    with tempfile.TemporaryDirectory() as folder:
        db_url = f"sqlite:///{Path(folder) / 'bench.db'}"
        logs = Path(folder) / "logs"
        init_db(db_url)  # migrations and reference data are not part of any crawl's time
        timings[(empty.label, "first")] = crawl(server, empty, db_url, "first", logs)
        for expect in ("first", "again"):
            for board in real:
                timings[(board.label, expect)] = crawl(server, board, db_url, expect, logs)
        dispose_engine(db_url)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=int, default=1, help="merge this many demo samples")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    sample = scaled_sample(args.scale)
    with LocalServer() as server:
        site = mount_sample(server, sample)
        server.add(EMPTY_BOARD + "/jobs", {"jobs": [], "meta": {"total": 0}})
        rounds = [measure(server, site) for _ in range(args.repeat)]
        labelled = boards(site)

    def best(key: tuple[str, str], measure: str) -> float:
        return min(getattr(r[key], measure) for r in rounds)

    empty, *real = labelled
    print(
        f"Demo sample x{args.scale} on 127.0.0.1, demo crawl_settings (no politeness delays), "
        f"new SQLite file, best of {args.repeat} (each column on its own)"
    )
    print(
        "| board | crawl | postings | requests | wall s | in-spider s | crawl CPU s "
        "| postings/s (wall) | postings/s (in-spider) | vs first crawl (wall / in-spider) |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|")
    key = (empty.label, "first")
    print(
        f"| {empty.label} | - | 0 | {rounds[0][key].requests} | {best(key, 'wall'):.2f} "
        f"| {best(key, 'spider'):.2f} | {best(key, 'cpu'):.2f} | - | - | - |"
    )
    for board in real:
        first = (board.label, "first")
        for expect, name in (("first", "first crawl (baseline)"), ("again", "unchanged re-crawl")):
            key = (board.label, expect)
            wall, spider = best(key, "wall"), best(key, "spider")
            print(
                f"| {board.label} | {name} | {board.postings} | {rounds[0][key].requests} "
                f"| {wall:.2f} | {spider:.2f} | {best(key, 'cpu'):.2f} "
                f"| {board.postings / wall:,.1f} | {board.postings / spider:,.0f} "
                f"| {best(first, 'wall') / wall:.2f}x / {best(first, 'spider') / spider:.2f}x |"
            )


if __name__ == "__main__":
    main()
