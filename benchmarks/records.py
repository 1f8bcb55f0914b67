"""Synthetic posting rows for store benchmarks: realistic columns, a varied id per row."""

from datetime import UTC, datetime

POSTED = datetime(2026, 3, 1, tzinfo=UTC)


def posting_record(
    n: int, *, source: str, description_text: str, description_html: str, posted_at: datetime
) -> dict:
    """Row `n` of a benchmark store, with every content column a crawl fills."""
    return {
        "source": source,
        "source_kind": "greenhouse",
        "external_id": str(1_000_000 + n),
        "url": f"https://jobs.example.org/bench/{n}",
        "title": f"Medical Records Specialist {n % 40}",
        "company": f"Health System {n % 25}",
        "location": "Columbus, OH",
        "city": "Columbus",
        "state": "OH",
        "country": "US",
        "remote": "onsite",
        "employment_type": "Full-time",
        "salary_min": 19.0 + n % 5,
        "salary_max": 25.0 + n % 5,
        "salary_currency": "USD",
        "salary_period": "hour",
        "salary_annual_min": (19.0 + n % 5) * 2080,
        "salary_annual_max": (25.0 + n % 5) * 2080,
        "salary_text": "$19 - $25 an hour",
        "certifications": ["RHIT", "CCS"],
        "credential_requirements": {"RHIT": "required", "CCS": "preferred"},
        "education": "associate",
        "occupation": "29-2072",
        "relevant": True,
        "facets": {"settings": ["hospital"], "code_sets": ["ICD-10-CM", "CPT"], "ehr": ["Epic"]},
        "posted_at": posted_at,
        "description_text": description_text,
        "description_html": description_html,
    }
