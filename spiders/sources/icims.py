"""iCIMS career portals and iCIMS's hosted Jibe boards; the `url` says which.

**Portal** (`url` = `https://{tenant}.icims.com/jobs`): the search page an employer frames,
`GET {url}/search?ss=1&in_iframe=1` (later pages add `pr={n}`, n counted from 1), lists rows
of `a.iCIMS_Anchor` links to `/jobs/{id}/…` with the row's summary, date and labelled
fields ("Work Arrangement", "Position Type", "Job Locations"). Each posting's page, the link
with `in_iframe=1`, carries a schema.org JobPosting (read by the jsonld kind's extraction).
A portal whose search is a script shell (iCIMS markup but no rows) is read from its
`/sitemap.xml` instead: each `/jobs/{id}/` page there is fetched as a posting. Our honest
User-Agent passes iCIMS's firewall, which answers 405 to browser-like ones without hints.

**Jibe** (`url` = `https://{employer-host}/api/jobs`): `GET {url}?page={n}&limit=100`
(n from 1) gives whole postings in `jobs[].data`, description included, and `totalCount`;
there is no detail request. These boards ask for a pause between requests in robots.txt
(`crawl-delay: 5`): the JIBE_CRAWL_DELAY setting (seconds) waits between list pages. Their
`salary_*_value` fields are often 0, which means no figure.
"""

import asyncio
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from parsel import Selector
from scrapy.http import Request, Response
from scrapy.utils.sitemap import Sitemap

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources import jsonld
from spiders.sources.base import (
    SourceSpider,
    absolute_link,
    as_int,
    dated,
    distinct,
    html_page,
    page_count,
    structured_pay,
    with_query,
    workplace,
)

JIBE, PORTAL = "0", "1"  # the two url shapes, in store.sources.URL_SHAPES order
JIBE_PAGE_SIZE = 100
DEFAULT_MAX_PAGES = 50
JOB_PATH = re.compile(r"/jobs/(?P<id>\d+)(?:/|$)")
ROW = "//a[contains(@class, 'iCIMS_Anchor')][contains(@href, '/jobs/')]"
POSTED = ("%m/%d/%Y %I:%M %p", "%m/%d/%Y")
FIELD_NAMES = {
    "work arrangement": "remote_hint",
    "remote": "remote_hint",
    "position type": "employment_type",
    "job type": "employment_type",
    "job locations": "location",
    "location": "location",
    "locations": "location",
}


class IcimsSpider(SourceSpider):
    name = "icims"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)

    async def start(self) -> AsyncIterator[Request]:
        if self.parts["form"] == JIBE:
            yield self.jibe_page(1)
        else:
            yield self.search_page(1)

    # -- portal ---------------------------------------------------------------------

    def search_page(self, page: int) -> Request:
        query: list[tuple[str, Any]] = [("ss", 1), ("in_iframe", 1)]
        if self.source.search:
            query.append(("searchKeyword", self.source.search))
        if page > 1:
            query.append(("pr", page - 1))
        url = with_query(f"{self.root}/jobs/search", query)
        return self.list_request(url, self.parse_search, cb_kwargs={"page": page})

    def parse_search(self, response: Response, page: int = 1) -> Iterator[Request]:
        text = getattr(response, "text", "")
        if "icims" not in text.lower():
            reason = f"HTTP {response.status} but not an iCIMS job search page"
            self.record_error(response.url, reason, fatal=True)
            return
        rows = search_rows(text, page_url=response.url, company=self.company())
        if not rows and page == 1:
            # iCIMS markup without rows: a search drawn by script. Its sitemap lists the jobs.
            yield self.list_request(f"{self.root}/sitemap.xml", self.parse_sitemap)
            return
        fresh = self.unseen(rows, lambda row: row["external_id"])
        for item in self.read_records(response.url, fresh, dict):
            yield self.job_page(item)
        if self.another_page(page, rows, fresh):
            yield self.search_page(page + 1)

    def job_page(self, item: JobPostingItem) -> Request:
        """The posting's own page, framed (`in_iframe=1`), on the configured host."""
        path = urlsplit(item["url"]).path
        url = with_query(f"{self.root}{path}", {"in_iframe": 1})
        return self.detail_request(url, self.parse_job_page, fallback=item)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        try:
            entries = list(Sitemap(response.body))
        except Exception:  # not XML at all
            entries = None
        if entries is None:
            self.record_error(response.url, "not a sitemap", fatal=True)
            return
        company = self.company()
        for entry in entries:
            url = absolute_link(response.url, entry.get("loc", ""))
            match = JOB_PATH.search(urlsplit(url).path) if url else None
            if match and match["id"] not in self.listed_ids:
                self.listed_ids.add(match["id"])
                # Only the page itself says what the job is; if it cannot be read, the
                # posting is seen but unreadable (kept open, not closed).
                fallback = self.new_item(external_id=match["id"], url=url, company=company)
                yield self.job_page(fallback)

    def parse_job_page(self, response: Response) -> Iterator[JobPostingItem]:
        yield jsonld.read_job_page(self, response)

    # -- Jibe -------------------------------------------------------------------------

    def jibe_page(self, page: int) -> Request:
        url = with_query(self.source.url, {"page": page, "limit": JIBE_PAGE_SIZE})
        return self.list_request(url, self.parse_jibe, cb_kwargs={"page": page})

    async def parse_jibe(self, response: Response, page: int = 1) -> AsyncIterator[Any]:
        answer = self.listed(response, "jobs")
        if answer is None:
            return
        data, jobs = answer
        # Each job's posting is its `data`; a job without one is malformed (read_records).
        rows = [job.get("data") if isinstance(job, dict) else job for job in jobs]
        fresh = self.unseen(rows, jibe_id)
        company = self.company()
        for item in self.read_records(
            response.url, fresh, jibe_fields, board_root=self.root, company=company, key=jibe_id
        ):
            yield item  # not `yield from`: this callback is asynchronous
        total = as_int(data.get("totalCount"))
        more = len(rows) >= JIBE_PAGE_SIZE and (total is None or page * JIBE_PAGE_SIZE < total)
        pages = page_count(total, JIBE_PAGE_SIZE)
        if self.another_page(page, rows, fresh, more=more, pages_total=pages):
            await asyncio.sleep(self.settings.getfloat("JIBE_CRAWL_DELAY", 5.0))
            yield self.jibe_page(page + 1)


# -- pure extraction: portal ------------------------------------------------------


def search_rows(page_html: str, *, page_url: str, company: str) -> list[dict[str, Any]]:
    """The raw item fields of each row of an iCIMS search page."""
    rows = []
    for link in html_page(page_html).xpath(ROW):
        url = absolute_link(page_url, link.attrib["href"])
        match = JOB_PATH.search(urlsplit(url).path) if url else None
        if not match:
            continue
        row = link.xpath("ancestor::div[contains(concat(' ', @class, ' '), ' row ')][1]")
        row = row[0] if row else link
        fields: dict[str, Any] = {
            "external_id": match["id"],
            "url": url.split("?", 1)[0],  # the posting itself, not its framed form
            "company": company,
            "title": clean_text(link.xpath("string(.//h3)").get())
            or _title_without_id(link.attrib.get("title"), match["id"]),
            "description_text": clean_text(
                row.css(".description").xpath("string()").get(), keep_lines=True
            ),
            "posted_at": dated(row.css(".header.right span[title]::attr(title)").get(), *POSTED),
            "location": _header_place(row),
        }
        for name, value in _labelled_fields(row):
            if key := FIELD_NAMES.get(name.lower()):
                fields[key] = value
        fields["remote_hint"] = workplace(fields.get("remote_hint"))
        rows.append({key: value for key, value in fields.items() if value is not None})
    return rows


def _title_without_id(title: str | None, job_id: str) -> str | None:
    """The link's title attribute, "38897 - Endoscopy Repair …", without its id."""
    text = clean_text(title)
    return re.sub(rf"^{job_id}\s*-\s*", "", text) if text else None


def _header_place(row: Selector) -> str | None:
    """The place some portals show at the row's left header ("US-NJ-Wayne")."""
    texts = row.css(".header.left").xpath(".//text()[not(ancestor::*[contains(@class,'sr-only')])]")
    return "; ".join(distinct(texts.getall())) or None


def _labelled_fields(row: Selector) -> Iterator[tuple[str, str]]:
    """The row's `dt`/`dd` pairs ("Work Arrangement" → "Remote")."""
    for tag in row.css(".iCIMS_JobHeaderTag"):
        name = clean_text(tag.css("dt").xpath("string()").get())
        value = clean_text(tag.css("dd").xpath("string()").get())
        if name and value:
            yield name, value


# -- pure extraction: Jibe --------------------------------------------------------


def jibe_id(row: dict) -> str | None:
    """A Jibe posting's requisition id, else its slug."""
    return clean_text(row.get("req_id")) or clean_text(row.get("slug"))


def jibe_fields(row: dict, *, board_root: str, company: str) -> dict[str, Any]:
    """The raw item fields of one Jibe `jobs[].data` object (a whole posting)."""
    slug = clean_text(row.get("slug"))
    place = ", ".join(distinct([row.get("city"), row.get("state"), row.get("country")]))
    return {
        "external_id": jibe_id(row),
        # The apply_url leads to an iCIMS login; the board's own page is the posting.
        "url": f"{board_root}/jobs/{slug}" if slug else clean_text(row.get("apply_url")),
        "title": clean_text(row.get("title")),
        "company": clean_text(row.get("hiring_organization")) or company,
        "location": clean_text(row.get("location_name")) or place or None,
        "locations": distinct([row.get("location_name"), place]),
        "city": clean_text(row.get("city")),
        "state": clean_text(row.get("state")),
        "country": clean_text(row.get("country_code")) or clean_text(row.get("country")),
        "employment_type": clean_text(row.get("employment_type")),
        "posted_at": clean_text(row.get("posted_date")),
        "description_html": clean_text(row.get("description"), keep_lines=True),
        **_jibe_pay(row),
    }


def _jibe_pay(row: dict) -> dict[str, Any]:
    """`salary_min_value`/`salary_max_value` when they are figures (0 means none)."""
    return structured_pay(
        row.get("salary_min_value"),
        row.get("salary_max_value"),
        currency=row.get("salary_currency"),
        period=row.get("salary_unit") or row.get("salary_frequency"),
    )
