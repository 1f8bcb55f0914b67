"""Small boards in the real formats, served by a LocalServer, for end-to-end crawls."""

import html
import json
import os
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

from demo.server import LocalServer, Reply, ServedRequest
from tests.kind_boards import BOARDS, serve_board

CODER = {
    "id": 4001,
    "title": "Inpatient Medical Coder II",
    "absolute_url": "https://example.org/jobs/4001",
    "location": {"name": "Tampa, FL 33606"},
    "updated_at": "2026-11-20T09:00:00-05:00",
    "content": html.escape(
        "<p>Code inpatient records using ICD-10-CM and ICD-10-PCS in Epic.</p>"
        "<ul><li>CCS required; RHIT preferred.</li>"
        "<li>Associate degree in Health Information Management.</li>"
        "<li>Pay: $24.50 - $31.00 per hour. $2,000 sign-on bonus.</li></ul>"
    ),
}
REGISTRAR = {
    "id": 4002,
    "title": "Cancer Registrar (Remote)",
    "absolute_url": "https://example.org/jobs/4002",
    "location": {"name": "Remote - US"},
    "updated_at": "2026-11-18T09:00:00Z",
    "content": html.escape(
        "<p>Fully remote. Abstract cancer cases for the registry.</p>"
        "<p>ODS-C (formerly CTR) required. Salary $62,000 - $74,000 per year.</p>"
    ),
}
ENGINEER = {
    "id": 4003,
    "title": "Senior Python Engineer",
    "absolute_url": "https://example.org/jobs/4003",
    "location": {"name": "Austin, TX"},
    "updated_at": "2026-11-19T09:00:00Z",
    "content": html.escape("<p>Build APIs in Python. $150,000 - $180,000 a year.</p>"),
}


def greenhouse_board(jobs: list[dict]) -> dict:
    return {"jobs": jobs, "meta": {"total": len(jobs)}}


WORKDAY_JOBS = [
    {
        "title": "Release of Information Specialist",
        "externalPath": "/job/Houston/Release-of-Information-Specialist_R100",
        "locationsText": "Houston, TX",
        "postedOn": "Posted 2 Days Ago",
        "bulletFields": ["R100"],
        "description": "<p>Process ROI requests. Hybrid: 3 days on site. "
        "$18.00/hr - $22.50/hr. High school diploma required. CCA preferred.</p>",
        "remoteType": "Hybrid",
    },
    {
        "title": "Director, Health Information Management",
        "externalPath": "/job/Columbus/Director-HIM_R200",
        "locationsText": "Columbus, OH",
        "postedOn": "Posted 5 Days Ago",
        "bulletFields": ["R200"],
        "description": "<p>Lead the HIM department. RHIA required. Bachelor's degree and "
        "7 years of experience. Pay range $115,000 to $140,000 annually.</p>",
        "remoteType": None,
    },
]


def workday_site(
    server: LocalServer, base: str, jobs: list[dict], page_size: int = 20
) -> Callable[[ServedRequest], Reply]:
    """A Workday cxs site at `base` (a path): paged list POSTs and a detail per job.

    Returns the list handler, so a test can wrap it (e.g. to fail one page).
    """

    def jobs_page(request: ServedRequest) -> Reply:
        body = request.json() or {}
        offset, limit = int(body.get("offset", 0)), int(body.get("limit", 20))
        page = jobs[offset : offset + min(limit, page_size)]
        return Reply(
            {
                "total": len(jobs),
                "jobPostings": [
                    {
                        k: job[k]
                        for k in (
                            "title",
                            "externalPath",
                            "locationsText",
                            "postedOn",
                            "bulletFields",
                        )
                    }
                    for job in page
                ],
            }
        )

    server.route(f"{base}/jobs", jobs_page, method="POST")
    for job in jobs:
        detail = {
            "jobPostingInfo": {
                "id": job["bulletFields"][0].lower(),
                "title": job["title"],
                "jobDescription": job["description"],
                "location": job["locationsText"],
                "postedOn": job["postedOn"],
                "startDate": "2026-11-20",
                "timeType": "Full time",
                "jobReqId": job["bulletFields"][0],
                "externalUrl": f"https://example.org/careers{job['externalPath']}",
                "remoteType": job["remoteType"],
                "country": {"descriptor": "United States of America"},
            },
            "hiringOrganization": {"name": "Example Health"},
        }
        server.add(f"{base}{job['externalPath']}", detail)
    return jobs_page


def many_workday_jobs(count: int) -> list[dict]:
    """`count` distinct records-specialist jobs in the shape of WORKDAY_JOBS."""
    return [
        {
            "title": f"Medical Records Specialist {number}",
            "externalPath": f"/job/Tampa-FL/Medical-Records-Specialist_R{5000 + number}",
            "locationsText": "Tampa, FL",
            "postedOn": "Posted 30+ Days Ago",
            "bulletFields": [f"R{5000 + number}"],
            "description": f"<p>Maintain patient charts (team {number}). "
            "$19.00 - $23.00 per hour. RHIT preferred.</p>",
            "remoteType": "Onsite",
        }
        for number in range(count)
    ]


def jsonld_page(posting: dict) -> str:
    return (
        "<html><head><title>Job</title>"
        f'<script type="application/ld+json">{json.dumps(posting)}</script>'
        "</head><body><h1>Job</h1></body></html>"
    )


HIM_TECH_JSONLD = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Health Information Technician",
    "identifier": {"@type": "PropertyValue", "name": "Example Clinic", "value": "HIT-77"},
    "hiringOrganization": {"@type": "Organization", "name": "Example Clinic"},
    "datePosted": "2026-11-21",
    "employmentType": "FULL_TIME",
    "jobLocation": {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Sacramento",
            "addressRegion": "California",
            "addressCountry": "US",
        },
    },
    "baseSalary": {
        "@type": "MonetaryAmount",
        "currency": "USD",
        "value": {"@type": "QuantitativeValue", "minValue": 26, "maxValue": 32, "unitText": "HOUR"},
    },
    "description": "<p>Maintain patient records. RHIT required.</p>",
}


# -- every kind, from the saved fixtures ------------------------------------------

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

# Where each board lives on the local server (the path part of its `url`).
GREENHOUSE_BASE = "/gh/v1/boards/bayviewhealth"
LEVER_BASE = "/lever/v0/postings/sunrise-health"
ASHBY_BASE = "/ashby/posting-api/job-board/mountain-clinics"
SMARTRECRUITERS_BASE = "/sr/v1/companies/LakesideHealth/postings"
WORKDAY_BASE = "/wday/cxs/gulfcoast/GCH_Careers"
USAJOBS_BASE = "/usajobs/api/search"
ADZUNA_BASE = "/adzuna/v1/api/jobs/us/search"
THEMUSE_BASE = "/muse/api/public/jobs"
FEED_PATHS = {"rss": "/feeds/rss.xml", "atom": "/feeds/atom.xml", "jobs": "/feeds/jobs.xml"}


def fixture_json(path: str) -> Any:
    return json.loads((FIXTURES / path).read_text(encoding="utf-8"))


def fixture_bytes(path: str) -> bytes:
    return (FIXTURES / path).read_bytes()


def xml_reply(body: bytes) -> Reply:
    return Reply(body, headers={"Content-Type": "application/xml; charset=utf-8"})


def html_reply(body: bytes) -> Reply:
    return Reply(body, headers={"Content-Type": "text/html; charset=utf-8"})


def adzuna_fixture(app_id: str) -> dict:
    """Adzuna's answer as the real API gives it: our app id inside each redirect_url."""
    text = (FIXTURES / "adzuna/search.json").read_text(encoding="utf-8")
    return json.loads(text.replace("APP_ID_PLACEHOLDER", app_id))


def serve_every_kind(server: LocalServer, *, adzuna_app_id: str) -> list[dict]:
    """Serve every kind's fixtures where its spider asks; return the sources-file entries
    (the newer kinds' boards are named after their variant in tests/kind_boards.BOARDS).

    Workday serves the one saved detail; of the other two list entries, one detail fails
    (500: the list entry is kept) and one is gone (404: the posting is dropped).
    SmartRecruiters serves both saved details; the third posting's detail is gone (410).
    """
    server.add(f"{GREENHOUSE_BASE}/jobs", fixture_json("greenhouse/board.json"))
    server.add(LEVER_BASE, fixture_json("lever/postings.json"))
    server.add(ASHBY_BASE, fixture_json("ashby/board.json"))

    server.add(SMARTRECRUITERS_BASE, fixture_json("smartrecruiters/postings.json"))
    for posting in fixture_json("smartrecruiters/postings.json")["content"]:
        detail = FIXTURES / f"smartrecruiters/detail-{posting['id']}.json"
        reply = Reply(json.loads(detail.read_text())) if detail.exists() else Reply(status=410)
        server.add(f"{SMARTRECRUITERS_BASE}/{posting['id']}", reply)

    server.add(f"{WORKDAY_BASE}/jobs", fixture_json("workday/jobs.json"), method="POST")
    coder, roi, facilities = fixture_json("workday/jobs.json")["jobPostings"]
    server.add(f"{WORKDAY_BASE}{coder['externalPath']}", fixture_json("workday/detail_coder.json"))
    server.add(f"{WORKDAY_BASE}{roi['externalPath']}", Reply(status=500))
    server.add(f"{WORKDAY_BASE}{facilities['externalPath']}", Reply(status=404))

    server.add(USAJOBS_BASE, fixture_json("usajobs/search.json"))
    server.add(f"{ADZUNA_BASE}/1", adzuna_fixture(adzuna_app_id))
    server.add(THEMUSE_BASE, fixture_json("themuse/jobs.json"))

    # jsonld: two pages by URL, the rest through a sitemap index → sitemap → pages.
    for name in ("list", "broken", "coder", "graph"):
        server.add(f"/jobs/{name}.html", html_reply(fixture_bytes(f"jsonld/{name}.html")))
    server.add("/about", html_reply(fixture_bytes("jsonld/no_posting.html")))
    server.add("/sitemap_index.xml", xml_reply(fixture_bytes("jsonld/sitemap_index.xml")))
    server.add("/sitemap-jobs.xml", xml_reply(fixture_bytes("jsonld/sitemap.xml")))

    for kind, path in FEED_PATHS.items():
        server.add(path, xml_reply(fixture_bytes(f"feed/{kind}.xml")))

    return [
        {"name": "gh-bayview", "kind": "greenhouse", "url": server.url(GREENHOUSE_BASE)},
        {"name": "lever-sunrise", "kind": "lever", "url": server.url(LEVER_BASE)},
        {"name": "ashby-mountain", "kind": "ashby", "url": server.url(ASHBY_BASE)},
        {"name": "sr-lakeside", "kind": "smartrecruiters", "url": server.url(SMARTRECRUITERS_BASE)},
        {
            "name": "wd-gulfcoast",
            "kind": "workday",
            "url": server.url(WORKDAY_BASE),
            "params": {"company": "Gulf Coast Health System"},
        },
        {
            "name": "usajobs-him",
            "kind": "usajobs",
            "url": server.url(USAJOBS_BASE),
            "search": "medical records",
        },
        {
            "name": "adzuna-coders",
            "kind": "adzuna",
            "url": server.url(ADZUNA_BASE),
            "search": "medical coder",
        },
        {
            "name": "muse-health",
            "kind": "themuse",
            "url": server.url(THEMUSE_BASE),
            "params": {"category": "Healthcare"},
        },
        {
            "name": "clinic-pages",
            "kind": "jsonld",
            "urls": [server.url("/jobs/list.html"), server.url("/jobs/broken.html")],
            "sitemap": server.url("/sitemap_index.xml"),
        },
        {"name": "feed-rss", "kind": "feed", "url": server.url(FEED_PATHS["rss"])},
        {"name": "feed-atom", "kind": "feed", "url": server.url(FEED_PATHS["atom"])},
        {"name": "feed-jobs", "kind": "feed", "url": server.url(FEED_PATHS["jobs"])},
        # The hospital and public-sector kinds, each form of each (tests/kind_boards.py).
        *({"name": variant, **serve_board(server, variant, f"/{variant}")} for variant in BOARDS),
    ]


def sources_toml(entries: list[dict], **common: Any) -> str:
    """A sources file of `entries` (dicts of a [[source]] entry), each with `common` keys."""
    blocks = []
    for entry in entries:
        lines = ["[[source]]"]
        for key, value in {**entry, **common}.items():
            lines.append(f"{key} = {_toml_value(value)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float | str):
        return json.dumps(value)  # a JSON string or number is a TOML one too
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k} = {_toml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(f"no TOML form for {value!r}")


# -- running `hitboard` and reading what it recorded ---------------------------------

# Fast, deterministic crawls against 127.0.0.1 (read by spiders/settings.py).
FAST_CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 1,
    "RETRY_BACKOFF_BASE": 0,
    "DOWNLOAD_TIMEOUT": 10,
    "JIBE_CRAWL_DELAY": 0,
}


def hitboard_env(home: Path, settings: dict | None = None, **extra: str) -> dict[str, str]:
    """The environment of a `hitboard` subprocess: its own home (logs), fast crawl settings."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("HITBOARD_", "USAJOBS_", "ADZUNA_"))
    }
    env.update(
        HITBOARD_HOME=str(home),
        HITBOARD_SCRAPY_SETTINGS=json.dumps({**FAST_CRAWL_SETTINGS, **(settings or {})}),
        **extra,
    )
    return env


def hitboard(*args: str, env: dict[str, str], timeout: float = 180, **popen: Any):
    """`hitboard ARGS` as a subprocess (python -m cli), output captured."""
    return subprocess.run(
        [sys.executable, "-m", "cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        **popen,
    )


def exported(db_url: str, env: dict[str, str]) -> dict[tuple[str, str], dict]:
    """`hitboard export --format jsonl`, keyed by (source, external_id)."""
    result = hitboard("export", "--format", "jsonl", "--db", db_url, env=env)
    assert result.returncode == 0, result.stderr
    records = [json.loads(line) for line in result.stdout.splitlines() if line.strip()]
    keyed = {(r["source"], r["external_id"]): r for r in records}
    assert len(keyed) == len(records), "two records share (source, external_id)"
    return keyed


def scrape_runs(db_path: Path) -> list[dict]:
    """Every row of the scrape_runs table, oldest first, JSON columns decoded."""
    with closing(sqlite3.connect(db_path)) as connection:
        connection.row_factory = sqlite3.Row
        rows = [dict(row) for row in connection.execute("SELECT * FROM scrape_runs ORDER BY id")]
    for row in rows:
        for column in ("errors", "stats"):
            if isinstance(row.get(column), str):
                row[column] = json.loads(row[column])
    return rows


def latest_runs(db_path: Path) -> dict[str, dict]:
    """The newest run of each source."""
    return {row["source"]: row for row in scrape_runs(db_path)}
