"""Lever's public postings API: `GET {url}?mode=json&skip=…&limit=…`.

The answer is a JSON list of postings (or one posting object for a single-posting URL).
A page shorter than `limit` is the last one; a page of postings already seen (a board that
ignores `skip`) or `max_pages` (else 50 pages) ends the crawl early, closing nothing. Lever
names no company, so the company is the site slug from the URL
(`api.lever.co/v0/postings/{site}`), made readable.
"""

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.sources.base import SourceSpider, company_from_slug, entries, site_slug, with_query

PAGE_SIZE = 100
DEFAULT_MAX_PAGES = 50  # 5,000 postings: far beyond any one employer's board
WORKPLACE_TYPES = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite", "on-site": "onsite"}


class LeverSpider(SourceSpider):
    name = "lever"
    default_max_pages = DEFAULT_MAX_PAGES

    async def start(self) -> AsyncIterator[Request]:
        yield self._page_request(0)

    def _page_request(self, page: int) -> Request:
        query = [("mode", "json"), ("skip", page * PAGE_SIZE), ("limit", PAGE_SIZE)]
        # Lever filters (team, location, commitment, ...) go through as they are.
        query += list(self.source.params.items())
        url = with_query(self.source.url, query)
        return self.list_request(url, self.parse, cb_kwargs={"page": page})

    def parse(self, response: Response, page: int = 0) -> Iterator[JobPostingItem | Request]:
        data = self.parse_json(response)
        if data is None:
            return
        postings = entries([data] if is_posting(data) else data)
        if postings is None:
            self.record_error(response.url, "expected a JSON list of Lever postings", fatal=True)
            return
        company = company_from_slug(site_slug(self.source.url) or self.source.name)
        fresh = self.unseen(postings, _parse_external_id)
        yield from self.read_records(
            response.url, fresh, posting_fields, company=company, key=_parse_external_id
        )
        if self.another_page(page + 1, postings, fresh, more=len(postings) >= PAGE_SIZE):
            yield self._page_request(page + 1)


# -- pure extraction ---------------------------------------------------------


def is_posting(data: Any) -> bool:
    """A single posting object (a single-posting URL's answer), not a list page."""
    return isinstance(data, dict) and bool(data.get("id") and data.get("text"))


def posting_fields(posting: dict, *, company: str | None) -> dict[str, Any]:
    salary = _parse_salary(posting)
    return {
        "external_id": _parse_external_id(posting),
        "url": _parse_url(posting),
        "title": _parse_title(posting),
        "company": company,
        "location": _parse_location(posting),
        "locations": _parse_locations(posting),
        "country": posting.get("country") or None,
        "employment_type": _parse_employment_type(posting),
        "posted_at": posting.get("createdAt"),
        "remote_hint": _parse_remote_hint(posting),
        "description_html": _parse_description_html(posting),
        **salary,
    }


def _parse_external_id(posting: dict) -> str | None:
    value = posting.get("id")
    return str(value) if value else None


def _parse_title(posting: dict) -> str | None:
    return (posting.get("text") or "").strip() or None


def _parse_url(posting: dict) -> str | None:
    return posting.get("hostedUrl") or posting.get("applyUrl") or None


def _categories(posting: dict) -> dict:
    categories = posting.get("categories")
    return categories if isinstance(categories, dict) else {}


def _parse_location(posting: dict) -> str | None:
    """The posted location line; with several places, all of them."""
    places = _parse_locations(posting)
    return "; ".join(places) if places else None


def _parse_locations(posting: dict) -> list[str]:
    categories = _categories(posting)
    places = categories.get("allLocations") or []
    if not places and categories.get("location"):
        places = [categories["location"]]
    # Keep the primary location first, without repeats.
    primary = categories.get("location")
    ordered = ([primary] if primary else []) + [place for place in places if place != primary]
    return [place.strip() for place in ordered if isinstance(place, str) and place.strip()]


def _parse_employment_type(posting: dict) -> str | None:
    return _categories(posting).get("commitment") or None


def _parse_remote_hint(posting: dict) -> str | None:
    """Lever's `workplaceType`: remote, hybrid, onsite (or "unspecified", which says nothing)."""
    value = str(posting.get("workplaceType") or "").strip().lower()
    return WORKPLACE_TYPES.get(value)


def _parse_salary(posting: dict) -> dict[str, Any]:
    """`salaryRange` {min, max, currency, interval}; the interval stays Lever's own word."""
    salary = posting.get("salaryRange")
    fields: dict[str, Any] = {}
    if isinstance(salary, dict) and (salary.get("min") or salary.get("max")):
        fields = {
            "salary_min": salary.get("min"),
            "salary_max": salary.get("max"),
            "salary_currency": salary.get("currency") or None,
            "salary_period": salary.get("interval") or None,  # e.g. "per-year-salary"
        }
    text = (posting.get("salaryDescriptionPlain") or "").strip()
    if text:
        fields["salary_text"] = text
    return fields


def _parse_description_html(posting: dict) -> str | None:
    """The whole posting: description, the titled lists, the pay note, the closing part."""
    parts = [posting.get("description") or ""]
    if not parts[0]:
        parts = [posting.get("opening") or "", posting.get("descriptionBody") or ""]
    for section in posting.get("lists") or []:
        if not isinstance(section, dict):
            continue
        heading = (section.get("text") or "").strip()
        if heading:
            parts.append(f"<h3>{html.escape(heading)}</h3>")
        if section.get("content"):
            parts.append(f"<ul>{section['content']}</ul>")
    parts.append(posting.get("salaryDescription") or "")
    parts.append(posting.get("additional") or "")
    joined = "\n".join(part for part in parts if part.strip())
    return joined or None
