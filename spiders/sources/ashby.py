"""Ashby's public job-board API: `GET {url}?includeCompensation=true`, one page with `jobs[]`.

Pay comes from the `compensation` block: the "Salary" component (a range with an
interval such as "1 YEAR" or "1 HOUR") and the tier summary as the pay text. The
board names no company, so the company is the board slug from the URL, made readable.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.sources.base import SourceSpider, company_from_slug, entries, site_slug, with_query

WORKPLACE_TYPES = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}
EMPLOYMENT_TYPES = {
    "fulltime": "Full-time",
    "parttime": "Part-time",
    "intern": "Internship",
    "contract": "Contract",
    "temporary": "Temporary",
}


class AshbySpider(SourceSpider):
    name = "ashby"

    async def start(self) -> AsyncIterator[Request]:
        url = with_query(self.source.url, {"includeCompensation": "true"})
        yield self.list_request(url, self.parse)

    def parse(self, response: Response) -> Iterator[JobPostingItem]:
        data = self.parse_json(response)
        if data is None:
            return
        jobs = entries(data, "jobs")
        if jobs is None:
            self.record_error(response.url, "expected an Ashby board with a jobs list", fatal=True)
            return
        company = _parse_company(data) or company_from_slug(
            site_slug(self.source.url) or self.source.name
        )
        yield from self.read_records(
            response.url, listed(jobs), job_fields, company=company, key=job_id
        )


# -- pure extraction ---------------------------------------------------------


def listed(jobs: list[dict]) -> list[dict]:
    """The board's public jobs: an unlisted job (`isListed: false`) is not a posting."""
    return [job for job in jobs if job.get("isListed") is not False]


def job_id(job: dict) -> str | None:
    return str(job["id"]) if job.get("id") else None


def job_fields(job: dict, *, company: str | None) -> dict[str, Any]:
    return {
        "external_id": job_id(job),
        "url": _parse_url(job),
        "title": _parse_title(job),
        "company": company,
        "location": _parse_location(job),
        "locations": _parse_locations(job),
        **_parse_address(job),
        "employment_type": _parse_employment_type(job),
        "posted_at": job.get("publishedAt") or None,
        "remote_hint": _parse_remote_hint(job),
        "description_html": job.get("descriptionHtml") or None,
        "description_text": None if job.get("descriptionHtml") else job.get("descriptionPlain"),
        **_parse_salary(job),
    }


def _parse_company(data: dict) -> str | None:
    """An organization name, where the board carries one (the public API usually does not)."""
    for key in ("organizationName", "organization"):
        value = data.get(key)
        if isinstance(value, dict):
            value = value.get("name")
        if isinstance(value, str) and value.strip():
            return value.strip()
    return None


def _parse_title(job: dict) -> str | None:
    return (job.get("title") or "").strip() or None


def _parse_url(job: dict) -> str | None:
    return job.get("jobUrl") or job.get("applyUrl") or None


def _parse_locations(job: dict) -> list[str]:
    places = [job.get("location")]
    places += [extra.get("location") for extra in job.get("secondaryLocations") or [] if extra]
    seen: list[str] = []
    for place in places:
        if isinstance(place, str) and place.strip() and place.strip() not in seen:
            seen.append(place.strip())
    return seen


def _parse_location(job: dict) -> str | None:
    places = _parse_locations(job)
    return "; ".join(places) if places else None


def _parse_address(job: dict) -> dict[str, str | None]:
    """City, state and country of the primary place, as Ashby spells them ("NY", "Arizona")."""
    address = (job.get("address") or {}).get("postalAddress") or {}
    return {
        "city": (address.get("addressLocality") or "").strip() or None,
        "state": (address.get("addressRegion") or "").strip() or None,
        "country": (address.get("addressCountry") or "").strip() or None,
    }


def _parse_employment_type(job: dict) -> str | None:
    value = job.get("employmentType")
    if not value:
        return None
    return EMPLOYMENT_TYPES.get(str(value).lower(), str(value))


def _parse_remote_hint(job: dict) -> str | None:
    """`workplaceType` wins: Ashby sets `isRemote` on hybrid jobs too."""
    workplace = re.sub(r"[^a-z]", "", str(job.get("workplaceType") or "").lower())
    if workplace in WORKPLACE_TYPES:
        return WORKPLACE_TYPES[workplace]
    if job.get("isRemote") is True:
        return "remote"
    return None


def _salary_component(compensation: dict) -> dict | None:
    """The salary component: the summary one, else the first tier's."""
    candidates = list(compensation.get("summaryComponents") or [])
    for tier in compensation.get("compensationTiers") or []:
        candidates += (tier or {}).get("components") or []
    for component in candidates:
        if not isinstance(component, dict):
            continue
        if str(component.get("compensationType") or "").lower() != "salary":
            continue
        if component.get("minValue") is not None or component.get("maxValue") is not None:
            return component
    return None


def _parse_salary(job: dict) -> dict[str, Any]:
    compensation = job.get("compensation")
    if (
        not isinstance(compensation, dict)
        or job.get("shouldDisplayCompensationOnJobPostings") is False
    ):
        return {}  # none, or the employer chose not to show it
    fields: dict[str, Any] = {}
    text = compensation.get("compensationTierSummary") or compensation.get(
        "scrapeableCompensationSalarySummary"
    )
    if text:
        fields["salary_text"] = text
    component = _salary_component(compensation)
    if component:
        fields |= {
            "salary_min": component.get("minValue"),
            "salary_max": component.get("maxValue"),
            "salary_currency": component.get("currencyCode") or None,
            "salary_period": component.get("interval") or None,  # "1 YEAR", "1 HOUR"
        }
    return fields
