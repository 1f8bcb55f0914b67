"""Oracle Recruiting Cloud career sites, through the REST API their own pages call.

`url` is the career site, `https://{host}/hcmUI/CandidateExperience/{lang}/sites/{site}`.
List: `GET {host}/hcmRestApi/resources/latest/recruitingCEJobRequisitions?onlyData=true&
expand=requisitionList.secondaryLocations&finder=findReqs;siteNumber={site},limit=200,
offset={n},sortBy=POSTING_DATES_DESC` (`keyword="…"` added for a `search`); the rows are in
`items[0].requisitionList`, the board's size in `items[0].TotalJobsCount`. Paging stops at
a short page, at that total, at a page of ids already seen, or at `max_pages`.

The list carries only a short summary, so each posting's detail is read:
`GET …/recruitingCEJobRequisitionDetails?expand=all&onlyData=true&finder=ById;Id="{Id}",
siteNumber={site}` → `items[0]`. An empty answer means the requisition is no longer
posted. Neither answer names the employer: `params.company` does (else the source name).
Pay is prose only ("Salary or Pay Band: … $38.580 to $50.070"), left to the pay reader.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import (
    SourceSpider,
    as_int,
    distinct,
    entries,
    page_count,
    records,
    workplace,
)

PAGE_SIZE = 200  # the API's largest page
DEFAULT_MAX_PAGES = 50
API = "/hcmRestApi/resources/latest"
DESCRIPTION_PARTS = (
    "ExternalDescriptionStr",
    "ExternalResponsibilitiesStr",
    "ExternalQualificationsStr",
)
JSON = {"Accept": "application/json"}


class OracleSpider(SourceSpider):
    name = "oracle"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.site = self.parts["site"]
        self.api = self.root + API
        self.site_url = self.source.url.rstrip("/")

    async def start(self) -> AsyncIterator[Request]:
        yield self.page_request(0)

    def page_request(self, offset: int) -> Request:
        finder = f"findReqs;siteNumber={self.site},limit={PAGE_SIZE},offset={offset}"
        finder += ",sortBy=POSTING_DATES_DESC"
        if self.source.search:
            finder += f',keyword="{self.source.search}"'
        url = (
            f"{self.api}/recruitingCEJobRequisitions?onlyData=true"
            f"&expand=requisitionList.secondaryLocations&finder={finder}"
        )
        return self.list_request(url, self.parse, headers=JSON, cb_kwargs={"offset": offset})

    def parse(self, response: Response, offset: int = 0) -> Iterator[Request]:
        data = self.parse_json(response)
        if data is None:
            return
        rows = entries(data, "items", 0, "requisitionList")
        if rows is None:
            if records(data, "items") == []:
                rows = []  # a site with nothing posted answers with no search row at all
            else:
                reason = "no items[0].requisitionList in the answer"
                self.record_error(response.url, reason, fatal=True)
                return
        fresh = self.unseen(rows, requisition_id)
        company = self.company()
        board = board_workplace(data)
        for item in self.read_records(
            response.url, fresh, list_fields, site_url=self.site_url, company=company,
            board=board, key=requisition_id,
        ):  # fmt: skip
            if not item.get("external_id"):
                yield item  # the validator counts it; there is no detail to ask for
                continue
            yield self.detail_request(
                self.detail_url(item["external_id"]), self.parse_detail, fallback=item, headers=JSON
            )
        total = total_jobs(data)
        more = len(rows) >= PAGE_SIZE and (total is None or offset + PAGE_SIZE < total)
        pages = page_count(total, PAGE_SIZE)
        if self.another_page(offset // PAGE_SIZE + 1, rows, fresh, more=more, pages_total=pages):
            yield self.page_request(offset + PAGE_SIZE)

    def detail_url(self, requisition_id: str) -> str:
        finder = f"ById;Id=%22{requisition_id}%22,siteNumber={self.site}"
        return (
            f"{self.api}/recruitingCEJobRequisitionDetails?expand=all&onlyData=true&finder={finder}"
        )

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        fallback: JobPostingItem = response.meta["fallback"]
        data = self.parse_json(response, fatal=False)
        details = records(data, "items")
        if details == []:
            self.record_error(response.url, "no such requisition: posting is gone", fatal=False)
            return
        if not details:
            if data is not None:
                self.record_error(
                    response.url, "no items in the answer; kept the list entry", fatal=False
                )
            yield fallback
            return
        yield self.read_detail(response, detail_fields, details[0], missing="an empty requisition")


# -- pure extraction ------------------------------------------------------------


def total_jobs(data: dict) -> int | None:
    """The board's size (`items[0].TotalJobsCount`), when the answer says."""
    search = (records(data, "items") or [{}])[0]
    return as_int(search.get("TotalJobsCount"))


def board_workplace(data: dict) -> str | None:
    """The workplace of every posting of the search, when its workplace facet has one value
    only and counts them all (`workplaceTypesFacet`: [{"Name": "On-site", "TotalCount": …}]);
    rows leave their own `WorkplaceType` empty on such sites."""
    search = (records(data, "items") or [{}])[0]
    facet = search.get("workplaceTypesFacet") if isinstance(search, dict) else None
    if not isinstance(facet, list) or len(facet) != 1 or not isinstance(facet[0], dict):
        return None
    total = total_jobs(data)
    counted = as_int(facet[0].get("TotalCount"))
    if total is None or counted != total:
        return None
    return workplace(facet[0].get("Name")) or workplace(facet[0].get("Id"))


def requisition_id(row: dict) -> str | None:
    return clean_text(row.get("Id"))


def list_fields(
    row: dict, *, site_url: str, company: str, board: str | None = None
) -> dict[str, Any]:
    """What a requisitionList row says (all a posting has when its detail fails)."""
    found = requisition_id(row)
    places = _places(row)
    return {
        "external_id": found,
        "url": f"{site_url}/job/{found}" if found else None,
        "title": clean_text(row.get("Title")),
        "company": company,
        "location": "; ".join(places) or None,
        "locations": places,
        "country": clean_text(row.get("PrimaryLocationCountry")),
        "posted_at": clean_text(row.get("PostedDate")),
        "remote_hint": _workplace(row) or board,  # board: the search's one workplace
        "description_html": clean_text(row.get("ShortDescriptionStr"), keep_lines=True),
    }


def detail_fields(detail: dict) -> dict[str, Any]:
    """What a requisition's detail adds: the whole text, schedule, start date, places."""
    sections = [clean_text(detail.get(key), keep_lines=True) for key in DESCRIPTION_PARTS]
    description = "\n".join(section for section in sections if section)
    places = _places(detail)
    return {
        "title": clean_text(detail.get("Title")),
        "location": "; ".join(places) or None,
        "locations": places,
        "country": clean_text(detail.get("PrimaryLocationCountry")),
        "employment_type": clean_text(detail.get("JobSchedule"))
        or clean_text(detail.get("JobType")),
        "posted_at": clean_text(detail.get("ExternalPostedStartDate")),
        "remote_hint": _workplace(detail),
        "description_html": description
        or clean_text(detail.get("ShortDescriptionStr"), keep_lines=True),
    }


def _places(requisition: dict) -> list[str]:
    """The primary location first, then the secondary ones, without repeats."""
    secondary = records(requisition, "secondaryLocations") or []
    return distinct(
        [requisition.get("PrimaryLocation"), *(place.get("Name") for place in secondary)]
    )


def _workplace(requisition: dict) -> str | None:
    """`WorkplaceType` ("Remote", "Hybrid", "On-site"), else its code (`ORA_HYBRID`…)."""
    return workplace(requisition.get("WorkplaceType")) or workplace(
        requisition.get("WorkplaceTypeCode")
    )
