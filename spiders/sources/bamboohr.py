"""BambooHR careers pages, through the JSON their own page loads.

`url` is the careers site, `https://{subdomain}.bamboohr.com` (a trailing `/careers` is
fine). List: `GET {url}/careers/list` → the whole board in `result[]` (no paging):
title, department, employment status, place (`location`, or `atsLocation`) and the
workplace as `isRemote` or `locationType` ("0" on site, "1" remote, "2" hybrid: the last
read from the captured boards, whose hybrid jobs say so in their text). Detail:
`GET {url}/careers/{id}/detail` → `result.jobOpening`, with the description and, where the
employer fills it in, a `compensation` line. BambooHR names no employer in either answer:
`params.company`, else the subdomain made readable.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any
from urllib.parse import urlsplit

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import SourceSpider, company_from_slug, distinct, id_field

LOCATION_TYPES = {"0": "onsite", "1": "remote", "2": "hybrid"}
JSON = {"Accept": "application/json"}


class BambooHrSpider(SourceSpider):
    name = "bamboohr"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.root = re.sub(r"/careers/?$", "", self.source.url.rstrip("/"))

    async def start(self) -> AsyncIterator[Request]:
        yield self.list_request(f"{self.root}/careers/list", self.parse, headers=JSON)

    def parse(self, response: Response) -> Iterator[Request]:
        answer = self.listed(response, "result")
        if answer is None:
            return
        _data, openings = answer
        company = self.company(company_from_slug(subdomain(self.root) or ""))
        key = id_field("id")
        fresh = self.unseen(openings, key)
        for item in self.read_records(
            response.url, fresh, list_fields, root=self.root, company=company, key=key
        ):
            detail = f"{self.root}/careers/{item['external_id']}/detail"
            yield self.detail_request(detail, self.parse_detail, fallback=item, headers=JSON)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        data = self.parse_json(response, fatal=False)
        result = data.get("result") if isinstance(data, dict) else None
        opening = result.get("jobOpening") if isinstance(result, dict) else None
        yield self.read_detail(
            response,
            lambda: detail_fields(opening) if isinstance(opening, dict) else None,
            missing="no result.jobOpening",
        )


# -- pure extraction ------------------------------------------------------------


def subdomain(root: str) -> str | None:
    """`acme` of `https://acme.bamboohr.com`; None for any other host (a mirror)."""
    host = urlsplit(root).hostname or ""
    return host.split(".")[0] if host.endswith(".bamboohr.com") else None


def list_fields(opening: dict, *, root: str, company: str) -> dict[str, Any]:
    """What a `result[]` entry says (all a posting has when its detail fails)."""
    opening_id = clean_text(opening.get("id"))
    return {
        "external_id": opening_id,
        "url": f"{root}/careers/{opening_id}",
        "title": clean_text(opening.get("jobOpeningName")),
        "company": company,
        "employment_type": clean_text(opening.get("employmentStatusLabel")),
        **_place_fields(opening),
    }


def detail_fields(opening: dict) -> dict[str, Any]:
    """What `result.jobOpening` adds: the description, pay line, and a fuller place."""
    return {
        "title": clean_text(opening.get("jobOpeningName")),
        "employment_type": clean_text(opening.get("employmentStatusLabel")),
        "posted_at": clean_text(opening.get("datePosted")),
        "description_html": clean_text(opening.get("description"), keep_lines=True),
        "salary_text": clean_text(opening.get("compensation")),
        **_place_fields(opening),
    }


def _place_fields(opening: dict) -> dict[str, Any]:
    """`location` {city, state, …}, else `atsLocation` {city, state, country}."""
    place = {}
    for key in ("location", "atsLocation"):
        candidate = opening.get(key) if isinstance(opening.get(key), dict) else {}
        if clean_text(candidate.get("city")) or clean_text(candidate.get("state")):
            place = candidate
            break
    city, state = clean_text(place.get("city")), clean_text(place.get("state"))
    country = clean_text(place.get("addressCountry")) or clean_text(place.get("country"))
    label = ", ".join(distinct([city, state or clean_text(place.get("province"))]))
    return {
        "location": label or None,
        "city": city,
        "state": state,
        "country": country,
        "remote_hint": _workplace(opening),
    }


def _workplace(opening: dict) -> str | None:
    if opening.get("isRemote") is True:
        return "remote"
    return LOCATION_TYPES.get(str(opening.get("locationType") or "").strip())
