"""Jobvite boards: server-drawn list pages, a schema.org JobPosting on each job page.

`url` is the board, `https://jobs.jobvite.com/{tenant}`. List: `GET {url}/search?p={n}`
(n from 0, 50 rows a page; `q=` for a `search`) until an empty page; a board without the
search page (404) lists everything at `GET {url}/jobs`. Rows are `a.jv-job-list-name`
links to `/{tenant}/job/{id}` beside a `.jv-job-list-location`. Detail: `GET {url}/job/{id}`,
read by the jsonld kind's extraction. The employer is the page's, else `params.company`,
else the tenant's name made readable.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources import jsonld
from spiders.sources.base import (
    SourceSpider,
    absolute_link,
    company_from_slug,
    html_page,
    http_status,
    with_query,
)

DEFAULT_MAX_PAGES = 20
JOB_ID = re.compile(r"/job/(?P<id>[^/?#]+)")


class JobviteSpider(SourceSpider):
    name = "jobvite"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.board = self.source.url.rstrip("/")
        self.tenant = self.parts["tenant"]

    async def start(self) -> AsyncIterator[Request]:
        yield self.search_page(0)

    def search_page(self, page: int) -> Request:
        query: dict[str, Any] = {"p": page}
        if self.source.search:
            query = {"q": self.source.search, **query}
        request = self.list_request(
            with_query(f"{self.board}/search", query), self.parse, cb_kwargs={"page": page}
        )
        if page == 0:
            request.errback = self.first_page_failed
        return request

    def first_page_failed(self, failure: Failure) -> Iterator[Request]:
        """No search page (404): the board's full list is the `/jobs` page."""
        if http_status(failure) == 404:
            yield self.list_request(f"{self.board}/jobs", self.parse, cb_kwargs={"page": None})
            return
        self._list_failed(failure)

    def parse(self, response: Response, page: int | None = 0) -> Iterator[Request]:
        text = getattr(response, "text", "")
        if "jv-" not in text:
            reason = f"HTTP {response.status} but not a Jobvite job list"
            self.record_error(response.url, reason, fatal=True)
            return
        company = self.company(company_from_slug(self.tenant))
        rows = list_rows(text, board=self.board, company=company)
        fresh = self.unseen(rows, lambda row: row["external_id"])
        for item in self.read_records(response.url, fresh, dict):
            yield self.detail_request(item["url"], self.parse_job_page, fallback=item)
        if page is not None and self.another_page(page + 1, rows, fresh):
            yield self.search_page(page + 1)

    def parse_job_page(self, response: Response) -> Iterator[JobPostingItem]:
        yield jsonld.read_job_page(self, response)


# -- pure extraction ------------------------------------------------------------


def list_rows(page_html: str, *, board: str, company: str) -> list[dict[str, Any]]:
    """The raw item fields of each row of a Jobvite list page (links to `/{tenant}/job/{id}`,
    whose page is `{board}/job/{id}`)."""
    rows = []
    for link in html_page(page_html).css("a.jv-job-list-name"):
        url = absolute_link("", link.attrib.get("href", ""))
        match = JOB_ID.search(urlsplit(url).path) if url else None
        if not match:
            continue
        row = link.xpath("ancestor::li[1] | ancestor::tr[1]")
        place = row[-1].css(".jv-job-list-location").xpath("string()").get() if row else None
        rows.append(
            {
                "external_id": match["id"],
                "url": f"{board}/job/{match['id']}",
                "title": clean_text(link.xpath("string()").get()),
                "company": company,
                "location": clean_text(place),
            }
        )
    return rows
