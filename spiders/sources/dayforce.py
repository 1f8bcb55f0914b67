"""Dayforce candidate portals, through the two requests their job board makes.

`url` is the board, `https://jobs.dayforcehcm.com/{culture}/{client}/{board}` (e.g.
`en-US/aifire/IMPACT`). First `GET {host}/api/auth/csrf` → `csrfToken` (and the session
cookie that goes with it: cookies stay on for this kind). Then `POST {host}/api/geo/
{client}/jobposting/search` with header `X-CSRF-TOKEN` and `{"clientNamespace", "jobBoardCode",
"cultureCode", "distanceUnit": 0, "paginationStart": n}` → `jobPostings[]` (title,
description, places with state codes, `hasVirtualLocation` for remote work) and
`maxCount`; `paginationStart` grows by the 25 rows a page holds. There is no detail
request: a posting's page is `{url}/jobs/{jobPostingId}`.
"""

import json
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import (
    SourceSpider,
    as_int,
    company_from_slug,
    distinct,
    id_field,
    page_count,
    records,
)

PAGE_SIZE = 25  # the server's page
DEFAULT_MAX_PAGES = 80
JSON = {"Accept": "application/json"}


class DayforceSpider(SourceSpider):
    name = "dayforce"
    default_max_pages = DEFAULT_MAX_PAGES
    # The CSRF token belongs to the session cookie the token request sets.
    custom_settings = {"COOKIES_ENABLED": True}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.board = self.source.url.rstrip("/")
        self.token: str | None = None

    async def start(self) -> AsyncIterator[Request]:
        yield self.list_request(f"{self.root}/api/auth/csrf", self.parse_token, headers=JSON)

    def parse_token(self, response: Response) -> Iterator[Request]:
        data = self.parse_json(response)
        if data is None:
            return
        self.token = clean_text(data.get("csrfToken")) if isinstance(data, dict) else None
        if not self.token:
            self.record_error(response.url, "no csrfToken in the answer", fatal=True)
            return
        yield self.search_page(0, page=1)

    def search_page(self, start: int, *, page: int) -> Request:
        body = {
            "clientNamespace": self.parts["client"],
            "jobBoardCode": self.parts["board"],
            "cultureCode": self.parts["culture"],
            "distanceUnit": 0,
            "paginationStart": start,
        }
        return self.list_request(
            f"{self.root}/api/geo/{self.parts['client']}/jobposting/search",
            self.parse,
            method="POST",
            body=json.dumps(body),
            headers={**JSON, "Content-Type": "application/json", "X-CSRF-TOKEN": self.token},
            cb_kwargs={"start": start, "page": page},
        )

    def parse(
        self, response: Response, start: int = 0, page: int = 1
    ) -> Iterator[JobPostingItem | Request]:
        answer = self.listed(response, "jobPostings")
        if answer is None:
            return
        data, postings = answer
        key = id_field("jobPostingId")
        fresh = self.unseen(postings, key)
        company = self.company(company_from_slug(self.parts["client"]))
        yield from self.read_records(
            response.url, fresh, posting_fields, board=self.board, company=company, key=key
        )
        total = as_int(data.get("maxCount"))
        if self.another_page(
            page,
            postings,
            fresh,
            more=total is None or start + len(postings) < total,
            pages_total=page_count(total, PAGE_SIZE),
        ):
            yield self.search_page(start + len(postings), page=page + 1)


# -- pure extraction ------------------------------------------------------------


def posting_fields(posting: dict, *, board: str, company: str) -> dict[str, Any]:
    """The raw item fields of one `jobPostings[]` entry (a whole posting)."""
    posting_id = clean_text(posting.get("jobPostingId"))
    places = records(posting, "postingLocations") or []
    first = places[0] if places else {}
    return {
        "external_id": posting_id,
        "url": f"{board}/jobs/{posting_id}",
        "title": clean_text(posting.get("jobTitle")),
        "company": company,
        "location": "; ".join(distinct(place.get("formattedAddress") for place in places)) or None,
        "locations": distinct(place.get("formattedAddress") for place in places),
        "city": clean_text(first.get("cityName")),
        "state": clean_text(first.get("stateCode")),
        "country": clean_text(first.get("isoCountryCode")),
        "posted_at": clean_text(posting.get("postingStartTimestampUTC")),
        "remote_hint": "remote" if posting.get("hasVirtualLocation") is True else None,
        "description_html": clean_text(posting.get("jobDescription"), keep_lines=True),
    }
