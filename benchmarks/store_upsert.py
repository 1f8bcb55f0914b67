"""Upsert throughput: an unchanged re-crawl against the first insert, on a SQLite file.

    python -m benchmarks.store_upsert [--postings 5000] [--batch 200] [--repeat 3]

The baseline is the first insert of the same postings, measured in the same run. Each
repeat uses a new SQLite file; the best time of each kind is reported (the least disturbed
by other work on the machine).
"""

import argparse
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.records import POSTED, posting_record
from store.db import init_db, session_scope
from store.postings import upsert_postings

DESCRIPTION = (
    "Review, abstract and code inpatient and outpatient records using ICD-10-CM and CPT. "
    "Work with physicians on documentation queries; keep records complete and on time. "
) * 12


def make_postings(count: int) -> list[dict]:
    return [
        posting_record(
            n,
            source="bench-board",
            description_text=DESCRIPTION,
            description_html=f"<p>{DESCRIPTION}</p>",
            posted_at=POSTED - timedelta(hours=n),
        )
        for n in range(count)
    ]


def crawl(engine, postings: list[dict], batch: int, seen_at: datetime) -> tuple[float, tuple]:
    """Upsert all postings batch by batch, one transaction each, as the pipeline does."""
    totals = [0, 0, 0]
    start = time.perf_counter()
    for offset in range(0, len(postings), batch):
        with session_scope(engine) as session:
            counts = upsert_postings(
                session=session,
                records=postings[offset : offset + batch],
                seen_at=seen_at,
                run_id=None,
            )
        totals = [a + b for a, b in zip(totals, counts, strict=True)]
    return time.perf_counter() - start, tuple(totals)


def measure(postings: list[dict], batch: int) -> tuple[float, float]:
    """Seconds for the first insert and for an unchanged re-crawl, on a new SQLite file."""
    with tempfile.TemporaryDirectory() as folder:
        engine = init_db(f"sqlite:///{Path(folder) / 'bench.db'}")
        now = datetime.now(UTC)
        first, first_counts = crawl(engine, postings, batch, now)
        again, again_counts = crawl(engine, postings, batch, now + timedelta(hours=6))
        engine.dispose()
    assert first_counts == (len(postings), 0, 0), first_counts
    assert again_counts == (0, 0, len(postings)), again_counts
    return first, again


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--postings", type=int, default=5000)
    parser.add_argument("--batch", type=int, default=200)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    postings = make_postings(args.postings)
    times = [measure(postings, args.batch) for _ in range(args.repeat)]
    first = min(t[0] for t in times)
    again = min(t[1] for t in times)
    print(f"SQLite file, {args.postings} postings, batches of {args.batch}, best of {args.repeat}")
    print(f"| {'crawl':<26} | {'seconds':>7} | {'postings/s':>10} | {'vs first insert':>15} |")
    print(f"|{'-' * 28}|{'-' * 9}|{'-' * 12}|{'-' * 17}|")
    for label, seconds in (("first insert (baseline)", first), ("unchanged re-crawl", again)):
        rate = args.postings / seconds
        print(f"| {label:<26} | {seconds:>7.3f} | {rate:>10,.0f} | {first / seconds:>14.1f}x |")


if __name__ == "__main__":
    main()
