"""The sample served on a LocalServer, at the same paths and in the same shapes as the real
sources, so the real spiders crawl it by pointing a source's `url` at 127.0.0.1.

- Greenhouse: `GET /greenhouse/v1/boards/{token}/jobs[?content=true]`, `.../jobs/{id}`
- Workday: `POST /workday/wday/cxs/{tenant}/{site}/jobs` (offset, limit ≤ 20, searchText;
  like the real API, `total` is reported on the first page only), `GET .../job/...` details
- JSON-LD: career pages under `/jsonld/{employer}/careers/`, a sitemap per employer, and
  `/sitemap.xml` indexing them
- `/robots.txt` allows everything; `/` lists the boards.
"""

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from demo import formats
from demo.employers import Employer
from demo.posting import DemoPosting
from demo.sample import DemoSample
from demo.server import LocalServer, Reply, ServedRequest
from store.sources import SourceConfig

DEMO_PREFIX = "demo-"
WORKDAY_MAX_LIMIT = 20  # the real cxs API pages by at most 20
XML = {"Content-Type": "application/xml; charset=utf-8"}
TAGS = re.compile(r"<[^>]+>")


@dataclass
class DemoSite:
    """A sample mounted on a server: where each employer's board answers."""

    server: LocalServer
    sample: DemoSample

    @property
    def base(self) -> str:
        return self.server.url()

    def source(self, employer: Employer, *, keep: Literal["relevant", "all"] = "all"):
        """The sources-file entry that crawls `employer`'s board on this server."""
        name = f"{DEMO_PREFIX}{employer.slug}"
        if employer.kind == "greenhouse":
            url = formats.greenhouse_board_url(self.base, employer)
            return SourceConfig(name=name, kind="greenhouse", url=url, keep=keep)
        if employer.kind == "workday":
            url = formats.workday_api_url(self.base, employer)
            # The company name comes from each detail; `company` covers a failed detail.
            return SourceConfig(
                name=name, kind="workday", url=url, keep=keep, params={"company": employer.name}
            )
        sitemap = formats.jsonld_sitemap_url(self.base, employer)
        return SourceConfig(name=name, kind="jsonld", sitemap=sitemap, keep=keep)

    def sources(self, *, keep: Literal["relevant", "all"] = "all") -> list[SourceConfig]:
        return [self.source(employer, keep=keep) for employer in self.sample.employers]


def mount_sample(server: LocalServer, sample: DemoSample) -> DemoSite:
    """Add every route of the sample to `server` (started or not) and return the site."""
    site = DemoSite(server, sample)
    base = site.base
    for employer in sample.employers:
        postings = sample.of(employer)
        {"greenhouse": _mount_greenhouse, "workday": _mount_workday, "jsonld": _mount_jsonld}[
            employer.kind
        ](server, employer, postings, base, sample)
    server.add("/robots.txt", Reply(_robots(site), headers={"Content-Type": "text/plain"}))
    server.add("/sitemap.xml", Reply(_root_sitemap(site), headers=XML))
    server.add("/", _index_page(site))
    return site


# -- Greenhouse ----------------------------------------------------------------------------


def _mount_greenhouse(
    server: LocalServer, employer: Employer, postings: list[DemoPosting], base: str,
    sample: DemoSample,
) -> None:  # fmt: skip
    path = f"/greenhouse/v1/boards/{employer.board}"
    with_content = formats.greenhouse_board(postings, base, now=sample.now, content=True)
    without = formats.greenhouse_board(postings, base, now=sample.now, content=False)

    def board(request: ServedRequest) -> Reply:
        # Greenhouse reads any of true/1 as yes; without it the jobs carry no content.
        wants = (request.arg("content") or "").lower() in ("true", "1")
        return Reply(with_content if wants else without)

    server.route(f"{path}/jobs", board)
    server.add(path, {"name": employer.name, "content": f"<p>{html.escape(employer.blurb)}</p>"})
    for posting, job in zip(postings, with_content["jobs"], strict=True):
        server.add(f"{path}/jobs/{posting.external_id}", job)
        page = formats.job_page(posting, job["location"]["name"])
        server.add(formats.greenhouse_job_url(base, posting).removeprefix(base), page)


# -- Workday -------------------------------------------------------------------------------


def _mount_workday(
    server: LocalServer, employer: Employer, postings: list[DemoPosting], base: str,
    sample: DemoSample,
) -> None:  # fmt: skip
    api_path = formats.workday_api_url(base, employer).removeprefix(base)
    newest_first = sorted(postings, key=lambda p: p.posted_at, reverse=True)
    server.route(f"{api_path}/jobs", _workday_jobs(newest_first, sample), method="POST")
    for posting in postings:
        path = formats.workday_external_path(posting)
        server.add(f"{api_path}{path}", formats.workday_detail(posting, base, sample.now))
        page = formats.job_page(posting, formats.workday_location(posting))
        server.add(formats.workday_human_url(base, posting).removeprefix(base), page)


def _workday_jobs(
    postings: list[DemoPosting], sample: DemoSample
) -> Callable[[ServedRequest], Reply]:
    searchable = [(posting, _search_text(posting)) for posting in postings]

    def answer(request: ServedRequest) -> Reply:
        try:
            body = request.json() or {}
            offset = max(0, int(body.get("offset") or 0))
            limit = min(WORKDAY_MAX_LIMIT, max(1, int(body.get("limit") or WORKDAY_MAX_LIMIT)))
            words = str(body.get("searchText") or "").lower().split()
        except (ValueError, TypeError, AttributeError):
            return Reply(
                {"errorCode": "HTTP_400", "httpStatus": 400, "message": "Invalid request"},
                status=400,
            )
        matches = [p for p, text in searchable if all(word in text for word in words)]
        page = matches[offset : offset + limit]
        return Reply(
            {
                "total": len(matches) if offset == 0 else 0,
                "jobPostings": [formats.workday_list_entry(p, sample.now) for p in page],
                "facets": [],
                "userAuthenticated": False,
            }
        )

    return answer


def _search_text(posting: DemoPosting) -> str:
    text = TAGS.sub(" ", posting.description_html)
    return html.unescape(f"{posting.title} {text}").lower()


# -- JSON-LD career pages ---------------------------------------------------------------------


def _mount_jsonld(
    server: LocalServer, employer: Employer, postings: list[DemoPosting], base: str,
    sample: DemoSample,
) -> None:  # fmt: skip
    entries = []
    for posting in postings:
        url = formats.jsonld_page_url(base, posting)
        server.add(url.removeprefix(base), formats.jsonld_page(posting, base))
        entries.append((url, posting.posted_at))
    sitemap_path = formats.jsonld_sitemap_url(base, employer).removeprefix(base)
    server.add(sitemap_path, Reply(formats.sitemap(entries), headers=XML))


# -- the whole site ------------------------------------------------------------------------------


def _robots(site: DemoSite) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site.base}/sitemap.xml\n"


def _root_sitemap(site: DemoSite) -> str:
    return formats.sitemap_index(
        formats.jsonld_sitemap_url(site.base, employer)
        for employer in site.sample.employers
        if employer.kind == "jsonld"
    )


def _index_page(site: DemoSite) -> str:
    rows = []
    for employer in site.sample.employers:
        source = site.source(employer)
        where = source.url or source.sitemap or ""
        rows.append(
            f"<li>{html.escape(employer.name)} ({employer.kind}, "
            f"{len(site.sample.of(employer))} postings): "
            f'<a href="{html.escape(where)}">{html.escape(where)}</a></li>'
        )
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        "<title>hitboard demo boards</title></head><body>\n"
        "<h1>Demo job boards</h1>\n<p>Synthetic postings for trying hitboard.</p>\n"
        f"<ul>\n{chr(10).join(rows)}\n</ul></body></html>\n"
    )
