"""Recruitee careers sites: `GET {url}/api/offers/`, the whole board in one answer.

`url` is the careers site, `https://{company}.recruitee.com`. Each of `offers[]` is a whole
posting: title, employer, the public page (`careers_url`), description and requirements,
places (`locations[]` with state and country codes), structured pay (`salary` {min, max,
period, currency}), the workplace flags `remote`, `hybrid`, `on_site`, which can be set
together: hybrid wins, then remote (the job can be done from home), then on site, and the
education the employer picked (`education_code`, "bachelor_degree"), a structured hint.
"""

import re
from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import SourceSpider, dated, distinct, id_field, records, structured_pay

PUBLISHED = ("%Y-%m-%d %H:%M:%S %Z", "%Y-%m-%d")  # "2026-10-01 20:57:05 UTC"


class RecruiteeSpider(SourceSpider):
    name = "recruitee"

    async def start(self) -> AsyncIterator[Request]:
        root = re.sub(r"/api/offers/?$", "", self.source.url.rstrip("/"))
        yield self.list_request(f"{root}/api/offers/", self.parse)

    def parse(self, response: Response) -> Iterator[JobPostingItem]:
        answer = self.listed(response, "offers")
        if answer is None:
            return
        _data, offers = answer
        key = id_field("id")
        fresh = self.unseen(offers, key)
        yield from self.read_records(
            response.url, fresh, offer_fields, company=self.company(), key=key
        )


# -- pure extraction ------------------------------------------------------------


def offer_fields(offer: dict, *, company: str) -> dict[str, Any]:
    """The raw item fields of one offer (a whole posting)."""
    places = records(offer, "locations") or []
    first = places[0] if places else offer
    sections = [
        clean_text(offer.get(key), keep_lines=True) for key in ("description", "requirements")
    ]
    labels = distinct(
        ", ".join(distinct([place.get("city"), place.get("state_code"), place.get("country_code")]))
        for place in places
    )
    return {
        "external_id": clean_text(offer.get("id")),
        "url": clean_text(offer.get("careers_url")),
        "title": clean_text(offer.get("title")),
        "company": clean_text(offer.get("company_name")) or company,
        "location": "; ".join(labels) or clean_text(offer.get("location")),
        "locations": labels,
        "city": clean_text(first.get("city")),
        "state": clean_text(first.get("state_code")),
        "country": clean_text(first.get("country_code")),
        "employment_type": clean_text(offer.get("employment_type_code")),
        "posted_at": dated(offer.get("published_at"), *PUBLISHED)
        or clean_text(offer.get("published_at")),
        "remote_hint": _workplace(offer),
        "education_hint": clean_text(offer.get("education_code")),
        "description_html": "\n".join(section for section in sections if section) or None,
        **_pay(offer),
    }


def _workplace(offer: dict) -> str | None:
    for flag, arrangement in (("hybrid", "hybrid"), ("remote", "remote"), ("on_site", "onsite")):
        if offer.get(flag) is True:
            return arrangement
    return None


def _pay(offer: dict) -> dict[str, Any]:
    """`salary` {min, max, period, currency}; an empty range is no pay."""
    salary = offer.get("salary") if isinstance(offer.get("salary"), dict) else {}
    return structured_pay(
        clean_text(salary.get("min")),
        clean_text(salary.get("max")),
        currency=salary.get("currency"),
        period=salary.get("period"),
    )
