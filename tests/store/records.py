"""Posting records as the pipeline hands them to the store."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, MetaData, Table

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def posting(number: int, *, source: str = "acme-health", **changes: Any) -> dict[str, Any]:
    record: dict[str, Any] = {
        "source": source,
        "source_kind": "greenhouse",
        "external_id": f"job-{number}",
        "url": f"https://jobs.example.org/{source}/{number}",
        "title": f"Medical Records Specialist {number}",
        "company": "Acme Health",
        "location": "Tampa, FL 33606",
        "city": "Tampa",
        "state": "FL",
        "country": "US",
        "remote": "hybrid",
        "employment_type": "Full-time",
        "salary_min": 20,
        "salary_max": 24.5,
        "salary_currency": "USD",
        "salary_period": "hour",
        "salary_annual_min": 41600,
        "salary_annual_max": 50960,
        "salary_estimated": False,
        "salary_text": "$20.00 - $24.50 per hour",
        "certifications": ["RHIT", "CCS"],
        "credential_requirements": {"RHIT": "required", "CCS": "preferred"},
        "education": "associate",
        "experience_years": 2.0,
        "occupation": "29-2072",
        "relevant": True,
        "facets": {"settings": ["hospital"], "code_sets": ["ICD-10-CM"], "ehr": ["Epic"]},
        "posted_at": datetime(2026, 3, 1, 12, 30, tzinfo=UTC),
        "description_text": "Abstract and code inpatient records.\nRHIT required.",
        "description_html": "<p>Abstract and code inpatient records.</p><p>RHIT required.</p>",
    }
    record.update(changes)
    return record


def insert_as_stored(connection: Connection, rows: list[dict[str, Any]]) -> None:
    """Insert posting rows into the postings table as an older revision has it: each row's
    values for the columns that table holds, the rest left out."""
    postings = Table("postings", MetaData(), autoload_with=connection)
    names = set(postings.columns.keys())
    connection.execute(
        postings.insert(), [{k: v for k, v in row.items() if k in names} for row in rows]
    )
