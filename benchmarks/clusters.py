"""Clustering time and memory: the matcher against all-pairs TF-IDF cosine, same data.

    python -m benchmarks.clusters [--sizes 10000,100000,1000000] [--allpairs 2500,5000,10000]
                                  [--crawl 1000] [--no-store] [--store-max 100000]
                                  [--stores FOLDER] [--no-scratch]

On postings from benchmarks/synthetic.py (2–4 KB descriptions, 30% of rows copies of a job
on other sources), for each size:
- matcher, from scratch: `store.clusters.batch.cluster_rows` on the rows in memory;
- matcher, incremental: a new crawl of `--crawl` postings into a SQLite store of that size,
  through `store.postings.upsert_postings` in batches of 200 (the pipeline's), committed;
  the store is filled first with `benchmarks.synthetic.bulk_load` (its time is shown too),
  for the sizes up to `--store-max` (all of them by default). With `--stores FOLDER` a
  filled store is kept there (clusters-SIZE+CRAWL-seedSEED.db) and later runs crawl into
  a copy of it: a 1M store is filled once, and another checkout's code can crawl into the
  same one. `--no-scratch` runs the incremental measurements alone;
- all-pairs TF-IDF: scikit-learn's TfidfVectorizer over the descriptions and
  cosine_similarity of every pair, duplicates at ≥ 0.75 (the method of JobFunnel's
  tfidf filter), measured at the `--allpairs` sizes (it needs n² memory) and extrapolated
  beyond with a fit t = a·n², shown with its constant.
Each measurement runs in a child process; memory is the peak resident size it added above
the rows it was given (Linux VmHWM, reset before the measurement). Times are wall clock,
with the process's CPU seconds beside them (on a shared machine the wall time also holds
the waits for a core).
"""

import argparse
import gc
import math
import multiprocessing
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from itertools import pairwise
from pathlib import Path

from benchmarks.synthetic import synthetic_postings

SEED = 20261203
BATCH = 200


def _rss_kb(field: str) -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def _reset_peak() -> None:
    Path("/proc/self/clear_refs").write_text("5")


def _measure(work) -> tuple[float, float, float]:
    """(seconds, MB of peak resident memory added, CPU seconds) of work()."""
    base = _rss_kb("VmRSS")
    _reset_peak()
    start, cpu = time.perf_counter(), time.process_time()
    work()
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    return seconds, max(0, _rss_kb("VmHWM") - base) / 1024, cpu


def _from_scratch(size: int, out) -> None:
    from store.clusters.batch import cluster_rows

    rows = synthetic_postings(size, seed=SEED).rows
    out.send(_measure(lambda: cluster_rows(rows)))


def _all_pairs(size: int, out) -> None:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import cosine_similarity

    texts = [row["description_text"] for row in synthetic_postings(size, seed=SEED).rows]

    def work() -> None:
        matrix = TfidfVectorizer().fit_transform(texts)
        similar = cosine_similarity(matrix) >= 0.75
        similar.sum()

    out.send(_measure(work))


def _incremental(size: int, crawl: int, stores: str | None, out) -> None:
    from datetime import timedelta

    from benchmarks.synthetic import NOW
    from store.db import dispose_engine, get_engine, session_scope
    from store.postings import upsert_postings

    rows = synthetic_postings(size + crawl, seed=SEED).rows
    stored, new = rows[:size], rows[size:]
    with tempfile.TemporaryDirectory(dir=stores) as folder:
        path = Path(folder) / "bench.db"
        filled = _filled_store(path, stored, crawl, stores)
        # A crawl process holds its batch, not the million rows the store was filled from:
        # kept, they would make each of the cycle collector's full passes cost seconds.
        del rows, stored
        gc.collect()
        url = f"sqlite:///{path}"
        engine = get_engine(url)

        def work() -> None:
            for offset in range(0, len(new), BATCH):
                with session_scope(engine) as session:
                    upsert_postings(
                        session=session,
                        records=new[offset : offset + BATCH],
                        seen_at=NOW + timedelta(hours=6),
                        run_id=None,
                    )

        clustering = _timed_clustering()
        seconds, memory, cpu = _measure(work)
        print(f"  of which clustering: {clustering[0]:.2f} CPU s", file=sys.stderr)
        start, closing_cpu = time.perf_counter(), time.process_time()
        dispose_engine(url)  # the last connection closed: SQLite checkpoints what is left
        print(
            f"  closing the store (its last checkpoint): {time.perf_counter() - start:.2f} s"
            f" ({time.process_time() - closing_cpu:.2f} CPU)",
            file=sys.stderr,
        )
    out.send((seconds, memory, cpu, filled))


def _timed_clustering() -> list[float]:
    """Count the CPU seconds upsert_postings spends in assign_clusters from here on (the rest
    of the write is the postings, their texts and their full-text index)."""
    from store.clusters import sync

    spent = [0.0]
    assign = sync.assign_clusters

    def timed(**kwargs) -> None:
        start = time.process_time()
        assign(**kwargs)
        spent[0] += time.process_time() - start

    sync.assign_clusters = timed  # upsert_postings imports it at each call
    return spent


def _filled_store(path: Path, stored: list, crawl: int, stores: str | None) -> str:
    """Fill the store at `path` with `stored` (bulk_load, clustered); with `stores`, the
    filled store is kept there the first time and copied to `path` after. Returns what
    the filling took, for the table."""
    from benchmarks.synthetic import bulk_load
    from store.db import dispose_engine

    kept = Path(stores, f"clusters-{len(stored)}+{crawl}-seed{SEED}.db") if stores else None
    if kept is not None and kept.exists():
        start = time.perf_counter()
        shutil.copyfile(kept, path)
        # The copy's gigabytes written out before the crawl, not beneath it: a crawl does
        # not start as its store is being written to disk.
        os.sync()
        return f"kept (copied in {time.perf_counter() - start:.0f} s)"
    start = time.perf_counter()
    bulk_load(f"sqlite:///{path}", stored)
    filled = f"{time.perf_counter() - start:.0f} s"
    if kept is not None:
        dispose_engine(f"sqlite:///{path}")
        with sqlite3.connect(path) as connection:  # the whole store in the file copied
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        shutil.copyfile(path, kept.with_suffix(".part"))
        kept.with_suffix(".part").rename(kept)  # whole or not at all
    return filled


def _run(target, *args):
    context = multiprocessing.get_context("fork")
    here, there = context.Pipe(duplex=False)
    process = context.Process(target=target, args=(*args, there))
    process.start()
    result = here.recv()
    process.join()
    return result


def _sizes(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--allpairs", default="2500,5000,10000")
    parser.add_argument("--crawl", type=int, default=1000)
    parser.add_argument("--no-store", action="store_true", help="skip the incremental runs")
    parser.add_argument(
        "--store-max", type=int, default=None, help="incremental runs only up to this size"
    )
    parser.add_argument(
        "--stores",
        help="keep the filled stores in this folder and crawl into copies of them after",
    )
    parser.add_argument("--no-scratch", action="store_true", help="the incremental runs only")
    args = parser.parse_args()
    sizes, measured_sizes = _sizes(args.sizes), _sizes(args.allpairs)
    if args.no_scratch:
        _incremental_table(sizes, args)
        return

    all_pairs = {n: _run(_all_pairs, n) for n in measured_sizes}
    # Least squares for t = a·n² through the measured points.
    a = sum(t * n * n for n, (t, _m, _c) in all_pairs.items()) / sum(n**4 for n in all_pairs)
    memory_per_pair = max(m / (n * n) for n, (_t, m, _c) in all_pairs.items())

    print(f"postings from benchmarks/synthetic.py (seed {SEED}); all-pairs fit t = {a:.3e}·n²")
    print()
    header = (
        "| postings | matcher, from scratch | CPU µs a posting | peak MB | all-pairs TF-IDF |"
        " peak MB | speed-up |"
        f" incremental +{args.crawl} | peak MB | store filled in |"
    )
    print(header)
    print("|" + "|".join("---" for _ in range(header.count("|") - 1)) + "|")
    scratch_cpus: dict[int, float] = {}
    for n in sorted(set(sizes) | set(measured_sizes)):
        scratch, scratch_mb, scratch_cpu = _run(_from_scratch, n)
        scratch_cpus[n] = scratch_cpu
        print(f"  {n:,} from scratch: {scratch:.2f} s, {scratch_mb:,.0f} MB", file=sys.stderr)
        if n in all_pairs:
            pairs_s, pairs_mb, _cpu = all_pairs[n]
            pairs_text, pairs_mb_text = f"{pairs_s:.2f} s", f"{pairs_mb:,.0f}"
        else:
            pairs_s = a * n * n
            pairs_text = f"~{pairs_s:,.0f} s (fit)"
            pairs_mb_text = f"~{memory_per_pair * n * n:,.0f} (fit)"
        incremental = "-"
        incremental_mb = filled = "-"
        if not args.no_store and n in sizes and (args.store_max is None or n <= args.store_max):
            seconds, memory, cpu, filled = _run(_incremental, n, args.crawl, args.stores)
            incremental, incremental_mb = f"{seconds:.2f} s ({cpu:.2f} CPU)", f"{memory:,.0f}"
        print(
            f"| {n:,} | {scratch:.2f} s ({scratch_cpu:.2f} CPU) | {scratch_cpu / n * 1e6:.1f} | "
            f"{scratch_mb:,.0f} | "
            f"{pairs_text} | {pairs_mb_text} | "
            f"{pairs_s / scratch:,.0f}x | {incremental} | {incremental_mb} | {filled} |"
        )
    print()
    print(_growth(scratch_cpus))


def _growth(cpus: dict[int, float]) -> str:
    """How the from-scratch CPU time grows from each size to the next: linear growth is
    k× the time for k× the postings (an exponent of 1 in t = c·nᵇ)."""
    steps = []
    for small, large in pairwise(sorted(cpus)):
        times, count = cpus[large] / cpus[small], large / small
        steps.append(
            f"{small:,} → {large:,}: {times:.1f}× the CPU time for {count:g}× the postings"
            f" (b = {math.log(times) / math.log(count):.2f})"
        )
    return "growth, from scratch: " + "; ".join(steps)


def _incremental_table(sizes: list[int], args: argparse.Namespace) -> None:
    print(f"postings from benchmarks/synthetic.py (seed {SEED})")
    print()
    print(f"| postings | incremental +{args.crawl} | peak MB | store filled in |")
    print("|---|---|---|---|")
    for n in sizes:
        seconds, memory, cpu, filled = _run(_incremental, n, args.crawl, args.stores)
        print(f"| {n:,} | {seconds:.2f} s ({cpu:.2f} CPU) | {memory:,.0f} | {filled} |")


if __name__ == "__main__":
    main()
