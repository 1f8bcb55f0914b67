"""Generated stores for benchmarks: realistic postings at any size, bulk-loaded and cached.

    from benchmarks.stores import cached_store
    path = cached_store(1_000_000)  # benchmarks/results/stores/postings-1000000-seed0.db

- `records(count, seed=...)` yields postings as the pipelines hand them to the store: field
  titles and employers, states weighted like the field's jobs, hourly and yearly pay (some
  estimated, some in another currency, many without), credentials, education, facets,
  posting dates over four months, and 2-4 KB descriptions with their HTML. The same seed
  gives the same postings.
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
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta
from itertools import islice
from pathlib import Path
from typing import Any

from sqlalchemy import Index, insert, text

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
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)  # every generated store ends here
LOAD_BATCH = 20_000
CLOSED_SHARE = 0.15

# (title, occupation, credentials it asks for, education, yearly pay range)
# fmt: off
FAMILIES = [
    ("Medical Records Specialist", "29-2072", ["RHIT", "CCA"], "high_school", (34_000, 52_000)),
    ("Medical Records Clerk", "29-2072", [], "high_school", (30_000, 42_000)),
    ("Medical Coder", "29-2072", ["CPC", "CCS", "CCA"], "certificate", (42_000, 68_000)),
    ("Inpatient Coder", "29-2072", ["CCS", "RHIT", "CIC"], "associate", (52_000, 80_000)),
    ("Outpatient Coder", "29-2072", ["CPC", "COC", "CCS"], "certificate", (45_000, 70_000)),
    ("Professional Fee Coder", "29-2072", ["CPC", "CCS-P"], "certificate", (44_000, 66_000)),
    ("Risk Adjustment Coder", "29-2072", ["CRC", "CPC"], "certificate", (50_000, 75_000)),
    ("Coding Auditor", "29-2072", ["CPMA", "CCS", "CPC"], "associate", (60_000, 88_000)),
    ("Release of Information Specialist", "29-2072", [], "high_school", (32_000, 45_000)),
    (
        "Medical Billing and Coding Specialist",
        "29-2072",
        ["CBCS", "CPB"],
        "certificate",
        (36_000, 52_000),
    ),
    ("Health Information Technician", "29-9021", ["RHIT"], "associate", (40_000, 60_000)),
    ("Cancer Registrar", "29-9021", ["ODS-C"], "associate", (55_000, 85_000)),
    ("Tumor Registry Abstractor", "29-9021", ["ODS-C"], "associate", (50_000, 78_000)),
    (
        "Clinical Documentation Integrity Specialist",
        "29-9021",
        ["CDIP", "CCS", "RHIA"],
        "bachelor",
        (70_000, 105_000),
    ),
    ("Health Data Analyst", "29-9021", ["CHDA", "RHIA"], "bachelor", (62_000, 98_000)),
    ("EHR Specialist", "29-9021", ["CEHRS"], "certificate", (38_000, 55_000)),
    ("HIM Supervisor", "11-9111", ["RHIT", "RHIA"], "associate", (58_000, 82_000)),
    ("Coding Manager", "11-9111", ["RHIA", "CCS", "CPC"], "bachelor", (80_000, 120_000)),
    (
        "Director of Health Information Management",
        "11-9111",
        ["RHIA"],
        "bachelor",
        (105_000, 165_000),
    ),
    ("Privacy Officer", "11-9111", ["CHPS", "RHIA"], "bachelor", (90_000, 140_000)),
]
OUTSIDE = [  # postings the classifier judged outside the field (relevant = False)
    ("Python Developer", None, [], "bachelor", (95_000, 150_000)),
    ("Registered Nurse", None, [], "associate", (70_000, 110_000)),
    ("University Registrar", None, [], "master", (60_000, 90_000)),
    ("Digital Marketing Analyst", None, [], "bachelor", (55_000, 85_000)),
]
# fmt: on
LEVELS = ["", " I", " II", " III", "", "", " - Remote", " (Hybrid)", ", Senior", ", Lead"]
FIRST = ["Mercy", "St. Luke's", "Baptist", "Summit", "Lakeside", "Riverside", "Providence",
         "Sutter", "Banner", "Atrium", "Ochsner", "Valley", "Northwell", "Sentara", "Geisinger",
         "Piedmont", "Intermountain", "Allina", "Essentia", "Prisma", "Novant", "Sanford",
         "Trinity", "Ascension", "AdventHealth", "Corewell", "Baystate", "Hartford", "Tufts",
         "Harbor", "Cedar", "Pinecrest", "Golden Plains", "Blue Ridge", "Gulf Coast"]  # fmt: skip
SECOND = ["Health", "Health System", "Medical Center", "Hospital", "Regional Medical Center",
          "Physicians Group", "Health Plan", "Clinic", "Cancer Institute", "Children's Hospital",
          "Orthopedics", "Revenue Cycle Services"]  # fmt: skip
# USPS code, city, weight (roughly where the field's jobs are)
PLACES = [("CA", "Los Angeles", 11), ("TX", "Houston", 9), ("FL", "Tampa", 8),
          ("NY", "New York", 6), ("OH", "Columbus", 5), ("PA", "Pittsburgh", 5),
          ("IL", "Chicago", 4), ("GA", "Atlanta", 4), ("NC", "Charlotte", 4),
          ("MI", "Detroit", 3), ("NJ", "Newark", 3), ("VA", "Richmond", 3), ("TN", "Nashville", 3),
          ("MA", "Boston", 3), ("AZ", "Phoenix", 3), ("WA", "Seattle", 3), ("MO", "St. Louis", 2),
          ("IN", "Indianapolis", 2), ("MN", "Minneapolis", 2), ("CO", "Denver", 2),
          ("MD", "Baltimore", 2), ("WI", "Milwaukee", 2), ("SC", "Columbia", 2),
          ("AL", "Birmingham", 2), ("LA", "New Orleans", 2), ("KY", "Louisville", 2),
          ("OR", "Portland", 1), ("OK", "Tulsa", 1), ("UT", "Salt Lake City", 1),
          ("NV", "Las Vegas", 1), ("IA", "Des Moines", 1), ("AR", "Little Rock", 1),
          ("MS", "Jackson", 1), ("KS", "Wichita", 1), ("NM", "Albuquerque", 1),
          ("NE", "Omaha", 1), ("WV", "Charleston", 1), ("ID", "Boise", 1), ("ME", "Portland", 1),
          ("AK", "Anchorage", 1), ("PR", "San Juan", 1)]  # fmt: skip
ARRANGEMENTS = [("remote", 35), ("hybrid", 15), ("onsite", 40), (None, 10)]
EMPLOYMENT = [("Full-time", 60), ("FULL_TIME", 10), ("Part-time", 10), ("Contract", 8),
              ("Per diem", 5), ("Temporary", 3), (None, 4)]  # fmt: skip
SETTINGS = ["hospital", "physician office", "health plan", "outpatient clinic", "cancer center",
            "nursing care", "coding vendor"]  # fmt: skip
CODE_SETS = ["ICD-10-CM", "ICD-10-PCS", "CPT", "HCPCS", "HCC", "E/M", "DRG"]
EHRS = ["Epic", "Cerner", "Meditech", "athenahealth", "eClinicalWorks", "NextGen", "Allscripts"]
SENTENCES = [
    "Review, abstract and code inpatient and outpatient records using ICD-10-CM and CPT.",
    "Assign diagnosis and procedure codes from provider documentation and query physicians "
    "when documentation is unclear, incomplete or conflicting.",
    "Maintain accuracy of at least 95 percent and meet productivity standards set by the "
    "coding department.",
    "Process release of information requests from patients, attorneys and insurers under "
    "HIPAA and state law.",
    "Scan, index and file paper records into the electronic health record and reconcile "
    "unmatched documents every day.",
    "Abstract cancer cases for the hospital registry and submit data to the state central "
    "registry and the National Cancer Database on time.",
    "Follow up on patients in the registry each year and keep survival data complete.",
    "Work with clinical documentation integrity specialists on denials and DRG validation.",
    "Audit a sample of charts every month and educate coders and providers on findings.",
    "Capture hierarchical condition categories for risk adjustment in Medicare Advantage "
    "charts and document support for every code.",
    "Answer questions from the billing office and resolve coding edits before claims go out.",
    "Keep up to date with coding guidelines, Coding Clinic and payer policies.",
    "Protect the privacy and security of patient information at all times.",
    "Train new staff on department procedures and the record retention schedule.",
    "Prepare reports on record completion, delinquent charts and coding turnaround.",
    "Lead the health information management department, its budget and its staff.",
    "Build dashboards and analyze data quality across the enterprise data warehouse.",
    "Use the encoder and computer-assisted coding tools to work queues efficiently.",
    "Support the revenue cycle by coding emergency department and observation visits.",
    "Communicate clearly with physicians, nurses and the compliance office.",
]
BENEFITS = [
    "We offer medical, dental and vision coverage from day one, a 401(k) with a match, paid "
    "time off and tuition assistance.",
    "This position is eligible for a sign-on bonus and a referral program.",
    "Equipment is provided for remote work; a reliable internet connection is required.",
    "We are an equal opportunity employer and value a diverse workforce.",
    "Our team has served the community for more than fifty years.",
]


def _weighted(pairs: list[tuple[Any, int]]) -> tuple[list[Any], list[int]]:
    return [value for value, _ in pairs], [weight for _, weight in pairs]


def records(count: int, *, seed: int = 0, now: datetime = NOW) -> Iterator[dict[str, Any]]:
    """`count` posting records, the same for the same seed (newest posted about `now`)."""
    rng = random.Random(seed)
    employers = [f"{first} {second}" for first in FIRST for second in SECOND]
    places, place_weights = [p[:2] for p in PLACES], [p[2] for p in PLACES]
    arrangements, arrangement_weights = _weighted(ARRANGEMENTS)
    employment, employment_weights = _weighted(EMPLOYMENT)
    bodies = _bodies(rng)
    for n in range(count):
        outside = rng.random() < 0.08
        title, occupation, codes, education, (low, high) = rng.choice(
            OUTSIDE if outside else FAMILIES
        )
        title += rng.choice(LEVELS)
        company = rng.choice(employers)
        remote = rng.choices(arrangements, arrangement_weights)[0]
        state, city = rng.choices(places, place_weights)[0]
        if remote == "remote" and rng.random() < 0.3:
            state = city = None
        credentials = rng.sample(codes, k=rng.randint(0, len(codes))) if codes else []
        requirements = {code: rng.choice(["required", "preferred"]) for code in credentials}
        record = {
            "source": f"board-{n % 60:02d}",
            "source_kind": rng.choice(["greenhouse", "lever", "workday", "jsonld", "feed"]),
            "external_id": f"{seed}-{n}",
            "url": f"https://jobs.example.org/{n % 60}/{seed}-{n}",
            "title": title,
            "company": company,
            "location": f"{city}, {state}" if state else "United States",
            "city": city,
            "state": state,
            "country": "US",
            "remote": remote,
            "employment_type": rng.choices(employment, employment_weights)[0],
            "certifications": credentials,
            "credential_requirements": requirements,
            "education": education if rng.random() < 0.7 else None,
            "experience_years": rng.choice([None, 1.0, 2.0, 3.0, 5.0]),
            "occupation": occupation,
            "relevant": not outside,
            "facets": {
                "settings": rng.sample(SETTINGS, k=rng.randint(0, 2)),
                "code_sets": rng.sample(CODE_SETS, k=rng.randint(0, 3)),
                "ehr": rng.sample(EHRS, k=rng.randint(0, 1)),
            },
            "posted_at": None
            if rng.random() < 0.05
            else now - timedelta(minutes=rng.randint(0, 120 * 24 * 60)),
            **_pay(rng, low, high),
        }
        record["description_text"], record["description_html"] = _description(rng, record, bodies)
        yield record


def _posted(rng: random.Random, now: datetime) -> datetime | None:
    """Some time in the four months before `now`; one posting in twenty gives no date."""
    if rng.random() < 0.05:
        return None
    return now - timedelta(minutes=rng.randint(0, 120 * 24 * 60))


def _pay(rng: random.Random, low: int, high: int) -> dict[str, Any]:
    if rng.random() < 0.45:
        return {}
    yearly_min = rng.randint(low, (low + high) // 2) // 500 * 500
    yearly_max = max(yearly_min, rng.randint((low + high) // 2, high) // 500 * 500)
    estimated = rng.random() < 0.1
    if rng.random() < 0.55:  # hourly
        hour_min, hour_max = round(yearly_min / 2080, 2), round(yearly_max / 2080, 2)
        return {
            "salary_min": hour_min, "salary_max": hour_max, "salary_period": "hour",
            "salary_currency": "USD", "salary_annual_min": round(hour_min * 2080, 2),
            "salary_annual_max": round(hour_max * 2080, 2), "salary_estimated": estimated,
            "salary_text": f"${hour_min:.2f} - ${hour_max:.2f} per hour",
        }  # fmt: skip
    currency = "CAD" if rng.random() < 0.01 else "USD"
    return {
        "salary_min": float(yearly_min), "salary_max": float(yearly_max),
        "salary_period": "year", "salary_currency": currency,
        "salary_annual_min": float(yearly_min), "salary_annual_max": float(yearly_max),
        "salary_estimated": estimated, "salary_text": f"${yearly_min:,} - ${yearly_max:,} a year",
    }  # fmt: skip


def _bodies(rng: random.Random, count: int = 500) -> list[list[str]]:
    """Paragraphs of duties, 1.5-3.5 KB each: the shared middle of the descriptions."""
    bodies = []
    for _ in range(count):
        target, size, duties = rng.randint(1_500, 3_500), 0, []
        while size < target:
            sentence = rng.choice(SENTENCES)
            duties.append(sentence)
            size += len(sentence) + 1
        bodies.append([" ".join(duties[i : i + 4]) for i in range(0, len(duties), 4)])
    return bodies


def _description(
    rng: random.Random, record: dict[str, Any], bodies: list[list[str]]
) -> tuple[str, str]:
    """Plain text and HTML of 2-4 KB: an opening, duties, what is asked, pay, benefits."""
    opening = (
        f"{record['company']} is hiring a {record['title']} to join our health information "
        f"team{' in ' + record['city'] if record['city'] else ''}."
    )
    asks = [f"{code} {level}." for code, level in record["credential_requirements"].items()]
    if record.get("salary_text"):
        asks.append(f"Pay: {record['salary_text']}.")
    paragraphs = [opening, *rng.choice(bodies)]
    if asks:
        paragraphs.append(" ".join(asks))
    paragraphs.append(" ".join(rng.sample(BENEFITS, k=3)))
    plain = "\n\n".join(paragraphs)
    html = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
    return plain, html


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


def cached_store(count: int, *, seed: int = 0) -> Path:
    """A SQLite store of `count` generated postings, built once under benchmarks/results/."""
    path = RESULTS / f"postings-{count}-seed{seed}.db"
    if path.exists():
        return path
    RESULTS.mkdir(parents=True, exist_ok=True)
    building = path.with_suffix(".building")
    for stale in RESULTS.glob(building.name + "*"):
        stale.unlink()
    url = f"sqlite:///{building}"
    bulk_load(url, records(count, seed=seed))
    dispose_engine(url)
    building.rename(path)
    return path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    start = time.perf_counter()
    path = cached_store(args.count, seed=args.seed)
    print(f"{path} ({path.stat().st_size / 1e9:.2f} GB, {time.perf_counter() - start:.0f} s)")


if __name__ == "__main__":
    sys.exit(main())
