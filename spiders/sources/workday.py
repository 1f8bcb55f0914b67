"""Workday career sites through their JSON ("cxs") endpoints.

`url` is `https://{tenant}.{wdN}.myworkdayjobs.com/wday/cxs/{tenant}/{site}`.
List: `POST {url}/jobs` with `{"appliedFacets": {}, "limit": 20, "offset": N, "searchText": …}`.
Workday reports `total` on the first page only (later pages often say 0), so paging
follows the first page's total and stops early at a short page, a page of postings already
seen (a site that ignores `offset`), or `max_pages` (else 250 pages: 5,000 postings).
Detail: `GET {url}{externalPath}` → `jobPostingInfo` + `hiringOrganization`. A detail
that fails after retries keeps the list entry; a 404/410 detail drops the posting.

The human URL is the detail's `externalUrl`; without it (e.g. the detail failed) it is
derived from the cxs URL as `https://{host}/{site}{externalPath}`, the same form
`externalUrl` takes, so a posting keeps one URL whichever way it was read.
"""

import json
import re
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import urlparse

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.dates import days_ago
from spiders.normalize.text import clean_text
from spiders.raw import MalformedRecord
from spiders.sources.base import SourceSpider, as_int, entries, page_count

PAGE_SIZE = 20
DEFAULT_MAX_PAGES = 250  # 5,000 postings
# "USA.VA.Reston", "USA-TX-Houston", "US - FL - Tampa": Workday location codes.
LOCATION_CODE = re.compile(
    r"^(?P<country>USA?|United States)\s*[.\-]\s*(?P<state>[A-Z]{2})\s*[.\-]\s*(?P<city>.+)$"
)
REMOTE_TYPES = {"remote": "remote", "hybrid": "hybrid", "flex": "hybrid", "onsite": "onsite"}


class WorkdaySpider(SourceSpider):
    name = "workday"
    default_max_pages = DEFAULT_MAX_PAGES

    async def start(self) -> AsyncIterator[Any]:
        yield self.page_request(offset=0, first_total=None)

    @property
    def api_url(self) -> str:
        return self.source.url.rstrip("/")

    @property
    def fallback_company(self) -> str:
        """The company for list entries whose detail could not be read."""
        return str(self.source.params.get("company") or self.source.name)

    def page_request(self, *, offset: int, first_total: int | None) -> Request:
        payload = {
            "appliedFacets": {},
            "limit": PAGE_SIZE,
            "offset": offset,
            "searchText": self.source.search or "",
        }
        return self.list_request(
            f"{self.api_url}/jobs",
            self.parse,
            method="POST",
            body=json.dumps(payload),
            headers={"Content-Type": "application/json", "Accept": "application/json"},
            meta={"offset": offset, "first_total": first_total},
        )

    def parse(self, response: Response) -> Iterator[Request | JobPostingItem]:
        data = self.parse_json(response)
        if data is None:
            return
        postings = entries(data, "jobPostings")
        if postings is None:
            self.record_error(response.url, "no 'jobPostings' list in the answer", fatal=True)
            return
        offset = response.meta["offset"]
        first_total = response.meta["first_total"]
        if first_total is None:
            first_total = as_int(data.get("total"))
        fresh = self.unseen(postings, external_path)
        for entry in fresh:
            if not external_path(entry):
                self.skip_malformed(response.url, None, MalformedRecord("no externalPath"))
                continue
            fallback = self.read_record(
                response.url,
                entry,
                list_fields,
                api_url=self.api_url,
                company=self.fallback_company,
                key=_parse_list_id,
            )
            if fallback is not None:
                yield self.detail_request(
                    f"{self.api_url}{entry['externalPath']}",
                    self.parse_detail,
                    fallback=fallback,
                    headers={"Accept": "application/json"},
                )
        next_offset = offset + PAGE_SIZE
        more = len(postings) >= PAGE_SIZE and (first_total is None or next_offset < first_total)
        pages = page_count(first_total, PAGE_SIZE)
        if self.another_page(
            next_offset // PAGE_SIZE, postings, fresh, more=more, pages_total=pages
        ):
            yield self.page_request(offset=next_offset, first_total=first_total)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        fallback = response.meta["fallback"]
        data = self.parse_json(response, fatal=False)
        info = data.get("jobPostingInfo") if isinstance(data, dict) else None
        if not isinstance(info, dict):
            if data is not None:
                reason = "no jobPostingInfo; kept the list entry"
                self.record_error(response.url, reason, fatal=False)
            yield fallback
            return
        yield self.read_detail(
            response, detail_fields, data, fallback=dict(fallback), missing="no jobPostingInfo"
        )


def list_fields(
    entry: dict, *, api_url: str, company: str | None = None, today: date | None = None
) -> dict[str, Any]:
    """Raw fields from a list entry (all we keep when the detail cannot be read)."""
    path = entry["externalPath"]
    location = clean_text(entry.get("locationsText"))
    fields = {
        "external_id": _parse_list_id(entry),
        "url": human_url(api_url, path),
        "title": clean_text(entry.get("title")),
        "company": company,
        "location": location,
        "posted_at": _parse_relative_posted(entry.get("postedOn"), today=today),
        "remote_hint": _parse_remote_type(entry.get("remoteType")),
        **_parse_location_code(location),
    }
    return {key: value for key, value in fields.items() if value is not None}


def detail_fields(data: dict, *, fallback: dict[str, Any]) -> dict[str, Any]:
    """The list entry's fields completed (and corrected) by the detail answer."""
    info = data["jobPostingInfo"]
    places = _parse_locations(info)
    fields = {key: value for key, value in fallback.items() if key not in ("source", "source_kind")}
    fields.update(
        {
            "external_id": clean_text(info.get("jobReqId")) or fallback.get("external_id"),
            "url": clean_text(info.get("externalUrl")) or fallback.get("url"),
            "title": clean_text(info.get("title")) or fallback.get("title"),
            "company": _parse_company(data) or fallback.get("company"),
            "location": "; ".join(places) or fallback.get("location"),
            "locations": places,
            "employment_type": clean_text(info.get("timeType")),
            "posted_at": clean_text(info.get("startDate")) or fallback.get("posted_at"),
            "description_html": clean_text(info.get("jobDescription"), keep_lines=True),
            "country": _parse_country(info),
        }
    )
    if remote := _parse_remote_type(info.get("remoteType")):
        fields["remote_hint"] = remote
    if places:
        fields.update({k: v for k, v in _parse_location_code(places[0]).items() if v})
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def human_url(api_url: str, external_path: str) -> str:
    """`https://{host}/{site}{externalPath}` from `https://{host}/wday/cxs/{tenant}/{site}`."""
    parsed = urlparse(api_url)
    parts = [part for part in parsed.path.split("/") if part]
    if len(parts) >= 4 and parts[:2] == ["wday", "cxs"]:
        return f"{parsed.scheme}://{parsed.netloc}/{parts[3]}{external_path}"
    return f"{api_url}{external_path}"  # not a cxs URL (a mirror): the detail's own address


def external_path(entry: dict) -> str | None:
    """A list entry's `externalPath` (its detail's address), when it has one."""
    path = entry.get("externalPath") if isinstance(entry, dict) else None
    return path if isinstance(path, str) and path.strip() else None


def _parse_list_id(entry: dict) -> str:
    """The requisition id: the bullet field that also ends the externalPath, else the path."""
    path = entry["externalPath"]
    for bullet in entry.get("bulletFields") or []:
        if isinstance(bullet, str) and bullet.strip() and f"_{bullet.strip()}" in path:
            return bullet.strip()
    return path


def _parse_company(data: dict) -> str | None:
    organization = data.get("hiringOrganization")
    return clean_text(organization.get("name")) if isinstance(organization, dict) else None


def _parse_locations(info: dict) -> list[str]:
    places = [clean_text(info.get("location"))]
    places += [clean_text(place) for place in info.get("additionalLocations") or []]
    unique: list[str] = []
    for place in places:
        if place and place not in unique:
            unique.append(place)
    return unique


def _parse_country(info: dict) -> str | None:
    requisition = info.get("jobRequisitionLocation")
    requisition_country = requisition.get("country") if isinstance(requisition, dict) else None
    if isinstance(requisition_country, dict) and (
        code := clean_text(requisition_country.get("alpha2Code"))
    ):
        return code
    country = info.get("country")
    return clean_text(country.get("descriptor")) if isinstance(country, dict) else None


def _parse_location_code(location: str | None) -> dict[str, str | None]:
    """City/state/country from a Workday location code such as `USA.VA.Reston`."""
    match = LOCATION_CODE.match(location or "")
    if not match:
        return {}
    return {"city": match["city"].strip(), "state": match["state"], "country": "US"}


def _parse_remote_type(value: Any) -> str | None:
    """Workday's remoteType ("Remote", "Hybrid", "Flex", "Onsite", "On-site")."""
    text = clean_text(value)
    if text is None:
        return None
    key = re.sub(r"[^a-z]", "", text.lower())
    return REMOTE_TYPES.get(key, text)


def _parse_relative_posted(value: Any, *, today: date | None = None) -> str | None:
    """'Posted Today/Yesterday/N Days Ago' as an ISO date; '30+ Days Ago' is unknown."""
    days = days_ago(value) if isinstance(value, str) else None
    if days is None:
        return None
    today = today or datetime.now(UTC).date()
    return (today - timedelta(days=days)).isoformat()
