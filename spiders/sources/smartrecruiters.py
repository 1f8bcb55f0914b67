"""SmartRecruiters' posting API: list `GET {url}?offset=…&limit=100`, detail `GET {url}/{id}`.

The list (paged to `totalFound`) gives title, company, place and dates; the detail adds
the job ad's sections and, where the employer shows it, `compensation`. A detail that
fails after retries keeps the list entry; a 404/410 detail drops the posting.
"""

import html
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import quote

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.sources.base import SourceSpider, as_int, entries, page_count, with_query

PAGE_SIZE = 100
DEFAULT_MAX_PAGES = 20
SECTIONS = ("companyDescription", "jobDescription", "qualifications", "additionalInformation")
PUBLIC_JOB_URL = "https://jobs.smartrecruiters.com/{company}/{id}"


class SmartRecruitersSpider(SourceSpider):
    name = "smartrecruiters"
    default_max_pages = DEFAULT_MAX_PAGES

    async def start(self) -> AsyncIterator[Request]:
        yield self._page_request(0)

    def _page_request(self, offset: int) -> Request:
        query: dict[str, Any] = {"offset": offset, "limit": PAGE_SIZE}
        if self.source.search:
            query["q"] = self.source.search
        query |= self.source.params
        url = with_query(self.source.url.rstrip("/"), query)
        return self.list_request(url, self.parse, cb_kwargs={"offset": offset})

    def parse(self, response: Response, offset: int = 0) -> Iterator[Request]:
        data = self.parse_json(response)
        if data is None:
            return
        postings = entries(data, "content")
        if postings is None:
            self.record_error(response.url, "expected a SmartRecruiters postings page", fatal=True)
            return
        base = self.source.url.rstrip("/")
        fresh = self.unseen(postings, posting_id)
        for item in self.read_records(response.url, fresh, list_fields, key=posting_id):
            if not item.get("external_id"):
                yield item  # nothing to fetch a detail with
                continue
            detail_url = f"{base}/{quote(str(item['external_id']), safe='')}"
            yield self.detail_request(detail_url, self.parse_detail, fallback=item)

        next_offset = offset + len(postings)
        total = _total_found(data)
        pages_read = offset // PAGE_SIZE + 1
        more, pages = next_offset < total, page_count(total, PAGE_SIZE)
        if self.another_page(pages_read, postings, fresh, more=more, pages_total=pages):
            yield self._page_request(next_offset)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        detail = self.parse_json(response, fatal=False)
        if not isinstance(detail, dict):
            yield response.meta["fallback"]  # the list entry is still a posting
            return
        yield self.read_detail(response, detail_fields, detail, missing="an empty detail")


# -- pure extraction ---------------------------------------------------------


def _total_found(data: dict) -> int:
    return as_int(data.get("totalFound")) or 0


def posting_id(entry: dict) -> str | None:
    return str(entry["id"]) if entry.get("id") else None


def list_fields(entry: dict) -> dict[str, Any]:
    """What a list entry says; a detail object has the same fields and more."""
    location = entry.get("location") if isinstance(entry.get("location"), dict) else {}
    return {
        "external_id": posting_id(entry),
        "url": _parse_url(entry),
        "title": (entry.get("name") or "").strip() or None,
        "company": _parse_company(entry),
        "location": _parse_location(location),
        "city": location.get("city") or None,
        "state": location.get("region") or None,
        "country": location.get("country") or None,
        "remote_hint": _parse_remote_hint(location),
        "employment_type": _label(entry.get("typeOfEmployment")),
        "posted_at": entry.get("releasedDate") or None,
    }


def detail_fields(detail: dict) -> dict[str, Any]:
    return {
        **list_fields(detail),
        "description_html": _parse_description_html(detail),
        **_parse_salary(detail),
    }


def _label(value: Any) -> str | None:
    if isinstance(value, dict):
        return value.get("label") or None
    return value or None


def _parse_company(entry: dict) -> str | None:
    company = entry.get("company") or {}
    return (company.get("name") or "").strip() or company.get("identifier") or None


def _parse_url(entry: dict) -> str | None:
    """The public job page; list entries carry only the API `ref`, so build it."""
    if entry.get("postingUrl"):
        return entry["postingUrl"]
    if entry.get("applyUrl"):
        return entry["applyUrl"]
    company = (entry.get("company") or {}).get("identifier")
    if company and entry.get("id"):
        return PUBLIC_JOB_URL.format(company=quote(company), id=quote(str(entry["id"])))
    return entry.get("ref") or None


def _parse_location(location: dict) -> str | None:
    if location.get("fullLocation"):
        return location["fullLocation"]
    parts = [location.get(key) for key in ("city", "region", "country")]
    joined = ", ".join(str(part) for part in parts if part)
    return joined or None


def _parse_remote_hint(location: dict) -> str | None:
    if location.get("remote") is True:
        return "remote"
    if location.get("hybrid") is True:
        return "hybrid"
    if location.get("remote") is False and location.get("hybrid") is False:
        return "onsite"
    return None


def _parse_description_html(detail: dict) -> str | None:
    sections = ((detail.get("jobAd") or {}).get("sections")) or {}
    parts = []
    for key in SECTIONS:
        section = sections.get(key) or {}
        text = section.get("text") or ""
        if not text.strip():
            continue
        title = (section.get("title") or "").strip()
        parts.append((f"<h3>{html.escape(title)}</h3>" if title else "") + text)
    return "\n".join(parts) or None


def _parse_salary(detail: dict) -> dict[str, Any]:
    """`compensation` {min, max, currency, period}; the period stays the source's word."""
    pay = detail.get("compensation")
    if not isinstance(pay, dict) or (pay.get("min") is None and pay.get("max") is None):
        return {}
    return {
        "salary_min": pay.get("min"),
        "salary_max": pay.get("max"),
        "salary_currency": pay.get("currency") or None,
        "salary_period": pay.get("period") or None,  # e.g. "HOURLY"
    }
