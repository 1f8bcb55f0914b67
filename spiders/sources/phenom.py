"""Phenom career sites: the search and job pages carry their data as `phApp.ddo = {…}`.

`url` is the site (`https://careers.dukehealth.org`). Its first page redirects to the
locale's base (`…/us/en`), which every later request builds on. List: `GET {base}/search-
results?from={n}&size=500` (500 is the server's cap; `keywords=` for a `search`): rows in
`phApp.ddo.eagerLoadRefineSearch.data.jobs`, the total in `…totalHits`. Row order is not
stable between requests, so pages overlap by half (`from` grows by 250) and repeats are
dropped. A site whose search page does not carry its rows asks its widget API instead:
`POST {site}/widgets` with the page's own `lang`, `country` and `refNum` and
`"ddoKey": "refineSearch"` → `refineSearch.data.jobs`, paged by `from` and `size`.

Detail: `GET {base}/job/{jobId}` → `phApp.ddo.jobDetail.data.job` (the description, the
standardised places with state codes), or the page's schema.org JobPosting.
"""

import json
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
    as_int,
    assigned_object,
    distinct,
    entries,
    page_count,
    records,
    with_query,
)

PAGE_SIZE = 500  # the search page's cap
STEP = 250  # half a page: rows shift between requests
WIDGET_PAGE_SIZE = 100
DEFAULT_MAX_PAGES = 40
DDO = re.compile(r"phApp\.ddo\s*=\s*")
PAGE_SETTING = r"[\"']?{name}[\"']?\s*[:=]\s*[\"']([^\"']+)[\"']"


class PhenomSpider(SourceSpider):
    name = "phenom"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        site = urlsplit(self.source.url)
        self.origin = f"{site.scheme}://{site.netloc}"
        self.base = self.source.url.rstrip("/")  # until the redirect says otherwise
        self.widget: dict[str, str] = {}

    async def start(self) -> AsyncIterator[Request]:
        # The site's front page redirects to its locale's base (`/us/en`).
        yield self.list_request(self.source.url, self.parse_home)

    def parse_home(self, response: Response) -> Iterator[Request]:
        self.base = locale_base(response.url)
        yield self.search_page(0)

    def search_page(self, start: int) -> Request:
        query: dict[str, Any] = {"from": start, "size": PAGE_SIZE}
        if self.source.search:
            query = {"keywords": self.source.search, **query}
        url = with_query(f"{self.base}/search-results", query)
        return self.list_request(url, self.parse_search, cb_kwargs={"start": start})

    def parse_search(self, response: Response, start: int = 0) -> Iterator[Request]:
        text = getattr(response, "text", "")
        ddo = page_data(text)
        if ddo is None:
            reason = f"HTTP {response.status} but not a Phenom page (no phApp.ddo)"
            self.record_error(response.url, reason, fatal=True)
            return
        search = ddo.get("eagerLoadRefineSearch")
        if not isinstance(search, dict) and start == 0:
            self.widget = widget_settings(text)  # the rows come from the widget API
            yield self.widget_page(0)
            return
        yield from self.read_rows(
            response, search, start=start, size=PAGE_SIZE, step=STEP, next_page=self.search_page
        )

    def widget_page(self, start: int) -> Request:
        body = {
            "lang": self.widget.get("locale", "en_us"),
            "deviceType": "desktop",
            "country": self.widget.get("country", "us"),
            "pageName": "search-results",
            "ddoKey": "refineSearch",
            "from": start,
            "size": WIDGET_PAGE_SIZE,
            "jobs": True,
            "counts": False,
            "siteType": "external",
            "keywords": self.source.search or "",
            "global": True,
            "selected_fields": {},
        }
        if refnum := self.widget.get("refNum"):
            body["refNum"] = refnum
        return self.list_request(
            f"{self.origin}/widgets",
            self.parse_widget,
            method="POST",
            body=json.dumps(body),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "Referer": f"{self.base}/search-results",
            },
            cb_kwargs={"start": start},
        )

    def parse_widget(self, response: Response, start: int = 0) -> Iterator[Request]:
        data = self.parse_json(response)
        if data is None:
            return
        search = data.get("refineSearch") if isinstance(data, dict) else None
        yield from self.read_rows(
            response,
            search,
            start=start,
            size=WIDGET_PAGE_SIZE,
            step=WIDGET_PAGE_SIZE,
            next_page=self.widget_page,
        )

    def read_rows(
        self, response: Response, search: Any, *, start: int, size: int, step: int, next_page
    ) -> Iterator[Request]:
        """The postings of one page of `size` rows from `start`; the next page starts `step`
        further (less than `size` where pages overlap)."""
        rows = entries(search, "data", "jobs")
        if rows is None:
            self.record_error(response.url, "no data.jobs in the site's search", fatal=True)
            return
        fresh = self.unseen(rows, job_id)
        company = self.company()
        for item in self.read_records(
            response.url, fresh, list_fields, base=self.base, company=company, key=job_id
        ):
            yield self.detail_request(item["url"], self.parse_detail, fallback=item)
        total = as_int(search.get("totalHits"))
        # Done once a page reaches the total; without one, at a short page.
        more = start + len(rows) < total if total is not None else len(rows) >= size
        if self.another_page(
            start // step + 1, rows, fresh, more=more, pages_total=page_count(total, step)
        ):
            yield next_page(start + step)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        yield self.read_detail(
            response,
            job_page_fields,
            getattr(response, "text", ""),
            page_url=response.url,
            missing="no job data on the page",
        )


# -- pure extraction ------------------------------------------------------------


def job_page_fields(page_html: str, *, page_url: str) -> dict[str, Any] | None:
    """A job page's posting: the job its `phApp.ddo` holds, else its JSON-LD."""
    ddo = page_data(page_html) or {}
    job = ((ddo.get("jobDetail") or {}).get("data") or {}).get("job")
    if isinstance(job, dict):
        return detail_fields(job)
    return jsonld.detail_page_fields(page_html, page_url=page_url)


def locale_base(url: str) -> str:
    """The locale's base from where the front page landed: `…/us/en/home` → `…/us/en`."""
    split = urlsplit(url)
    path = re.sub(r"/(home|search-results)?/?$", "", split.path)
    return f"{split.scheme}://{split.netloc}{path}"


def page_data(page_html: str) -> dict | None:
    """The `phApp.ddo` object a Phenom page assigns in its script, or None."""
    return assigned_object(page_html, DDO)


def widget_settings(page_html: str) -> dict[str, str]:
    """The page's own `locale`, `country` and `refNum`, which the widget API needs."""
    found = {}
    for name in ("locale", "country", "refNum"):
        if match := re.search(PAGE_SETTING.format(name=name), page_html):
            found[name] = match[1]
    return found


def job_id(row: dict) -> str | None:
    return clean_text(row.get("jobId")) or clean_text(row.get("reqId"))


def list_fields(row: dict, *, base: str, company: str) -> dict[str, Any]:
    """What a search row says (all a posting has when its detail fails)."""
    identifier = job_id(row)
    places = distinct(
        [
            row.get("location"),
            *(_multi_place(place) for place in records(row, "multi_location") or []),
        ]
    )
    return {
        "external_id": identifier,
        "url": f"{base}/job/{identifier}",
        "title": clean_text(row.get("title")),
        "company": clean_text(row.get("companyName")) or company,
        "location": "; ".join(places) or None,
        "locations": places,
        "city": clean_text(row.get("city")),
        "state": clean_text(row.get("state")),
        "country": clean_text(row.get("country")),
        "employment_type": clean_text(row.get("type")),
        "posted_at": clean_text(row.get("postedDate")),
        "description_text": clean_text(row.get("descriptionTeaser"), keep_lines=True),
    }


def detail_fields(job: dict) -> dict[str, Any]:
    """What `jobDetail.data.job` adds: the description and the standardised places."""
    standard = records(job, "standardised_multi_location") or []
    first = standard[0] if standard else {}
    places = distinct(
        [job.get("location"), *(place.get("standardisedMapQueryLocation") for place in standard)]
    )
    return {
        "title": clean_text(job.get("title")),
        "location": clean_text(job.get("location")),
        "locations": places,
        "city": clean_text(first.get("standardisedCity")) or clean_text(job.get("city")),
        "state": clean_text(first.get("standardisedStateCode")) or clean_text(job.get("state")),
        "country": clean_text(first.get("standardisedCountry")) or clean_text(job.get("country")),
        "employment_type": clean_text(job.get("type")),
        "posted_at": clean_text(job.get("postedDate")),
        "description_html": clean_text(job.get("description"), keep_lines=True),
    }


def _multi_place(place: dict) -> str | None:
    return clean_text(place.get("location")) or clean_text(place.get("cityStateCountry"))
