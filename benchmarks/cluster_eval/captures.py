"""Postings read from the real conformance captures, as the pipeline would store them.

The captures live outside the repository (HITBOARD_CONFORMANCE_DIR) and are test data only.
Each posting is named `<folder>/<file>#<external id>`, the form the hand labels use; only
kinds with a spider in `spiders/sources/` are read, through that spider's pure extraction
and the normalize step of the item pipeline.
"""

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from scrapy.http import TextResponse, XmlResponse

from spiders.pipelines import POSTING_FIELDS, NormalizePipeline
from spiders.sources import (
    adzuna,
    ashby,
    feed,
    greenhouse,
    jsonld,
    lever,
    smartrecruiters,
    themuse,
    usajobs,
    workday,
)
from spiders.sources.base import company_from_slug, entries, site_slug

WORKDAY_API = "https://tenant.wd5.myworkdayjobs.com/wday/cxs/tenant/Careers"


def conformance_dir() -> Path:
    folder = os.environ.get("HITBOARD_CONFORMANCE_DIR")
    if not folder:
        raise SystemExit("set HITBOARD_CONFORMANCE_DIR to the folder of the real captures")
    return Path(folder)


def capture_postings(root: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every posting of the readable captures, by its label name, as a store record."""
    root = root or conformance_dir()
    normalize = NormalizePipeline(None)
    postings: dict[str, dict[str, Any]] = {}
    for path in sorted(root.glob("*/*")):
        kind = path.parent.name
        reader = READERS.get(kind)
        if reader is None or path.suffix not in (".json", ".html", ".xml", ".rss"):
            continue
        for fields in reader(path):
            item = dict(fields)
            normalize.process_item(item)
            source_kind = "feed" if kind == "feeds" else kind
            record = {name: item.get(name) for name in POSTING_FIELDS}
            record.update(source=f"{kind}/{path.name}", source_kind=source_kind)
            record["external_id"] = str(record["external_id"])
            name = f"{kind}/{path.name}#{record['external_id']}"
            postings[name] = record
    return postings


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _objects(found: list | None) -> list[dict]:
    """The objects of a list the spiders' `entries` reader found (none when it found no list):
    the captures are read the way the spiders read an answer."""
    return [entry for entry in found or [] if isinstance(entry, dict)]


def _greenhouse(path: Path) -> Iterator[dict]:
    data = _json(path)
    for job in data.get("jobs", [data]):
        yield greenhouse.posting_fields(job, fallback_company=path.stem.split("_")[1])


def _lever(path: Path) -> Iterator[dict]:
    data = _json(path)
    for posting in _objects(entries([data] if lever.is_posting(data) else data)):
        site = site_slug(posting["hostedUrl"].rsplit("/", 1)[0])
        yield lever.posting_fields(posting, company=company_from_slug(site))


def _ashby(path: Path) -> Iterator[dict]:
    for job in ashby.listed(_objects(entries(_json(path), "jobs"))):
        yield ashby.job_fields(job, company=company_from_slug(job["jobUrl"].split("/")[3]))


def _smartrecruiters(path: Path) -> Iterator[dict]:
    data = _json(path)
    found = entries(data, "content")
    if found is None:
        yield smartrecruiters.detail_fields(data)
    else:
        yield from (smartrecruiters.list_fields(entry) for entry in _objects(found))


def _workday(path: Path) -> Iterator[dict]:
    data = _json(path)
    company = path.stem.split("_")[1]
    if "jobPostings" in data:
        for entry in data["jobPostings"]:
            yield workday.list_fields(entry, api_url=WORKDAY_API, company=company)
    else:
        yield workday.detail_fields(data, fallback={"company": company})


def _usajobs(path: Path) -> Iterator[dict]:
    for entry in _objects(entries(_json(path), "SearchResult", "SearchResultItems")):
        yield usajobs.entry_fields(entry)


def _adzuna(path: Path) -> Iterator[dict]:
    for result in _objects(entries(_json(path), "results")):
        yield adzuna.result_fields(result)


def _themuse(path: Path) -> Iterator[dict]:
    for result in _objects(entries(_json(path), "results")):
        yield themuse.result_fields(result)


def _jsonld(path: Path) -> Iterator[dict]:
    url = f"https://capture.example/{path.name}"
    blocks, _problems = jsonld.jsonld_blocks(path.read_text(encoding="utf-8"))
    for index, posting in enumerate(jsonld.find_job_postings(blocks)):
        yield jsonld.posting_fields(posting, page_url=url, fallback_company=path.stem, index=index)


def _feed(path: Path) -> Iterator[dict]:
    body = path.read_bytes()
    response = XmlResponse(url=f"https://capture.example/{path.name}", body=body)
    kind = feed.feed_kind(body)
    if kind is None:
        response = TextResponse(url=response.url, body=body)
        return
    yield from feed.feed_postings(response, kind=kind)


READERS = {
    "greenhouse": _greenhouse,
    "lever": _lever,
    "ashby": _ashby,
    "smartrecruiters": _smartrecruiters,
    "workday": _workday,
    "usajobs": _usajobs,
    "adzuna": _adzuna,
    "themuse": _themuse,
    "jsonld": _jsonld,
    "feeds": _feed,
}
