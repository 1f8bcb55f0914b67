"""Workable accounts, through the public widget API and the job API behind their pages.

`url` is the account's widget endpoint, `https://apply.workable.com/api/v1/widget/accounts/
{account}`. List: `GET {url}?details=true` → the account's `name` and every job in `jobs[]`
(title, `shortcode`, places, `telecommuting`, `url`); no paging. Where the answer carries
each job's `description` (the `details=true` form), that is the whole posting; where it
does not, `GET {host}/api/v1/accounts/{account}/jobs/{shortcode}` is read for the
description, requirements and benefits and the `workplace` ("on_site", "hybrid",
"remote").
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.sources.base import SourceSpider, distinct, id_field, records, with_query, workplace

DETAIL_SECTIONS = ("description", "requirements", "benefits")
JSON = {"Accept": "application/json"}


class WorkableSpider(SourceSpider):
    name = "workable"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.jobs_api = f"{self.root}/api/v1/accounts/{self.parts['account']}"

    async def start(self) -> AsyncIterator[Request]:
        url = with_query(self.source.url.rstrip("/"), {"details": "true"})
        yield self.list_request(url, self.parse, headers=JSON)

    def parse(self, response: Response) -> Iterator[JobPostingItem | Request]:
        answer = self.listed(response, "jobs")
        if answer is None:
            return
        data, jobs = answer
        company = clean_text(data.get("name")) or self.company()
        key = id_field("shortcode")
        fresh = self.unseen(jobs, key)
        for item in self.read_records(response.url, fresh, list_fields, company=company, key=key):
            if item.get("description_html") or not item.get("external_id"):
                yield item  # the details=true form: the list holds the whole posting
                continue
            detail = f"{self.jobs_api}/jobs/{item['external_id']}"
            yield self.detail_request(detail, self.parse_detail, fallback=item, headers=JSON)

    def parse_detail(self, response: Response) -> Iterator[JobPostingItem]:
        data = self.parse_json(response, fatal=False)
        yield self.read_detail(
            response,
            lambda: detail_fields(data) if isinstance(data, dict) else None,
            missing="not a Workable job",
        )


# -- pure extraction ------------------------------------------------------------


def list_fields(job: dict, *, company: str) -> dict[str, Any]:
    """What a widget `jobs[]` entry says; with `details=true`, the whole posting."""
    return {
        "external_id": clean_text(job.get("shortcode")),
        "url": clean_text(job.get("url")) or clean_text(job.get("shortlink")),
        "title": clean_text(job.get("title")),
        "company": company,
        "employment_type": clean_text(job.get("employment_type")),
        "posted_at": clean_text(job.get("published_on")) or clean_text(job.get("created_at")),
        "remote_hint": "remote" if job.get("telecommuting") is True else None,
        # the account's own education field ("Bachelor's Degree"), read as a structured hint
        "education_hint": clean_text(job.get("education")),
        "description_html": clean_text(job.get("description"), keep_lines=True),
        **_place_fields(job, region_key="state"),
    }


def detail_fields(job: dict) -> dict[str, Any]:
    """What a job's own answer adds: its text sections and its workplace."""
    sections = [clean_text(job.get(key), keep_lines=True) for key in DETAIL_SECTIONS]
    remote = workplace(job.get("workplace")) or ("remote" if job.get("remote") is True else None)
    place = job.get("location") if isinstance(job.get("location"), dict) else {}
    return {
        "title": clean_text(job.get("title")),
        "posted_at": clean_text(job.get("published")),
        "description_html": "\n".join(section for section in sections if section) or None,
        "remote_hint": remote,
        **_place_fields({**place, "locations": job.get("locations")}, region_key="region"),
    }


def _place_fields(job: dict, *, region_key: str) -> dict[str, Any]:
    """City, region and country of the job (or its first place), and every place's label."""
    places = [place for place in records(job, "locations") or [] if place.get("hidden") is not True]
    first = places[0] if places else {}
    city = clean_text(job.get("city")) or clean_text(first.get("city"))
    region = clean_text(job.get(region_key)) or clean_text(first.get("region"))
    country = clean_text(job.get("countryCode") or first.get("countryCode")) or clean_text(
        job.get("country")
    )
    labels = distinct(
        ", ".join(distinct([place.get("city"), place.get("region"), place.get("country")]))
        for place in places
    ) or distinct([", ".join(distinct([city, region, clean_text(job.get("country"))]))])
    return {
        "location": "; ".join(labels) or None,
        "locations": labels,
        "city": city,
        "state": region,
        "country": country,
    }
