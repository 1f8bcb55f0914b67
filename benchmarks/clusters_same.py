"""Whether another checkout's matcher clusters the same generated postings as this one.

    python -m benchmarks.clusters_same --against /work/wt/base --sizes 100000,1000000
    python -m benchmarks.clusters_same --against /work/wt/base --sizes 100000 --store 1000

For each size, the rows of `benchmarks.synthetic` (made once, by this checkout, and handed
to both) are clustered from scratch with `store.clusters.batch.cluster_rows` by each
checkout in a child process of its own, in turn, and the labels compared one for one.
With `--store N`, each checkout also fills a SQLite store with all but the last N rows
(inserted directly, then `rebuild_clusters`), crawls the last N through `upsert_postings`
in batches of 200, and the postings' cluster ids and the clusters' rows (less their update
times) are compared. Each child's wall and CPU seconds are printed: a same-run timing of the two.
Exits non-zero when anything differs.
"""

import argparse
import multiprocessing
import os
import pickle
import subprocess
import sys
import tempfile
from pathlib import Path

from benchmarks.synthetic import synthetic_postings

SEED = 20261203  # benchmarks.clusters' rows

# Run with the checkout's code first on the path: argv is (rows pickle, output, crawl).
_CHILD = """
import pickle, sys, time
import numpy as np
rows_path, out_path, crawl = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(rows_path, "rb") as f:
    rows = pickle.load(f)
if crawl == 0:
    from store.clusters.batch import cluster_rows
    start, cpu = time.perf_counter(), time.process_time()
    labels = cluster_rows(rows)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    np.save(out_path, labels)
else:
    import tempfile
    from datetime import timedelta
    from pathlib import Path
    from sqlalchemy import insert, text
    from benchmarks.synthetic import NOW
    from store.clusters.sync import rebuild_clusters
    from store.db import dispose_engine, init_db, session_scope
    from store.postings import POSTINGS, TEXTS, prepare_row, text_params, upsert_postings
    stored, new = rows[:-crawl], rows[-crawl:]
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'same.db'}"
        # Filled here, not by the checkout's benchmarks.synthetic: both fill alike.
        engine = init_db(url)
        with session_scope(engine) as session:
            prepared = [prepare_row(row) for row in stored]
            for i, row in enumerate(prepared, 1):
                row.update(id=i, first_seen_at=NOW, last_seen_at=NOW)
            session.exec(insert(POSTINGS), params=prepared)
            session.exec(insert(TEXTS), params=[text_params(r, r["id"]) for r in prepared])
            rebuild_clusters(session=session)
        start, cpu = time.perf_counter(), time.process_time()
        for offset in range(0, len(new), 200):
            with session_scope(engine) as session:
                upsert_postings(session=session, records=new[offset : offset + 200],
                                seen_at=NOW + timedelta(hours=6), run_id=None)
        wall, cpu = time.perf_counter() - start, time.process_time() - cpu
        with engine.connect() as connection:
            postings = connection.execute(text(
                "SELECT source, external_id, cluster_id FROM postings ORDER BY id")).all()
            clusters = connection.execute(text(
                "SELECT id, canonical_posting_id, size, reposted_count FROM clusters"
                " ORDER BY id")).all()
        dispose_engine(url)
    with open(out_path, "wb") as f:
        pickle.dump(([tuple(r) for r in postings], [tuple(r) for r in clusters]), f)
print(f"{wall:.2f} {cpu:.2f}")
"""


def _write_rows(size: int, path: Path) -> None:
    with path.open("wb") as f:
        pickle.dump(synthetic_postings(size, seed=SEED).rows, f, protocol=pickle.HIGHEST_PROTOCOL)


def _run(checkout: str, rows_path: Path, out_path: Path, crawl: int) -> tuple[float, float]:
    env = {**os.environ, "PYTHONPATH": checkout}
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(rows_path), str(out_path), str(crawl)],
        env=env, cwd=checkout, check=True, capture_output=True, text=True,
    )  # fmt: skip
    wall, cpu = done.stdout.split()[-2:]
    return float(wall), float(cpu)


def _load(path: Path, crawl: int):
    if crawl == 0:
        import numpy as np

        return np.load(path).tolist()
    with path.open("rb") as f:
        return pickle.load(f)


def compare(size: int, against: str, crawl: int, rows_path: Path) -> bool:
    folder = rows_path.parent
    here = str(Path(__file__).resolve().parents[1])
    results, times = {}, {}
    for name, checkout in (("this", here), ("against", against)):
        out = folder / (f"{name}-{size}-{crawl}" + (".npy" if crawl == 0 else ".pickle"))
        times[name] = _run(checkout, rows_path, out, crawl)
        results[name] = _load(out, crawl)
    same = results["this"] == results["against"]
    what = f"crawl of {crawl} into {size - crawl:,}" if crawl else f"{size:,} from scratch"
    timing = ", ".join(f"{who} {wall:.2f} s ({cpu:.2f} CPU)" for who, (wall, cpu) in times.items())
    print(f"{what}: {'same' if same else 'DIFFERENT'} ({timing})")
    if not same and crawl == 0:
        a, b = results["this"], results["against"]
        print(f"  {sum(x != y for x, y in zip(a, b, strict=True)):,} labels differ")
    return same


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the other checkout's root")
    parser.add_argument("--sizes", default="100000")
    parser.add_argument("--store", type=int, default=0, help="crawl this many into a store")
    args = parser.parse_args()
    sizes = [int(part) for part in args.sizes.split(",") if part.strip()]
    same = True
    with tempfile.TemporaryDirectory() as folder:
        for size in sizes:
            rows_path = Path(folder) / f"rows-{size}.pickle"
            # Made in a child: a million rows' memory goes back when it ends.
            with multiprocessing.get_context("fork").Pool(1) as pool:
                pool.apply(_write_rows, (size, rows_path))
            same &= compare(size, args.against, 0, rows_path)
            if args.store:
                same &= compare(size, args.against, args.store, rows_path)
            rows_path.unlink()
    sys.exit(0 if same else 1)


if __name__ == "__main__":
    main()
