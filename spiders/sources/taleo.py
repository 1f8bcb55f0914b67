"""Oracle Taleo career sites, in their two forms; the `url` says which.

**Business Edition** (`url` = `https://{host}/{code}/ats/careers/v2/searchResults?org={org}&
cws={cws}`): the results are HTML, ten rows a page (`a.viewJobLink` in
`div.oracletaleocwsv2-accordion-head-info`, the place in the row's first line). The first
request opens a search session (a cookie); later pages add `next={n}&rowFrom={10n}` and must
come in that session, so cookies stay on for this kind and pages go one after another. The
list ends at the first empty page. Each posting's page, `…/viewRequisition?org=&cws=&rid=`,
carries a schema.org JobPosting (read by the jsonld kind's extraction).

**Enterprise** (`url` = `https://{tenant}.taleo.net/careersection/{section}`, optionally
`?lang=en&portal={id}`; `params.portal` works too): `POST …/careersection/rest/jobboard/
searchjobs?lang={lang}[&portal={id}]` with a JSON search body, its page number both as
`pageNo` and as `fieldData.currentPageNo` (both forms are in use), and the `tz`/`tzname`
headers some tenants insist on. Rows are `requisitionList[]`, their title, places and date
in `column[]`; the total is `pagingData.totalCount`. The detail is the section's
`jobdetail.ftl?job={contestNo}`: its JSON-LD when it has one, else the description the page
keeps URL-encoded in `<input id="initialHistory">`; neither form is confirmed by a capture.
"""

import json
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urlsplit

from scrapy.http import Request, Response

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
)

TBE_PAGE_SIZE = 10
DEFAULT_MAX_PAGES = 100
BUSINESS, ENTERPRISE = "0", "1"  # the two url shapes, in store.sources.URL_SHAPES order
TBE_ROW = "div.oracletaleocwsv2-accordion-head-info"
STATE_THEN_CITY = re.compile(r"^(?P<state>[A-Z]{2})\s*-\s*(?P<city>\S.*)$")  # "IN - Lafayette"
LISTED_DATE = ("%b %d, %Y", "%d-%b-%Y", "%m/%d/%Y")
HISTORY_SEPARATOR = "!*!"


class TaleoSpider(SourceSpider):
    name = "taleo"
    default_max_pages = DEFAULT_MAX_PAGES
    # Business Edition pages belong to the search session the first request opens.
    custom_settings = {"COOKIES_ENABLED": True}

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.lang = self.parts.get("lang", "en")

    async def start(self) -> AsyncIterator[Request]:
        if self.parts["form"] == BUSINESS:
            yield self.business_page(0)
        else:
            yield self.enterprise_page(1)

    # -- Business Edition ------------------------------------------------------

    def business_query(self, **extra: Any) -> str:
        query = {"org": self.parts["org"], "cws": self.parts["cws"], **extra}
        return urlencode(query)

    def business_page(self, page: int) -> Request:
        extra = {"next": page, "rowFrom": page * TBE_PAGE_SIZE} if page else {}
        url = f"{self.root}/ats/careers/v2/searchResults?{self.business_query(**extra)}"
        # One page at a time: each continues the session the one before opened.
        return self.list_request(url, self.parse_business, cb_kwargs={"page": page})

    def parse_business(self, response: Response, page: int = 0) -> Iterator[Request]:
        text = getattr(response, "text", "")
        if "oracletaleocwsv2" not in text:
            reason = f"HTTP {response.status} but not a Taleo Business Edition results page"
            self.record_error(response.url, reason, fatal=True)
            return
        rows = business_rows(text, page_url=response.url, company=self.company())
        fresh = self.unseen(rows, lambda row: row.get("external_id"))
        for item in self.read_records(response.url, fresh, dict):
            detail = f"{self.root}/ats/careers/v2/viewRequisition?"
            detail += self.business_query(rid=item["external_id"])
            yield self.detail_request(detail, self.parse_job_page, fallback=item)
        if self.another_page(page + 1, rows, fresh):
            yield self.business_page(page + 1)

    def parse_job_page(self, response: Response) -> Iterator[JobPostingItem]:
        yield jsonld.read_job_page(self, response)

    # -- Enterprise --------------------------------------------------------------

    def enterprise_page(self, page: int) -> Request:
        query = {"lang": self.lang}
        if portal := self.parts.get("portal") or self.source.params.get("portal"):
            query["portal"] = portal
        url = f"{self.root}/careersection/rest/jobboard/searchjobs?{urlencode(query)}"
        return self.list_request(
            url,
            self.parse_enterprise,
            method="POST",
            body=json.dumps(search_body(page, keyword=self.source.search or "")),
            headers={
                "Content-Type": "application/json",
                "Accept": "application/json",
                "tz": "GMT+00:00",
                "tzname": "UTC",
            },
            cb_kwargs={"page": page},
        )

    def parse_enterprise(self, response: Response, page: int = 1) -> Iterator[Request]:
        answer = self.listed(response, "requisitionList")
        if answer is None:
            return
        data, rows = answer
        fresh = self.unseen(rows, contest_id)
        company = self.company()
        section = f"{self.root}/careersection/{self.parts['section']}"
        for item in self.read_records(
            response.url, fresh, enterprise_fields, section_url=section, lang=self.lang,
            company=company, key=contest_id,
        ):  # fmt: skip
            yield self.detail_request(item["url"], self.parse_enterprise_detail, fallback=item)
        total, size = paging(data)
        more = total is None or page * (size or len(rows)) < total
        pages = page_count(total, size) if size else None
        if self.another_page(page, rows, fresh, more=more, pages_total=pages):
            yield self.enterprise_page(page + 1)

    def parse_enterprise_detail(self, response: Response) -> Iterator[JobPostingItem]:
        yield self.read_detail(
            response,
            enterprise_detail_fields,
            getattr(response, "text", ""),
            page_url=response.url,
            missing="no job description on the page",
        )


# -- pure extraction: Business Edition ------------------------------------------


def business_rows(page_html: str, *, page_url: str, company: str) -> list[dict[str, Any]]:
    """The raw item fields of each row of a Business Edition results page."""
    rows = []
    for row in html_page(page_html).css(TBE_ROW):
        link = row.css("a.viewJobLink")
        url = absolute_link(page_url, link.attrib.get("href"))
        rid = parse_qs(urlsplit(url).query).get("rid", [None])[0] if url else None
        if not rid:
            continue
        lines = distinct(line.xpath("string()").get() for line in row.xpath("./div"))
        place = lines[0] if lines else None
        match = STATE_THEN_CITY.match(place or "")
        rows.append(
            {
                "external_id": rid,
                "url": url,
                "title": clean_text(link.xpath("string()").get()),
                "company": company,
                "location": place,
                "state": match["state"] if match else None,
                "city": match["city"] if match else None,
            }
        )
    return rows


# -- pure extraction: Enterprise ------------------------------------------------


def search_body(page: int, *, keyword: str = "") -> dict[str, Any]:
    """The careersection search the section's own page posts, for page `page` (from 1)."""
    return {
        "multilineEnabled": False,
        "sortingSelection": {"sortBySelectionParam": "3", "ascendingSortingOrder": "false"},
        "fieldData": {
            "fields": {"KEYWORD": keyword, "LOCATION": ""},
            "valid": True,
            "currentPageNo": page,
        },
        "filterSelectionParam": {"searchFilterSelections": []},
        "advancedSearchFiltersSelectionParam": {"searchFilterSelections": []},
        "pageNo": page,
    }


def paging(data: dict) -> tuple[int | None, int | None]:
    """(totalCount, pageSize) from `pagingData`, as far as the answer says."""
    found = data.get("pagingData") if isinstance(data.get("pagingData"), dict) else {}
    return as_int(found.get("totalCount")), as_int(found.get("pageSize"))


def contest_id(row: dict) -> str | None:
    """A requisition's number, as the careersection shows it (its id otherwise)."""
    return clean_text(row.get("contestNo")) or clean_text(row.get("jobId"))


def enterprise_fields(
    row: dict, *, section_url: str, lang: str = "en", company: str | None = None
) -> dict[str, Any]:
    """The raw item fields of one `requisitionList` row."""
    columns = row.get("column") if isinstance(row.get("column"), list) else []
    title_at = row.get("linkedColumn") if isinstance(row.get("linkedColumn"), int) else 0
    place_at = row.get("locationsColumns") or [1]
    places = distinct(
        place
        for index in place_at
        if isinstance(index, int) and index < len(columns)
        for place in _column_places(columns[index])
    )
    contest = contest_id(row)
    posted = next((d for d in (dated(c, *LISTED_DATE) for c in columns) if d), None)
    return {
        "external_id": contest,
        "url": f"{section_url}/jobdetail.ftl?{urlencode({'job': contest, 'lang': lang})}",
        "title": clean_text(columns[title_at]) if title_at < len(columns) else None,
        "company": company,
        "location": "; ".join(places) or None,
        "locations": places,
        "posted_at": posted,
    }


def enterprise_detail_fields(page_html: str, *, page_url: str) -> dict[str, Any] | None:
    """A jobdetail.ftl page's posting: its JSON-LD, else the description kept in its
    `initialHistory`."""
    fields = jsonld.detail_page_fields(page_html, page_url=page_url)
    if not fields and (description := initial_history_html(page_html)):
        fields = {"description_html": description}
    return fields


def _column_places(value: Any) -> list[Any]:
    """A places column: a JSON list in a string (`'["US-FL-Miami"]'`), else the text."""
    if isinstance(value, str) and value.strip().startswith("["):
        try:
            parsed = json.loads(value)
        except ValueError:
            return [value]
        return parsed if isinstance(parsed, list) else [value]
    return [value]


def initial_history_html(page_html: str) -> str | None:
    """The description a jobdetail.ftl page keeps URL-encoded in its `initialHistory`
    input: the `!*!`-separated parts that hold markup, decoded and joined."""
    found = html_page(page_html).css("input#initialHistory::attr(value)").get()
    if not found:
        return None
    parts = [unquote(part) for part in found.split(HISTORY_SEPARATOR)]
    markup = [part.strip() for part in parts if re.search(r"<[a-zA-Z][^>]*>", part)]
    return "\n".join(markup) or None
