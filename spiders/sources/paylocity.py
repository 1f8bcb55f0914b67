"""Paylocity recruiting boards: one HTML page holds the whole board as `pageData`.

`url` is the board, `https://recruiting.paylocity.com/recruiting/jobs/All/{guid}` (a name
segment after the guid is cosmetic). `GET {url}`: the page's script assigns
`window.pageData = {…};`, whose `Jobs[]` rows give id, title, place (`JobLocation`), date,
a short summary and `IsRemote`; there is no paging. Detail: `GET {host}/Recruiting/Jobs/
Details/{JobId}`, whose `.job-preview-details` is the description; where the page also
carries a schema.org JobPosting (some do), its fields (pay among them) are read too.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources import jsonld
from spiders.sources.base import (
    SourceSpider,
    assigned_object,
    distinct,
    entries,
    html_page,
    id_field,
)

PAGE_DATA = re.compile(r"pageData\s*=\s*")


class PaylocitySpider(SourceSpider):
    name = "paylocity"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)

    async def start(self) -> AsyncIterator[Request]:
        yield self.list_request(self.source.url, self.parse)

    def parse(self, response: Response) -> Iterator[Request]:
        data = page_data(getattr(response, "text", ""))
        jobs = entries(data, "Jobs")
        if jobs is None:
            reason = f"HTTP {response.status} but not a Paylocity job board (no pageData.Jobs)"
            self.record_error(response.url, reason, fatal=True)
            return
        company = self.company()
        key = id_field("JobId")
        fresh = self.unseen(jobs, key)
        for item in self.read_records(
            response.url, fresh, list_fields, root=self.root, company=company, key=key
        ):
            yield self.detail_request(item["url"], self.parse_detail, fallback=item)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        yield self.read_detail(
            response,
            detail_fields,
            getattr(response, "text", ""),
            page_url=response.url,
            missing="no job description on the page",
        )


# -- pure extraction ------------------------------------------------------------


def page_data(page_html: str) -> dict | None:
    """The object the board page assigns to `pageData`, or None."""
    return assigned_object(page_html, PAGE_DATA)


def list_fields(job: dict, *, root: str, company: str) -> dict[str, Any]:
    """What a `pageData.Jobs` row says (all a posting has when its detail fails)."""
    job_id = clean_text(job.get("JobId"))
    place = job.get("JobLocation") if isinstance(job.get("JobLocation"), dict) else {}
    city, state = clean_text(place.get("City")), clean_text(place.get("State"))
    label = clean_text(job.get("LocationName")) or ", ".join(distinct([city, state])) or None
    return {
        "external_id": job_id,
        "url": f"{root}/Recruiting/Jobs/Details/{job_id}",
        "title": clean_text(job.get("JobTitle")),
        "company": company,
        "location": label,
        "city": city,
        "state": state,
        "country": clean_text(place.get("Country")),
        "posted_at": clean_text(job.get("PublishedDate")),
        "remote_hint": "remote" if job.get("IsRemote") is True else None,
        "description_text": clean_text(job.get("Description"), keep_lines=True),
    }


def detail_fields(page_html: str, *, page_url: str) -> dict[str, Any] | None:
    """The details page: its JobPosting where it has one, and `.job-preview-details`
    (without its apply buttons) as the description."""
    fields = dict(jsonld.detail_page_fields(page_html, page_url=page_url) or {})
    details = html_page(page_html).css(".job-preview-details")
    if details:
        for button in details[0].css("[class*='apply-btn'], .job-listing-header"):
            button.drop()
        fields["description_html"] = details[0].get()
    return fields or None
