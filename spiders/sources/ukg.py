"""UKG Pro Recruiting (UltiPro) job boards, through the search their own pages post.

`url` is the board: `https://recruiting2.ultipro.com/{CODE}/JobBoard/{GUID}` (also
`recruiting.ultipro.com`, `{tenant}.rec.pro.ukg.net`). A board answers on one of the two
ultipro.com hosts only: when the first page is a 404 on one, the other is tried, and the
host that answers serves the rest of the crawl.

List: `POST {url}/JobBoardView/LoadSearchResults` with `{"opportunitySearch": {"Top": 100,
"Skip": n, "QueryString": search, "OrderBy": [], "Filters": []}}` → `opportunities[]`
(title, places, a brief description, `JobLocationType`) and `totalCount`; `Skip` grows by
`Top` until a short or empty page. `JobLocationType` is 0 hybrid, 1 on-site, 2 remote.

Detail: the posting's page, `{url}/OpportunityDetail?opportunityId={Id}`, is HTML whose
script hands the whole opportunity to `new US.Opportunity.CandidateOpportunityDetail({…})`:
its `Description`, `PostedDate` (the list's date moves on every repost) and, where the
employer shows it (`PayRangeVisible`), `PayRange`. No capture confirms the detail page yet.
"""

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from scrapy.http import Request, Response
from twisted.python.failure import Failure

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import (
    SourceSpider,
    as_int,
    assigned_object,
    distinct,
    http_status,
    page_count,
    records,
    structured_pay,
)

PAGE_SIZE = 100
DEFAULT_MAX_PAGES = 20
LOCATION_TYPES = {0: "hybrid", 1: "onsite", 2: "remote"}
US = {"USA", "US"}
DETAIL_MARK = re.compile(r"CandidateOpportunityDetail\(")
TWIN_HOSTS = {"recruiting2.ultipro.com": "recruiting.ultipro.com"}
TWIN_HOSTS |= {other: host for host, other in TWIN_HOSTS.items()}
JSON = {"Accept": "application/json", "Content-Type": "application/json"}


class UkgSpider(SourceSpider):
    name = "ukg"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.board = self.source.url.rstrip("/")
        self.tried_twin = False

    async def start(self) -> AsyncIterator[Request]:
        yield self.page_request(0)

    def page_request(self, skip: int) -> Request:
        search = {
            "Top": PAGE_SIZE,
            "Skip": skip,
            "QueryString": self.source.search or "",
            "OrderBy": [],
            "Filters": [],
        }
        request = self.list_request(
            f"{self.board}/JobBoardView/LoadSearchResults",
            self.parse,
            method="POST",
            body=json.dumps({"opportunitySearch": search}),
            headers=JSON,
            cb_kwargs={"skip": skip},
        )
        if skip == 0:
            request.errback = self.first_page_failed
        return request

    def first_page_failed(self, failure: Failure) -> Iterator[Request]:
        """A 404 on one ultipro.com host: the board may live on the other."""
        twin = twin_board(self.board)
        if http_status(failure) == 404 and twin and not self.tried_twin:
            self.tried_twin = True
            self.logger.info("%s answered 404; trying %s", self.board, twin)
            self.board = twin
            yield self.page_request(0)
            return
        self._list_failed(failure)

    def parse(self, response: Response, skip: int = 0) -> Iterator[Request]:
        answer = self.listed(response, "opportunities")
        if answer is None:
            return
        data, rows = answer
        fresh = self.unseen(rows, opportunity_id)
        company = self.company()
        for item in self.read_records(
            response.url, fresh, list_fields, board=self.board, company=company, key=opportunity_id
        ):
            if not item.get("external_id"):
                yield item
                continue
            yield self.detail_request(item["url"], self.parse_detail, fallback=item)
        total = as_int(data.get("totalCount"))
        more = len(rows) >= PAGE_SIZE and (total is None or skip + len(rows) < total)
        if self.another_page(
            skip // PAGE_SIZE + 1, rows, fresh, more=more, pages_total=page_count(total, PAGE_SIZE)
        ):
            yield self.page_request(skip + PAGE_SIZE)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        opportunity = opportunity_on_page(getattr(response, "text", ""))
        yield self.read_detail(
            response,
            lambda: detail_fields(opportunity) if opportunity else None,
            missing="no opportunity data on the page",
        )


# -- pure extraction ------------------------------------------------------------


def twin_board(board: str) -> str | None:
    """The same board on the other ultipro.com host, if it has one."""
    parts = urlsplit(board)
    twin = TWIN_HOSTS.get(parts.netloc.lower())
    return urlunsplit(parts._replace(netloc=twin)) if twin else None


def opportunity_id(row: dict) -> str | None:
    return clean_text(row.get("Id"))


def list_fields(row: dict, *, board: str, company: str) -> dict[str, Any]:
    """What a search result says (all a posting has when its detail fails)."""
    found = opportunity_id(row)
    return {
        "external_id": found,
        "url": f"{board}/OpportunityDetail?opportunityId={found}",
        "title": clean_text(row.get("Title")),
        "company": company,
        "employment_type": _employment(row),
        "posted_at": clean_text(row.get("PostedDate")),
        "description_text": clean_text(row.get("BriefDescription"), keep_lines=True),
        **_place_fields(row),
    }


def opportunity_on_page(page_html: str) -> dict | None:
    """The object an OpportunityDetail page hands to `CandidateOpportunityDetail(…)`."""
    return assigned_object(page_html, DETAIL_MARK)


def detail_fields(opportunity: dict) -> dict[str, Any]:
    """What the detail adds: the whole description, the first posting date, shown pay."""
    return {
        "title": clean_text(opportunity.get("Title")),
        "employment_type": _employment(opportunity),
        "posted_at": clean_text(opportunity.get("PostedDate")),
        "description_html": clean_text(opportunity.get("Description"), keep_lines=True),
        **_place_fields(opportunity),
        **_pay(opportunity),
    }


def _employment(opportunity: dict) -> str | None:
    full_time = opportunity.get("FullTime")
    return (
        {True: "Full-time", False: "Part-time"}.get(full_time)
        if isinstance(full_time, bool)
        else None
    )


def _place_fields(opportunity: dict) -> dict[str, Any]:
    places = [_place(location) for location in records(opportunity, "Locations") or []]
    first = next((place for place in places if place["label"]), {})
    labels = distinct(place["label"] for place in places)
    return {
        "location": "; ".join(labels) or None,
        "locations": labels,
        "city": first.get("city"),
        "state": first.get("state"),
        "country": first.get("country"),
        "remote_hint": LOCATION_TYPES.get(opportunity.get("JobLocationType")),
    }


def _place(location: dict) -> dict[str, str | None]:
    """One of the opportunity's places; a state code counts for US addresses only (an
    Australian "WA" is not Washington)."""
    address = location.get("Address") if isinstance(location.get("Address"), dict) else {}
    country = address.get("Country") if isinstance(address.get("Country"), dict) else {}
    state = address.get("State") if isinstance(address.get("State"), dict) else {}
    code = (clean_text(country.get("Code")) or "").upper()
    us = code in US
    region = clean_text(state.get("Code")) if us else clean_text(state.get("Name"))
    city = clean_text(address.get("City"))
    label = ", ".join(distinct([city, region or clean_text(state.get("Name"))]))
    return {
        "label": label or clean_text(location.get("LocalizedName")),
        "city": city,
        "state": region if us else None,
        "country": "US" if us else clean_text(country.get("Name")),
    }


def _pay(opportunity: dict) -> dict[str, Any]:
    """`PayRange` {PayRangeMinimum, PayRangeMaximum}, only when the employer shows it."""
    pay = opportunity.get("PayRange")
    if opportunity.get("PayRangeVisible") is not True or not isinstance(pay, dict):
        return {}
    return structured_pay(
        pay.get("PayRangeMinimum"),
        pay.get("PayRangeMaximum"),
        currency=opportunity.get("PayRangeCurrencyCode"),
        period=pay.get("PayRangeType") or pay.get("PayFrequency"),
    )
