"""Export memory: peak RSS of `hitboard export` as the store grows, against loading every row.

    python -m benchmarks.export_memory [--sizes 0 2000 20000] [--formats jsonl csv]

Fills a new SQLite file per size with postings (descriptions of about 3 KB of text plus
their HTML, built from the demo sample's descriptions) through `store.postings.upsert_postings`
in batches, then runs `hitboard export --format F --out FILE` as a child process and reads its
peak resident set size (ru_maxrss from os.wait4). The baseline is the smallest non-zero size,
measured in the same run: a ratio near 1 at the larger size means the export's memory does not
grow with the store. For contrast, a naive export in a child process of the same interpreter
loads every row at once (`session.exec(select(Posting)).all()`) and then writes them with the
same writers. Size 0 shows the floor: the interpreter with hitboard's imports loaded.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.records import POSTED, posting_record

FILL_BATCH = 500


@dataclass(frozen=True)
class Peak:
    rss_mb: float
    seconds: float
    out_mb: float


def descriptions() -> list[tuple[str, str]]:
    """(html, text) pairs of about 3 KB each: two demo descriptions back to back."""
    from demo.sample import build_sample
    from spiders.normalize.text import html_to_text

    pieces = [
        (p.description_html, html_to_text(p.description_html)) for p in build_sample().postings
    ]
    return [
        (first[0] + second[0], first[1] + "\n\n" + second[1])
        for first, second in zip(pieces, pieces[1:] + pieces[:1], strict=True)
    ]


def make_records(start: int, count: int, texts: list[tuple[str, str]]) -> list[dict]:
    records = []
    for n in range(start, start + count):
        html, text = texts[n % len(texts)]
        tag = f"Requisition {n:06d}."  # every description differs, as real ones do
        records.append(
            posting_record(
                n,
                source=f"bench-board-{n % 20}",
                description_text=f"{text}\n{tag}",
                description_html=f"{html}<p>{tag}</p>",
                posted_at=POSTED - timedelta(minutes=n),
            )
        )
    return records


def fill(db_url: str, size: int, texts: list[tuple[str, str]]) -> None:
    from store.db import dispose_engine, init_db, session_scope
    from store.postings import upsert_postings

    engine = init_db(db_url)
    seen_at = datetime.now(UTC)
    for start in range(0, size, FILL_BATCH):
        with session_scope(engine) as session:
            upsert_postings(
                session=session,
                records=make_records(start, min(FILL_BATCH, size - start), texts),
                seen_at=seen_at,
                run_id=None,
            )
    dispose_engine(db_url)


def hitboard_command() -> list[str]:
    """The installed `hitboard` script of this interpreter (not a shell shim in between)."""
    script = Path(sys.executable).parent / "hitboard"
    if script.exists():
        return [sys.executable, str(script)]
    return [sys.executable, "-c", "from cli.app import app; app()"]


def peak_of(command: list[str], out: Path) -> Peak:
    """Run `command` as a child; its peak RSS (ru_maxrss is in KiB on Linux) and wall time."""
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(command)} exited with {process.returncode}")
    return Peak(usage.ru_maxrss / 1024, seconds, out.stat().st_size / 1e6)


def naive_export(db_url: str, fmt: str, out: str) -> None:
    """What a non-streaming export does: every row in memory first, then write."""
    from sqlmodel import select

    from store.db import get_engine, session_scope
    from store.export import EXPORT_FIELDS, WRITERS
    from store.models import Posting

    with session_scope(get_engine(db_url)) as session:
        rows = session.exec(select(Posting).order_by(Posting.id)).all()
        records = [
            {
                name: value.isoformat() if isinstance(value, datetime) else value
                for name in EXPORT_FIELDS
                for value in (getattr(row, name),)
            }
            for row in rows
        ]
    with open(out, "w", encoding="utf-8", newline="") as stream:
        WRITERS[fmt](records, stream)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[0, 2000, 20000])
    parser.add_argument("--formats", nargs="+", default=["jsonl", "csv"])
    parser.add_argument("--naive", nargs=3, metavar=("DB_URL", "FORMAT", "OUT"), help="internal")
    args = parser.parse_args()
    if args.naive:
        naive_export(*args.naive)
        return

    texts = descriptions()
    results: dict[tuple[str, str, int], Peak] = {}
    store_mb: dict[int, float] = {}
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            path = Path(folder) / f"store-{size}.db"
            db_url = f"sqlite:///{path}"
            fill(db_url, size, texts)
            store_mb[size] = path.stat().st_size / 1e6
            for fmt in args.formats:
                out = Path(folder) / f"export-{size}.{fmt}"
                streaming = [*hitboard_command(), "export", "--db", db_url, "--format", fmt]
                results[("hitboard export", fmt, size)] = peak_of(
                    [*streaming, "--out", str(out)], out
                )
                naive = [
                    sys.executable,
                    "-m",
                    "benchmarks.export_memory",
                    "--naive",
                    db_url,
                    fmt,
                    str(out),
                ]
                results[("naive: all rows loaded", fmt, size)] = peak_of(naive, out)
            path.unlink()

    baseline_size = min((size for size in args.sizes if size > 0), default=0)
    print(f"SQLite file; peak RSS of the exporting process; baseline = {baseline_size} postings")
    print(
        "| exporter | format | postings | store MB | output MB | seconds "
        f"| peak RSS MB | above 0-posting floor MB | vs {baseline_size} postings |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|")
    for (exporter, fmt, size), peak in results.items():
        base = results.get((exporter, fmt, baseline_size))
        floor = results.get((exporter, fmt, 0))
        ratio = f"{peak.rss_mb / base.rss_mb:.2f}x" if base and size else "-"
        above = f"{peak.rss_mb - floor.rss_mb:.0f}" if floor else "-"
        print(
            f"| {exporter} | {fmt} | {size:,} | {store_mb[size]:.1f} | {peak.out_mb:.1f} "
            f"| {peak.seconds:.2f} | {peak.rss_mb:.0f} | {above} | {ratio} |"
        )


if __name__ == "__main__":
    main()
