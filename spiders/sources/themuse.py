"""The Muse public jobs API: `GET {url}?category=…&page=…`.

Pages count from 0 and each answer echoes its `page` beside `page_count`; the crawl runs
to `page_count` (or an empty page, a page of jobs already seen, or `max_pages`, else 25).
`source.params` become query parameters, a list repeating its name (`category=A&category=B`),
as the API expects.
The location "Flexible / Remote" is The Muse's remote flag.
"""

from collections.abc import AsyncIterator, Iterator
from typing import Any

from scrapy.http import Request, Response

from spiders.items import JobPostingItem
from spiders.sources.base import SourceSpider, as_int, entries, with_query

DEFAULT_MAX_PAGES = 25  # 20 postings a page
REMOTE_LOCATIONS = {"flexible / remote", "remote"}


class TheMuseSpider(SourceSpider):
    name = "themuse"
    default_max_pages = DEFAULT_MAX_PAGES

    async def start(self) -> AsyncIterator[Request]:
        yield self._page_request(0)

    def _page_request(self, page: int) -> Request:
        url = with_query(self.source.url, [*self.source.params.items(), ("page", page)])
        return self.list_request(url, self.parse, cb_kwargs={"page": page})

    def parse(self, response: Response, page: int = 0) -> Iterator[JobPostingItem | Request]:
        data = self.parse_json(response)
        if data is None:
            return
        results = entries(data, "results")
        if results is None:
            self.record_error(response.url, "expected a page of The Muse jobs", fatal=True)
            return
        fresh = self.unseen(results, result_id)
        yield from self.read_records(response.url, fresh, result_fields, key=result_id)
        pages = as_int(data.get("page_count")) or 0
        if self.another_page(page + 1, results, fresh, more=page + 1 < pages, pages_total=pages):
            yield self._page_request(page + 1)


# -- pure extraction ---------------------------------------------------------


def result_id(result: dict) -> str | None:
    return str(result["id"]) if result.get("id") is not None else None


def result_fields(result: dict) -> dict[str, Any]:
    return {
        "external_id": result_id(result),
        "url": (result.get("refs") or {}).get("landing_page") or None,
        "title": (result.get("name") or "").strip() or None,
        "company": ((result.get("company") or {}).get("name") or "").strip() or None,
        "location": _parse_location(result),
        "locations": _parse_locations(result),
        "remote_hint": _parse_remote_hint(result),
        "employment_type": _parse_employment_type(result),
        "posted_at": result.get("publication_date") or None,
        "description_html": result.get("contents") or None,
    }


def _parse_locations(result: dict) -> list[str]:
    names = [(place or {}).get("name") for place in result.get("locations") or []]
    return [name.strip() for name in names if isinstance(name, str) and name.strip()]


def _parse_location(result: dict) -> str | None:
    names = _parse_locations(result)
    return "; ".join(names) if names else None


def _parse_remote_hint(result: dict) -> str | None:
    """Remote when "Flexible / Remote" is one of the places; The Muse flags nothing else."""
    if any(name.lower() in REMOTE_LOCATIONS for name in _parse_locations(result)):
        return "remote"
    return None


def _parse_levels(result: dict) -> list[str]:
    names = [(level or {}).get("name") for level in result.get("levels") or []]
    return [name for name in names if isinstance(name, str) and name]


def _parse_employment_type(result: dict) -> str | None:
    """Levels are seniority ("Mid Level"), except "Internship", which is a kind of job."""
    return "Internship" if "Internship" in _parse_levels(result) else None
