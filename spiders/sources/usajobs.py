"""USAJOBS Search API: `GET {url}?Keyword=…&Page=…&ResultsPerPage=500`.

Auth is two headers: `Authorization-Key` (USAJOBS_API_KEY) and `User-Agent` (the email
the key was issued to, USAJOBS_EMAIL). The key goes only into that header: never into a
URL, a log line or a run error. Pages run to ceil(SearchResultCountAll / 500), stopping
early on an empty page, a page of announcements already seen, or at `max_pages` (else 20).

Remote/hybrid: `RemoteIndicator` true means no duty-station reporting (remote);
`TeleworkEligible` true means regular telework days beside a duty station (hybrid);
both explicitly false means onsite. Federal hourly pay annualizes at 2,087 hours
(5 U.S.C. 5504(b)); the normalize pipeline does that for `source_kind == "usajobs"`.
"""

import math
import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from core.settings import get_settings
from spiders.items import JobPostingItem
from spiders.sources.base import SourceSpider, as_int, entries, records, with_query

PAGE_SIZE = 500  # the API's maximum ResultsPerPage
DEFAULT_MAX_PAGES = 20
# RateIntervalCode values that mean the job pays nothing.
UNPAID = {"WC", "without compensation"}
NO_STATE = {"", "N/A", "NA"}
NOT_A_CITY = re.compile(r"negotiable|anywhere|remote job", re.IGNORECASE)
DESCRIPTION_PARTS = (
    ("Summary", "JobSummary"),
    ("Duties", "MajorDuties"),
    ("Qualifications", "QualificationSummary"),
    ("Education", "Education"),
    ("Requirements", "Requirements"),
    ("Evaluations", "Evaluations"),
)


class UsajobsSpider(SourceSpider):
    name = "usajobs"
    default_max_pages = DEFAULT_MAX_PAGES

    async def start(self) -> AsyncIterator[Request]:
        if self.has_required_env(
            "the USAJOBS API needs an API key (USAJOBS_API_KEY) and the email it was issued "
            "to (USAJOBS_EMAIL)"
        ):
            yield self._page_request(1)

    def _headers(self) -> dict[str, str]:
        # Scrapy sends Host from the URL itself, which is what the API docs ask for.
        keys = get_settings()
        return {
            "Authorization-Key": keys.api_key("USAJOBS_API_KEY"),
            "User-Agent": keys.api_key("USAJOBS_EMAIL"),
            "Accept": "application/json",
        }

    def _page_request(self, page: int) -> Request:
        query: list[tuple[str, Any]] = []
        if self.source.search:
            query.append(("Keyword", self.source.search))
        query += [("Page", page), ("ResultsPerPage", PAGE_SIZE)]
        for key, value in self.source.params.items():
            # Multiple values are semicolon-separated in this API (JobCategoryCode=0675;0669).
            query.append((key, ";".join(value) if isinstance(value, list) else value))
        url = with_query(self.source.url, query)
        return self.list_request(url, self.parse, headers=self._headers(), cb_kwargs={"page": page})

    def parse(self, response: Response, page: int = 1) -> Iterator[JobPostingItem | Request]:
        data = self.parse_json(response)
        if data is None:
            return
        result = data.get("SearchResult") if isinstance(data, dict) else None
        if not isinstance(result, dict):
            self.record_error(response.url, "expected a USAJOBS SearchResult object", fatal=True)
            return
        announcements = entries(result, "SearchResultItems") or []
        fresh = self.unseen(announcements, _parse_external_id)
        yield from self.read_records(response.url, fresh, entry_fields, key=_parse_external_id)
        pages = page_count(result)
        if self.another_page(page, announcements, fresh, more=page < pages, pages_total=pages):
            yield self._page_request(page + 1)


# -- pure extraction ---------------------------------------------------------


def page_count(result: dict) -> int:
    """Pages at 500 a page; without a total, a full page suggests there may be another."""
    total = as_int(result.get("SearchResultCountAll"))
    if total is not None:
        return math.ceil(total / PAGE_SIZE)
    count = len(records(result, "SearchResultItems") or [])
    return 2 if count >= PAGE_SIZE else 1


def entry_fields(entry: dict) -> dict[str, Any]:
    job = entry.get("MatchedObjectDescriptor") or {}
    details = ((job.get("UserArea") or {}).get("Details")) or {}
    places = _position_locations(job)
    first = places[0] if places else {}
    return {
        "external_id": _parse_external_id(entry),
        "url": _parse_url(job),
        "title": (job.get("PositionTitle") or "").strip() or None,
        "company": _parse_company(job),
        "location": _parse_location(job),
        "locations": _parse_locations(job),
        "city": _parse_city(first),
        "state": _parse_state(first),
        "country": (first.get("CountryCode") or "").strip() or None,
        "employment_type": _parse_employment_type(job),
        "posted_at": job.get("PublicationStartDate") or job.get("PositionStartDate") or None,
        "remote_hint": _parse_remote_hint(details),
        "description_text": _parse_description_text(job, details),
        **_parse_salary(job),
    }


def _parse_external_id(entry: dict) -> str | None:
    job = entry.get("MatchedObjectDescriptor") or {}
    value = entry.get("MatchedObjectId") or job.get("PositionID")
    return str(value) if value else None


def _parse_url(job: dict) -> str | None:
    if job.get("PositionURI"):
        return job["PositionURI"]
    apply = job.get("ApplyURI") or []
    return apply[0] if apply else None


def _parse_company(job: dict) -> str | None:
    """The hiring agency (e.g. Veterans Health Administration), else its department."""
    for key in ("OrganizationName", "DepartmentName"):
        value = (job.get(key) or "").strip()
        if value:
            return value
    return None


def _position_locations(job: dict) -> list[dict]:
    return [place for place in job.get("PositionLocation") or [] if isinstance(place, dict)]


def _parse_locations(job: dict) -> list[str]:
    names: list[str] = []
    for place in _position_locations(job):
        name = (place.get("LocationName") or place.get("CityName") or "").strip()
        if name and name not in names:
            names.append(name)
    return names


def _parse_location(job: dict) -> str | None:
    names = _parse_locations(job)
    if names:
        return "; ".join(names)
    return (job.get("PositionLocationDisplay") or "").strip() or None


def _parse_state(place: dict) -> str | None:
    """CountrySubDivisionCode as posted ("Maryland"); "N/A" abroad or when negotiable."""
    state = (place.get("CountrySubDivisionCode") or "").strip()
    return None if state.upper() in NO_STATE else state


def _parse_city(place: dict) -> str | None:
    """CityName reads "Suitland, Maryland": the city is the part before the state.

    Names without that shape ("Anywhere in the U.S. (remote job)") and the
    "Location Negotiable After Selection" placeholder are not cities.
    """
    name = (place.get("CityName") or "").strip()
    if "," not in name or NOT_A_CITY.search(name):
        return None
    return name.rsplit(",", 1)[0].strip() or None


def _parse_employment_type(job: dict) -> str | None:
    names = [s.get("Name") for s in job.get("PositionSchedule") or [] if s and s.get("Name")]
    return ", ".join(names) or None


def _truthy(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false", "yes", "no"):
        return value.strip().lower() in ("true", "yes")
    return None


def _parse_remote_hint(details: dict) -> str | None:
    remote = _truthy(details.get("RemoteIndicator"))
    telework = _truthy(details.get("TeleworkEligible"))
    if remote:
        return "remote"
    if telework:
        return "hybrid"
    if remote is False and telework is False:
        return "onsite"
    return None


def _parse_salary(job: dict) -> dict[str, Any]:
    """The first PositionRemuneration; the interval code stays as posted ("PA", "Per Hour")."""
    pay = next((p for p in job.get("PositionRemuneration") or [] if isinstance(p, dict)), None)
    if not pay:
        return {}
    code = str(pay.get("RateIntervalCode") or "").strip()
    if code in UNPAID or code.lower() in UNPAID:
        return {}
    return {
        "salary_min": pay.get("MinimumRange"),
        "salary_max": pay.get("MaximumRange"),
        "salary_currency": "USD",
        "salary_period": code or pay.get("Description") or None,
    }


def _parse_description_text(job: dict, details: dict) -> str | None:
    """The announcement's parts as titled plain-text sections (the API gives no HTML)."""
    sections = []
    for title, key in DESCRIPTION_PARTS:
        value = details.get(key) if key in details else job.get(key)
        if isinstance(value, list):
            lines = [
                f"- {line.strip()}" for line in value if isinstance(line, str) and line.strip()
            ]
            body = "\n".join(lines)
        else:
            body = value.strip() if isinstance(value, str) else ""
        if body:
            sections.append(f"{title}\n{body}")
    return "\n\n".join(sections) or None
