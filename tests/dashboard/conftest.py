"""A real SQLite store filled with a small, varied set of postings for the dashboard tests."""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update

from store.db import init_db, session_scope
from store.models import Posting, Source
from store.postings import upsert_postings

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboard" / "app.py"
NOW = datetime.now(UTC).replace(microsecond=0)

UNSAFE_HTML = (
    "<p>Code inpatient records in ICD-10-CM and ICD-10-PCS.</p>"
    "<script>alert('stolen')</script>"
    '<img src="x" onerror="alert(1)">'
    '<p onclick="steal()">Apply <a href="javascript:alert(2)">here</a> or '
    '<a href="https://careers.example.org/apply">on our site</a>.</p>'
)


def _record(external_id: str, title: str, **fields: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": "acme-health",
        "source_kind": "greenhouse",
        "external_id": external_id,
        "url": f"https://jobs.example.org/acme/{external_id}",
        "title": title,
        "company": "Acme Health",
        "country": "US",
        "relevant": True,
        "occupation": "29-2072",
    }
    record.update(fields)
    return record


# Seen recently; each has what one filter needs to tell it apart.
RECENT = [
    _record(
        "coder-1",
        "Inpatient Coder II",
        company="Tampa General",
        location="Tampa, FL 33606",
        city="Tampa",
        state="FL",
        remote="remote",
        salary_min=26,
        salary_max=32,
        salary_currency="USD",
        salary_period="hour",
        salary_annual_min=54080,
        salary_annual_max=66560,
        salary_text="$26.00 - $32.00 per hour",
        certifications=["CCS", "RHIT"],
        credential_requirements={"CCS": "required", "RHIT": "preferred"},
        education="associate",
        experience_years=2.0,
        facets={
            "settings": ["hospital"],
            "code_sets": ["ICD-10-CM", "ICD-10-PCS"],
            "ehr": ["Epic"],
        },
        posted_at=NOW - timedelta(days=2),
        description_text="Code inpatient records in ICD-10-CM and ICD-10-PCS.",
        description_html=UNSAFE_HTML,
    ),
    _record(
        "registrar-1",
        "Cancer Registrar",
        company="Front Range Oncology",
        location="Denver, CO",
        city="Denver",
        state="CO",
        remote="hybrid",
        salary_min=70000,
        salary_max=85000,
        salary_currency="USD",
        salary_period="year",
        salary_annual_min=70000,
        salary_annual_max=85000,
        certifications=["ODS-C"],
        credential_requirements={"ODS-C": "required"},
        education="associate",
        occupation="29-9021",
        posted_at=NOW - timedelta(days=10),
        description_text="Abstract cancer cases for the state registry. ODS-C required.",
    ),
    _record(
        "roi-1",
        "Release of Information Specialist",
        company="Hill Country Clinics",
        location="Austin, TX",
        city="Austin",
        state="TX",
        remote="onsite",
        education="high_school",
        posted_at=NOW - timedelta(days=1),
        description_text="Process record requests under HIPAA. No pay stated.",
    ),
    _record(
        "clerk-1",
        "Medical Records Clerk",
        company="Garden State Health",
        location="Newark, NJ",
        city="Newark",
        state="NJ",
        remote="onsite",
        salary_annual_min=38000,
        salary_annual_max=42000,
        salary_min=38000,
        salary_max=42000,
        salary_period="year",
        posted_at=NOW - timedelta(days=5),
        description_text="File and retrieve charts.",
    ),
    _record(
        "python-1",
        "Python Coder",
        company="Acme Software",
        location="Remote",
        remote="remote",
        salary_annual_min=140000,
        salary_annual_max=160000,
        occupation=None,
        relevant=False,
        posted_at=NOW - timedelta(days=3),
        description_text="Write Python services.",
    ),
    _record(
        "risk-1",
        "Risk Adjustment Coder",
        company="Summit Health Plan",
        location="United States",
        remote="remote",
        salary_annual_min=60000,
        salary_annual_max=60000,
        salary_min=60000,
        salary_max=60000,
        salary_period="year",
        certifications=["CPC", "CRC"],
        credential_requirements={"CPC": "required", "CRC": "preferred"},
        education="certificate",
        facets={"code_sets": ["ICD-10-CM", "HCC"], "ehr": ["Cerner"]},
        posted_at=NOW - timedelta(days=4),
        description_text="Review charts for HCC capture. CPC required, CRC preferred.",
    ),
]
# First seen long ago and with no date of its own: "posted within" falls back to first seen.
OLD = [
    _record(
        "director-1",
        "Director of Health Information Management",
        company="Chesapeake Medical Center",
        location="Baltimore, MD",
        city="Baltimore",
        state="MD",
        remote="onsite",
        salary_annual_min=120000,
        salary_annual_max=150000,
        salary_min=120000,
        salary_max=150000,
        salary_period="year",
        certifications=["RHIA"],
        credential_requirements={"RHIA": "required"},
        education="bachelor",
        occupation="11-9111",
        posted_at=None,
        description_text="Lead the HIM department. RHIA required.",
    )
]
CLOSED_ID = "clerk-1"
OPEN_RELEVANT = 5  # coder, registrar, roi, risk, director


@dataclass(frozen=True)
class FilledStore:
    url: str
    path: Path


def fill_store(url: str, *, demo: bool = False) -> None:
    init_db(url)
    source_name = "demo-greenhouse" if demo else "acme-health"
    with session_scope(init_db(url)) as session:
        session.add(
            Source(
                name=source_name,
                kind="greenhouse",
                url="http://127.0.0.1:8000/boards/acme",
                config={"demo": True} if demo else {},
            )
        )
        records = [dict(r, source=source_name) for r in RECENT]
        upsert_postings(session=session, records=records, seen_at=NOW - timedelta(hours=1),
                        run_id=None)  # fmt: skip
        old = [dict(r, source=source_name) for r in OLD]
        upsert_postings(session=session, records=old, seen_at=NOW - timedelta(days=40),
                        run_id=None)  # fmt: skip
        session.execute(
            update(Posting)
            .where(Posting.external_id == CLOSED_ID)
            .values(closed_at=NOW - timedelta(hours=2))
        )


@pytest.fixture
def filled_store(sqlite_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> FilledStore:
    fill_store(sqlite_url)
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)
    return FilledStore(sqlite_url, tmp_path / "hitboard.db")


@pytest.fixture
def demo_store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    fill_store(sqlite_url, demo=True)
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)
    return sqlite_url


@pytest.fixture
def empty_store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    init_db(sqlite_url)
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)
    return sqlite_url


# A store a new user would meet: two jobs alike in name, one job on two sources, the
# store's own slugs and spellings, and a posting written by an attacker.
HOSTILE_TITLE = "![x](http://evil.example/pixel.png) Coder <script>alert(1)</script>"
HOSTILE_COMPANY = "[Apply now](javascript:alert(3))"
HOSTILE_HTML = (
    "<p>Great job.</p><script>window.hacked = 1</script>"
    '<img src="x" onerror="window.hacked = 2">'
    '<a href="javascript:window.hacked = 3">apply</a>'
)
VARIED = [
    *(
        _record(
            f"hcc-{n}",
            "HCC Coding Specialist",
            company="Summit Health Plan",
            location="United States",
            remote="remote",
            salary_min=low,
            salary_max=low + 5000,
            salary_currency="USD",
            salary_period="year",
            salary_annual_min=low,
            salary_annual_max=low + 5000,
            employment_type=spelling,
            posted_at=NOW - timedelta(days=n),
            description_text=f"Requisition {n}: HCC coding for {plan} plans.",
        )
        for n, low, spelling, plan in (
            (6, 55000, "FULL_TIME", "Medicare"),
            (7, 65000, "Full-time", "commercial"),
        )
    ),
    _record(
        "coder-1-board",
        "Inpatient Coder II",
        source="jobs-board",
        source_kind="adzuna",
        company="Tampa General",
        location="Tampa, FL",
        city="Tampa",
        state="FL",
        remote="remote",
        salary_min=26,
        salary_max=32,
        salary_currency="USD",
        salary_period="hour",
        salary_annual_min=54080,
        salary_annual_max=66560,
        posted_at=NOW - timedelta(days=2),
        description_text="Code inpatient records in ICD-10-CM and ICD-10-PCS.",
    ),
    _record(
        "profee-1",
        "Profee Coder",
        source="demo-greenhouse",
        company="Lakeside Physicians",
        location="Columbus, OH",
        city="Columbus",
        state="OH",
        remote="onsite",
        salary_min=50000,
        salary_max=58000,
        salary_currency="USD",
        salary_period="year",
        salary_annual_min=50000,
        salary_annual_max=58000,
        salary_source="text",
        certifications=["CPC"],
        credential_requirements={"CPC": "required"},
        facets={"settings": ["professional_fee"], "ehr": ["epic", "oracle_health"]},
        posted_at=NOW - timedelta(days=8),
        description_text="Pro fee coding in Epic and Oracle Health. Pay $50,000-$58,000.",
    ),
    _record(
        "hostile-1",
        HOSTILE_TITLE,
        company=HOSTILE_COMPANY,
        location="Tampa <img src=x onerror=alert(4)>",
        salary_min=40000,
        salary_max=45000,
        salary_currency="USD",
        salary_period="year",
        salary_annual_min=40000,
        salary_annual_max=45000,
        salary_text='=HYPERLINK("http://evil.example/","pay")',
        posted_at=NOW - timedelta(days=9),
        description_text="Hostile.",
        description_html=HOSTILE_HTML,
    ),
]
VARIED_JOBS = OPEN_RELEVANT + 4  # the board's copy of the coder job shares its row
VARIED_POSTINGS = OPEN_RELEVANT + 5


def fill_varied_store(url: str) -> None:
    fill_store(url)
    with session_scope(init_db(url)) as session:
        for name, kind in (("jobs-board", "adzuna"), ("demo-greenhouse", "greenhouse")):
            session.add(Source(name=name, kind=kind, url=f"http://127.0.0.1:8000/{name}"))
        upsert_postings(session=session, records=VARIED, seen_at=NOW - timedelta(minutes=30),
                        run_id=None)  # fmt: skip


@pytest.fixture
def varied_store(sqlite_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    fill_varied_store(sqlite_url)
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)
    return sqlite_url
