"""Generated stores for benchmarks: realistic postings at any size, bulk-loaded and cached.

    from benchmarks.stores import cached_store
    path = cached_store(1_000_000)  # benchmarks/results/stores/postings-1000000-seed0.db

- `records(count, seed=...)` yields postings as the pipelines hand them to the store:
  benchmarks.synthetic's jobs (the demo catalog's titles, duties and pay bands, invented
  employers, states weighted like the field's jobs, 2-4 KB descriptions) and their copies on
  other sources, with the credentials their text asks for, facets, employment types and
  some postings outside the field. The same seed gives the same postings.
- `bulk_load(url, records)` writes them into a new store through the store's own row
  preparation (hashes, derived columns, tags, texts), in big executemany transactions, with
  the listing indexes built after the load; about 15% are then closed, as in a store that has
  run for months.
- `cached_store(count)` builds a SQLite file once and keeps it under benchmarks/results/
  (git-ignored), so a rerun starts at once.

    python -m benchmarks.stores --count 100000   # build (or find) one, print its path
"""

import argparse
import random
import shutil
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Index, insert, text

from benchmarks import synthetic
from store import fulltext
from store.db import dispose_engine, init_db
from store.models import Posting
from store.postings import (
    POSTINGS,
    TAGS,
    TEXTS,
    posting_params,
    prepare_row,
    tag_params,
    text_params,
)

RESULTS = Path(__file__).resolve().parent / "results" / "stores"
NOW = synthetic.NOW  # every generated store ends here
LOAD_BATCH = 20_000
CLOSED_SHARE = 0.15
DUPLICATE_SHARE = 0.3  # rows that are further copies of a job on other sources
OUTSIDE_SHARE = 0.08
# What the synthetic jobs leave alike, varied here as stores vary: postings the classifier
# judged outside the field, hybrid work, employment types as sources spell them, facets.
OUTSIDE = ["Python Developer", "Registered Nurse", "University Registrar",
           "Digital Marketing Analyst"]  # fmt: skip
EMPLOYMENT = [("Full-time", 60), ("FULL_TIME", 10), ("Part-time", 10), ("Contract", 8),
              ("Per diem", 5), ("Temporary", 3), (None, 4)]  # fmt: skip
SETTINGS = ["hospital", "physician office", "health plan", "outpatient clinic", "cancer center",
            "nursing care", "coding vendor"]  # fmt: skip
CODE_SETS = ["ICD-10-CM", "ICD-10-PCS", "CPT", "HCPCS", "HCC", "E/M", "DRG"]


def records(count: int, *, seed: int = 0) -> Iterator[dict[str, Any]]:
    """`count` posting records, the same for the same seed: benchmarks.synthetic's jobs and
    their copies, with what a crawled store holds beside them."""
    rng = random.Random(seed)
    types, type_weights = [t for t, _ in EMPLOYMENT], [w for _, w in EMPLOYMENT]
    made = synthetic.generate(count, seed=seed, duplicate_share=DUPLICATE_SHARE)
    for record, job in made:
        record["certifications"] = list(job.credentials)
        record["credential_requirements"] = dict(job.credentials)
        record["employment_type"] = rng.choices(types, type_weights)[0]
        record["facets"] = {
            "settings": rng.sample(SETTINGS, k=rng.randint(0, 2)),
            "code_sets": rng.sample(CODE_SETS, k=rng.randint(0, 3)),
            "ehr": [job.ehr] if job.ehr else [],
        }
        if record["remote"] == "onsite" and rng.random() < 0.2:
            record["remote"] = "hybrid"
        if rng.random() < 0.05:
            record["posted_at"] = None
        if rng.random() < OUTSIDE_SHARE:
            record.update(title=rng.choice(OUTSIDE), occupation=None, relevant=False)
        text = record["description_text"]
        record["description_html"] = "".join(f"<p>{line}</p>" for line in text.split("\n"))
        yield record


def _listing_indexes() -> list[Index]:
    return [*Posting.__table__.indexes]  # type: ignore[attr-defined]


def bulk_load(url: str, postings: Iterable[dict[str, Any]], *, seen_at: datetime = NOW) -> int:
    """Write `postings` into the new, empty store at `url`; return how many.

    Rows are prepared by the store's own functions; postings get ids in order. The postings
    indexes and the full-text index (with its triggers) are dropped for the load and built
    after it, four times faster than row by row. About CLOSED_SHARE of them are closed.
    """
    engine = init_db(url)
    indexes = _listing_indexes()
    with engine.begin() as connection:
        for index in indexes:
            index.drop(connection)
        fulltext.drop_index(connection)
    stream = iter(postings)
    loaded = 0
    while batch := list(islice(stream, LOAD_BATCH)):
        rows = [prepare_row(record) for record in batch]
        ids = range(loaded + 1, loaded + 1 + len(rows))
        with engine.begin() as connection:
            connection.execute(
                insert(POSTINGS),
                [{**posting_params(row, seen_at=seen_at, run_id=None), "id": posting_id}
                 for row, posting_id in zip(rows, ids, strict=True)],
            )  # fmt: skip
            connection.execute(
                insert(TEXTS), [text_params(r, i) for r, i in zip(rows, ids, strict=True)]
            )
            tags = [t for r, i in zip(rows, ids, strict=True) for t in tag_params(r, i)]
            if tags:
                connection.execute(insert(TAGS), tags)
        loaded += len(rows)
    with engine.begin() as connection:
        # Every n-th posting closed, a day before the store's last crawl.
        step = round(1 / CLOSED_SHARE)
        connection.execute(
            text("UPDATE postings SET closed_at = :closed WHERE id % :step = 0"),
            {"closed": seen_at - timedelta(days=1), "step": step},
        )
        for index in indexes:
            index.create(connection)
        fulltext.create_index(connection)
        fulltext.rebuild_index(connection)
        connection.exec_driver_sql("ANALYZE")
    return loaded


def replicate(url: str, copies: int) -> int:
    """Add `copies` copies of every posting of the store at `url` (texts and tags with
    them), each under its own id and external id; return how many postings it then holds.

    A store of many generated postings in minutes instead of hours: SQL copies rows, Python
    prepares none. Every filter matches the same share of postings as in the original.
    """
    engine = init_db(url)
    indexes = _listing_indexes()
    columns = [c.name for c in POSTINGS.columns if c.name not in ("id", "external_id")]
    listed = ", ".join(columns)
    with engine.begin() as connection:
        base = connection.exec_driver_sql("SELECT max(id) FROM postings").scalar_one()
        for index in indexes:
            index.drop(connection)
        fulltext.drop_index(connection)
        for copy in range(1, copies + 1):
            shift = {"shift": copy * base, "base": base, "suffix": f"~{copy}"}
            connection.execute(
                text(
                    f"INSERT INTO postings (id, external_id, {listed}) SELECT id + :shift, "
                    f"external_id || :suffix, {listed} FROM postings WHERE id <= :base"
                ),
                shift,
            )
            connection.execute(
                text(
                    "INSERT INTO posting_texts (posting_id, title, company, description_text, "
                    "description_html) SELECT posting_id + :shift, title, company, "
                    "description_text, description_html FROM posting_texts "
                    "WHERE posting_id <= :base"
                ),
                shift,
            )
            connection.execute(
                text(
                    "INSERT INTO posting_tags (facet, value, posting_id) SELECT facet, value, "
                    "posting_id + :shift FROM posting_tags WHERE posting_id <= :base"
                ),
                shift,
            )
        for index in indexes:
            index.create(connection)
        fulltext.create_index(connection)
        fulltext.rebuild_index(connection)
        connection.exec_driver_sql("ANALYZE")
    return base * (copies + 1)


def cached_store(count: int, *, seed: int = 0, generated: int | None = None) -> Path:
    """A SQLite store of `count` postings, built once under benchmarks/results/.

    With `generated`, only that many are generated (a store of its own, cached too) and
    the rest are copies of them (`replicate`); `count` must be a multiple of it.
    """
    if generated is None or generated >= count:
        path = RESULTS / f"postings-{count}-seed{seed}.db"
    else:
        if count % generated:
            raise ValueError(f"{count} postings are not whole copies of {generated}")
        path = RESULTS / f"postings-{count}-seed{seed}-copies-of-{generated}.db"
    if path.exists():
        return path
    RESULTS.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    for stale in RESULTS.glob(building.name + "*"):
        stale.unlink()
    url = f"sqlite:///{building}"
    if generated is None or generated >= count:
        bulk_load(url, records(count, seed=seed))
    else:
        shutil.copyfile(cached_store(generated, seed=seed), building)
        replicate(url, count // generated - 1)
    dispose_engine(url)
    building.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--generated", type=int, help="generate only this many; the rest are copies of them"
    )
    args = parser.parse_args()
    start = time.perf_counter()
    path = cached_store(args.count, seed=args.seed, generated=args.generated)
    print(f"{path} ({path.stat().st_size / 1e9:.2f} GB, {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
