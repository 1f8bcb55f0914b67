"""Greenhouse job boards: `GET {url}/jobs?content=true`, every posting in one answer.

`url` is `https://boards-api.greenhouse.io/v1/boards/{token}`. The board's JSON gives each
job's description as HTML-escaped HTML (`&lt;p&gt;…`), so it is unescaped once here.
Pay comes from `pay_input_ranges` (cents) when the board publishes them, else from
pay-like custom `metadata` fields; otherwise the pipeline reads the description.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlparse

from scrapy.http import Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text, unescape
from spiders.sources.base import SourceSpider

PAY_NAME = re.compile(r"\b(pay|salary|compensation|wage|rate|ote)\b", re.IGNORECASE)
EMPLOYMENT_NAME = re.compile(r"\b(employment|time|job|position)\s*type\b", re.IGNORECASE)
PERIOD_WORDS = (
    ("hour", "hour"),
    ("annual", "year"),
    ("year", "year"),
    ("salary", "year"),
    ("month", "month"),
    ("week", "week"),
    ("day", "day"),
    ("daily", "day"),
)


class GreenhouseSpider(SourceSpider):
    name = "greenhouse"

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(f"{self.source.url.rstrip('/')}/jobs?content=true", self.parse)

    def parse(self, response: Response) -> Iterator[JobPostingItem]:
        fallback_company = board_token(self.source.url) or self.source.name
        for job in self.json_list(response, "jobs"):
            if not isinstance(job, dict) or job.get("id") is None:
                self.record_error(response.url, "a job without an id was skipped", fatal=False)
                continue
            item = self.read_record(
                response.url, job, posting_fields, fallback_company=fallback_company, key=job_id
            )
            if item is not None:
                yield item


def job_id(job: dict) -> str:
    return str(job["id"])


def posting_fields(job: dict, *, fallback_company: str) -> dict[str, Any]:
    """The raw item fields of one Greenhouse job object (list entry or job detail)."""
    location = _parse_location(job)
    return {
        "external_id": job_id(job),
        "url": job.get("absolute_url"),
        "title": clean_text(job.get("title")),
        "company": clean_text(job.get("company_name")) or fallback_company,
        "location": location,
        "locations": _parse_locations(job, location),
        "employment_type": _parse_employment_type(job),
        "posted_at": job.get("first_published") or job.get("updated_at"),
        "description_html": _parse_description(job),
        **_parse_pay(job),
    }


def board_token(url: str | None) -> str | None:
    """The board token from `…/v1/boards/{token}`, or None."""
    if not url:
        return None
    parts = [part for part in urlparse(url).path.split("/") if part]
    if "boards" in parts and parts.index("boards") + 1 < len(parts):
        return parts[parts.index("boards") + 1]
    return None


def _parse_location(job: dict) -> str | None:
    location = job.get("location")
    return clean_text(location.get("name")) if isinstance(location, dict) else None


def _parse_locations(job: dict, location: str | None) -> list[str]:
    places = [location] if location else []
    for office in job.get("offices") or []:
        if isinstance(office, dict):
            place = clean_text(office.get("location")) or clean_text(office.get("name"))
            if place and place not in places:
                places.append(place)
    return places


def _parse_description(job: dict) -> str | None:
    """The job's HTML: the board sends it HTML-escaped, so unescape it once."""
    content = job.get("content")
    if not isinstance(content, str) or not content.strip():
        return None  # list answers without ?content=true (or trimmed ones) carry none
    return unescape(content)


def _metadata(job: dict) -> list[dict]:
    return [entry for entry in job.get("metadata") or [] if isinstance(entry, dict)]


def _parse_employment_type(job: dict) -> str | None:
    for entry in _metadata(job):
        if EMPLOYMENT_NAME.search(str(entry.get("name") or "")) and entry.get("value"):
            value = entry["value"]
            return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return None


def _period_word(text: str | None) -> str | None:
    lowered = (text or "").lower()
    return next((period for word, period in PERIOD_WORDS if word in lowered), None)


def _parse_pay(job: dict) -> dict[str, Any]:
    """salary_* from pay_input_ranges, else from pay-like metadata; {} when neither."""
    return _pay_from_ranges(job.get("pay_input_ranges")) or _pay_from_metadata(_metadata(job))


def _pay_from_ranges(ranges: Any) -> dict[str, Any]:
    """Greenhouse pay transparency ranges (cents); several zones become their overall span."""
    usable = [r for r in ranges or [] if isinstance(r, dict) and r.get("min_cents") is not None]
    if not usable:
        return {}
    minimum = min(float(r["min_cents"]) for r in usable) / 100
    maxima = [float(r["max_cents"]) for r in usable if r.get("max_cents") is not None]
    currency = next((r["currency_type"] for r in usable if r.get("currency_type")), None)
    titles = [str(r["title"]) for r in usable if r.get("title")]
    text = "; ".join(
        f"{r.get('title') or 'Pay'}: {float(r['min_cents']) / 100:,.0f}"
        + (f"-{float(r['max_cents']) / 100:,.0f}" if r.get("max_cents") is not None else "")
        + (f" {r['currency_type']}" if r.get("currency_type") else "")
        for r in usable
    )
    return {
        "salary_min": minimum,
        "salary_max": max(maxima) / 100 if maxima else None,
        "salary_currency": currency,
        "salary_period": _period_word(" ".join(titles)),
        "salary_text": text,
    }


def _pay_from_metadata(entries: list[dict]) -> dict[str, Any]:
    """Custom fields: a currency_range, min/max currency fields, or a pay text field."""
    fields: dict[str, Any] = {}
    for entry in entries:
        name = str(entry.get("name") or "")
        value = entry.get("value")
        kind = entry.get("value_type")
        if value in (None, "", []) or not PAY_NAME.search(name):
            continue
        if kind == "currency_range" and isinstance(value, dict):
            fields.update(
                salary_min=value.get("min_value"),
                salary_max=value.get("max_value"),
                salary_currency=value.get("unit"),
                salary_period=_period_word(name),
            )
        elif kind == "currency" and isinstance(value, dict):
            bound = "salary_max" if re.search(r"max|high|top|to\b", name, re.I) else "salary_min"
            fields[bound] = value.get("amount")
            fields.setdefault("salary_currency", value.get("unit"))
            fields.setdefault("salary_period", _period_word(name))
        elif isinstance(value, str):
            fields.setdefault("salary_text", value.strip())
            fields.setdefault("salary_period", _period_word(name))
    return {key: value for key, value in fields.items() if value not in (None, "")}
