"""SAP SuccessFactors career sites (Recruiting Marketing): server-drawn search pages.

`url` is the career site (`https://careers.example.org`, or a site under a path such as
`https://jobs.example.org/nsha`). List: `GET {url}/search/?startrow={n}` (`q=` for a
`search`), HTML: each row's `a.jobTitle-link` (a row shows it twice, for wide and narrow
screens) leads to `/job/{slug}/{id}/`, with its place in a `jobLocation` cell and its date
in `jobDate`. The page size is the tenant's (10, 25 or 100): what the first page shows.
The total comes from the "Results 1 – 25 of N" label; paging stops there, at a short page,
or at a page that repeats. The vendor's own `career?company=` pages are not read (their
robots.txt forbids it).

Detail: the posting's page, which carries schema.org JobPosting as JSON-LD or microdata
(`itemprop`), read by the jsonld kind's extraction; the description falls back to the
page's `.jobdescription`. Pay is prose, left to the pay reader.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources import jsonld
from spiders.sources.base import (
    SourceSpider,
    absolute_link,
    dated,
    distinct,
    html_page,
    page_count,
    with_query,
)

DEFAULT_MAX_PAGES = 100
JOB_ID = re.compile(r"/job/[^?#]*?/(?P<id>\d+)/?$")
TOTAL = re.compile(r"of\s*(?P<total>[\d,.]+)\s*$")
MARKERS = ("jobTitle-link", "paginationLabel", "searchresults", "searchResultsShell", "data-row")
LISTED_DATE = ("%b %d, %Y", "%d %b %Y", "%m/%d/%Y")
MICRODATA_DATE = ("%a %b %d %H:%M:%S %Z %Y",)  # "Sat Sep 26 03:00:00 UTC 2026"
HTML = {"Accept": "text/html"}


class SuccessFactorsSpider(SourceSpider):
    name = "successfactors"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.site = self.source.url.rstrip("/")
        split = urlsplit(self.site)
        self.origin = f"{split.scheme}://{split.netloc}"
        self.page_size: int | None = None  # the tenant's, from the first page

    async def start(self) -> AsyncIterator[Request]:
        yield self.search_page(0, page=1)

    def search_page(self, startrow: int, *, page: int) -> Request:
        query: dict[str, Any] = {"startrow": startrow}
        if self.source.search:
            query = {"q": self.source.search, **query}
        url = with_query(f"{self.site}/search/", query)
        kwargs = {"startrow": startrow, "page": page}
        return self.list_request(url, self.parse, headers=HTML, cb_kwargs=kwargs)

    def parse(self, response: Response, startrow: int = 0, page: int = 1) -> Iterator[Request]:
        text = getattr(response, "text", "")
        if not any(marker in text for marker in MARKERS):
            reason = f"HTTP {response.status} but not a SuccessFactors search page"
            self.record_error(response.url, reason, fatal=True)
            return
        rows = search_rows(text, page_url=response.url, company=self.company())
        fresh = self.unseen(rows, lambda row: row["external_id"])
        for item in self.read_records(response.url, fresh, dict):
            # The page's own link, on the configured host (a mirror stands in for the site).
            link = urlsplit(item["url"])
            detail = f"{self.origin}{link.path}" + (f"?{link.query}" if link.query else "")
            yield self.detail_request(detail, self.parse_detail, fallback=item, headers=HTML)
        self.page_size = self.page_size or len(rows)
        total = results_total(text)
        more = total is None or startrow + len(rows) < total
        more = more and len(rows) >= (self.page_size or 1)
        if self.another_page(
            page, rows, fresh, more=more, pages_total=page_count(total, self.page_size or 1)
        ):
            yield self.search_page(startrow + len(rows), page=page + 1)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        yield self.read_detail(
            response,
            detail_fields,
            getattr(response, "text", ""),
            page_url=response.url,
            missing="no job posting on the page",
        )


# -- pure extraction ------------------------------------------------------------


def search_rows(page_html: str, *, page_url: str, company: str) -> list[dict[str, Any]]:
    """The raw item fields of each posting on a search page (each once)."""
    page = html_page(page_html)
    links = page.css("a.jobTitle-link") or page.css("a[href*='/job/']")
    rows: dict[str, dict[str, Any]] = {}
    for link in links:
        url = absolute_link(page_url, link.attrib.get("href", ""))
        match = JOB_ID.search(urlsplit(url).path) if url else None
        if not match or match["id"] in rows:
            continue
        row = link.xpath("ancestor::tr[1] | ancestor::li[1]")
        row = row[-1] if row else link.xpath("..")[0]
        places = distinct(row.css("[class*='jobLocation']").xpath("string()").getall())
        rows[match["id"]] = {
            "external_id": match["id"],
            "url": url,
            "title": clean_text(link.xpath("string()").get()),
            "company": company,
            "location": places[0] if places else None,
            "posted_at": dated(row.css(".jobDate").xpath("string()").get(), *LISTED_DATE),
        }
    return list(rows.values())


def results_total(page_html: str) -> int | None:
    """N of the "Results 1 – 25 of N" label, when the page has one."""
    label = clean_text(html_page(page_html).css(".paginationLabel").xpath("string()").get())
    match = TOTAL.search(label or "")
    return int(re.sub(r"\D", "", match["total"])) if match else None


def detail_fields(page_html: str, *, page_url: str) -> dict[str, Any] | None:
    """A posting page's JobPosting (JSON-LD or microdata), its description falling back to
    the page's `.jobdescription`; None when the page has neither."""
    fields = dict(jsonld.detail_page_fields(page_html, page_url=page_url) or {})
    body = html_page(page_html).css(".jobdescription, [itemprop='description']")
    if body and not str(fields.get("description_html") or "").lstrip().startswith("<"):
        fields["description_html"] = body[0].get()
    if posted := fields.get("posted_at"):
        fields["posted_at"] = dated(posted, *MICRODATA_DATE) or posted
    return fields or None
