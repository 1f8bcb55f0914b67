"""Real API captures (HITBOARD_CONFORMANCE_DIR) through the lever, ashby, smartrecruiters,
usajobs, adzuna and themuse extractors: every file, every posting.

Expectations are read from each file's raw JSON here, independently of the spiders: every
posting has title, url and company; structured pay equals the file's numbers; a US place
gives its state; a remote/hybrid flag gives the arrangement. Then one real crawl per kind
serves a file from LocalServer.
"""

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from demo.server import Reply
from spiders.normalize.place import us_state
from spiders.sources import adzuna, ashby, lever, smartrecruiters, themuse, usajobs
from spiders.sources.base import records
from tests.captures import USPS, capture_params, paths, read_json
from tests.crawling import crawl

KINDS = ("lever", "ashby", "smartrecruiters", "usajobs", "adzuna", "themuse")

CITY_STATE = re.compile(r",\s*([A-Z]{2})(?:\s+\d{5})?\s*$")


def load(path: Path | str) -> Any:
    return read_json(path)


def slug_words(slug: str) -> str:
    return slug.replace("-", " ").replace("_", " ").lower()


# -- expectations from the raw JSON, one reader per kind ----------------------


def expect_lever(data: Any) -> list[dict]:
    out = []
    for p in data if isinstance(data, list) else [data]:
        cats = p.get("categories") or {}
        site = urlsplit(p["hostedUrl"]).path.split("/")[1]
        pay = p.get("salaryRange") or None
        state = None
        if p.get("country") == "US" and (m := CITY_STATE.search(cats.get("location") or "")):
            state = m.group(1)
        arrangement = (
            p.get("workplaceType") if p.get("workplaceType") in ("remote", "hybrid") else None
        )
        out.append({
            "id": p["id"], "title": p["text"].strip(), "url": p["hostedUrl"],
            "company": slug_words(site),
            "pay": pay and (pay["min"], pay["max"], pay["currency"], pay["interval"]),
            "place": cats.get("location"), "state": state, "arrangement": arrangement,
        })  # fmt: skip
    return out


def expect_ashby(data: Any) -> list[dict]:
    out = []
    for job in data["jobs"]:
        if job.get("isListed") is False:
            continue
        board = urlsplit(job["jobUrl"]).path.split("/")[1]
        comp = job.get("compensation") or {}
        salaries = [
            c
            for c in [*(comp.get("summaryComponents") or [])]
            + [c for tier in comp.get("compensationTiers") or [] for c in tier["components"]]
            if c.get("compensationType") == "Salary" and c.get("minValue") is not None
        ]
        pay = None
        if salaries and job.get("shouldDisplayCompensationOnJobPostings") is not False:
            s = salaries[0]
            pay = (s["minValue"], s["maxValue"], s["currencyCode"], s["interval"])
        address = (job.get("address") or {}).get("postalAddress") or {}
        region = (address.get("addressRegion") or "").strip()
        us = address.get("addressCountry") in ("USA", "United States", "US")
        kind = (job.get("workplaceType") or "").lower()
        arrangement = kind if kind in ("remote", "hybrid") else None
        if not kind and job.get("isRemote"):
            arrangement = "remote"
        out.append({
            "id": job["id"], "title": job["title"].strip(), "url": job["jobUrl"],
            "company": slug_words(board), "pay": pay, "place": job.get("location"),
            "state": region if us and region else None, "arrangement": arrangement,
        })  # fmt: skip
    return out


def expect_smartrecruiters(data: Any) -> list[dict]:
    entries = data.get("content", [data])
    out = []
    for e in entries:
        loc = e.get("location") or {}
        pay = e.get("compensation")
        arrangement = "remote" if loc.get("remote") else "hybrid" if loc.get("hybrid") else None
        out.append({
            "id": e["id"], "title": e["name"].strip(),
            "url": e.get("postingUrl") or f"/{e['company']['identifier']}/{e['id']}",
            "company": e["company"]["name"].lower(),
            "pay": pay and (pay["min"], pay["max"], pay["currency"], pay.get("period")),
            "place": loc.get("fullLocation"),
            "state": loc.get("region") if loc.get("country") == "us" else None,
            "arrangement": arrangement,
        })  # fmt: skip
    return out


def expect_usajobs(data: Any) -> list[dict]:
    out = []
    for entry in data["SearchResult"]["SearchResultItems"]:
        job = entry["MatchedObjectDescriptor"]
        places = job.get("PositionLocation") or []
        first = places[0] if places else {}
        pay = (job.get("PositionRemuneration") or [None])[0]
        if pay and pay.get("RateIntervalCode") in ("WC", "Without Compensation"):
            pay = None
        details = (job.get("UserArea") or {}).get("Details") or {}
        arrangement = None
        if details.get("RemoteIndicator") in (True, "true", "True"):
            arrangement = "remote"
        elif details.get("TeleworkEligible") in (True, "true", "True"):
            arrangement = "hybrid"
        us = first.get("CountryCode") in ("United States", "US", "USA")
        if pay:
            pay = (pay["MinimumRange"], pay["MaximumRange"], "USD", pay["RateIntervalCode"])
        place = first.get("LocationName") or job.get("PositionLocationDisplay") or ""
        state = first.get("CountrySubDivisionCode") or ""
        out.append({
            "id": entry["MatchedObjectId"], "title": job["PositionTitle"].strip(),
            "url": job["PositionURI"],
            "company": (job.get("OrganizationName") or job.get("DepartmentName")).lower(),
            "pay": pay, "place": place.strip(),
            "all_places": [p["LocationName"].strip() for p in places],
            "state": state if us and state not in ("", "N/A") else None,
            "arrangement": arrangement,
        })  # fmt: skip
    return out


def expect_adzuna(data: Any) -> list[dict]:
    out = []
    for r in data["results"]:
        area = (r.get("location") or {}).get("area") or []
        pay = None
        if r.get("salary_min") is not None:
            pay = (r["salary_min"], r["salary_max"], r["salary_is_predicted"] == "1")
        out.append({
            "id": r["id"], "title": r["title"].strip(), "url": r["redirect_url"],
            "company": r["company"]["display_name"].lower(), "pay": pay,
            "place": r["location"]["display_name"],
            "state": area[1] if len(area) > 1 and area[0] == "US" else None,
            "arrangement": None,
        })  # fmt: skip
    return out


def expect_themuse(data: Any) -> list[dict]:
    out = []
    for r in data["results"]:
        names = [place["name"] for place in r.get("locations") or []]
        match = next((m for n in names if (m := CITY_STATE.search(n))), None)
        out.append({
            "id": str(r["id"]), "title": r["name"].strip(), "url": r["refs"]["landing_page"],
            "company": r["company"]["name"].lower(), "pay": None,
            "place": names[0] if names else None, "state": match and match.group(1),
            "arrangement": "remote" if "Flexible / Remote" in names else None,
        })  # fmt: skip
    return out


EXPECT = {
    "lever": expect_lever,
    "ashby": expect_ashby,
    "smartrecruiters": expect_smartrecruiters,
    "usajobs": expect_usajobs,
    "adzuna": expect_adzuna,
    "themuse": expect_themuse,
}


# -- what the spiders' pure extraction gives --------------------------------


def extract(kind: str, data: Any) -> list[dict]:
    if kind == "lever":
        out = []
        for posting in records(data if isinstance(data, list) else [data]):
            site = lever.site_slug(posting["hostedUrl"].rsplit("/", 1)[0])
            out.append(lever.posting_fields(posting, company=lever.company_from_slug(site)))
        return out
    if kind == "ashby":
        return [
            ashby.job_fields(job, company=ashby.company_from_slug(job["jobUrl"].split("/")[3]))
            for job in ashby.listed(records(data, "jobs"))
        ]
    if kind == "smartrecruiters":
        entries = records(data, "content")
        if entries is None:  # a single posting's detail
            return [smartrecruiters.detail_fields(data)]
        return [smartrecruiters.list_fields(entry) for entry in entries]
    if kind == "usajobs":
        return [usajobs.entry_fields(e) for e in data["SearchResult"]["SearchResultItems"]]
    if kind == "adzuna":
        return [adzuna.result_fields(r) for r in records(data, "results")]
    return [themuse.result_fields(r) for r in records(data, "results")]


def pay_of(kind: str, item: dict) -> tuple | None:
    if item.get("salary_min") is None and item.get("salary_max") is None:
        return None
    if kind == "adzuna":
        return (item["salary_min"], item["salary_max"], item["salary_estimated"])
    return (item["salary_min"], item["salary_max"], item["salary_currency"], item["salary_period"])


def check(kind: str, items: list[dict], expected: list[dict]) -> None:
    assert len(items) == len(expected) and expected
    by_id = {str(item["external_id"]): item for item in items}
    for want in expected:
        item = by_id[str(want["id"])]
        label = f"{kind} {want['id']}"
        assert item["title"] == want["title"], label
        assert want["url"] in item["url"], label
        assert item["company"] and item["company"].lower() == want["company"], label
        assert pay_of(kind, item) == want["pay"], label
        if want["place"]:
            assert want["place"].strip() in item["location"], label
        for posted in want.get("all_places", []):
            assert posted in item["locations"], label
        if want["state"]:
            carried = item.get("state") or item["location"]
            assert want["state"].strip() in carried, label
        if want["arrangement"]:
            assert item["remote_hint"] == want["arrangement"], label


def cases() -> list:
    return [
        pytest.param(kind, *param.values, id=param.id)
        for kind in KINDS
        for param in capture_params(kind, "*.json")
    ]


@pytest.mark.parametrize(("kind", "path"), cases())
def test_every_posting_of_every_file(kind, path):
    data = load(path)
    check(kind, extract(kind, data), EXPECT[kind](data))


@pytest.mark.parametrize(("kind", "path"), cases())
def test_us_places_resolve_to_their_state(kind, path):
    """Through the normalizer's `us_state`."""
    data = load(path)
    items = {str(item["external_id"]): item for item in extract(kind, data)}
    wrong = set()
    for want in EXPECT[kind](data):
        if not want["state"]:
            continue
        raw = want["state"].strip()
        code = raw.upper() if len(raw) == 2 else USPS[raw.lower()]
        item = items[str(want["id"])]
        if us_state(item.get("state") or item["location"]) != code:
            wrong.add(raw)
    assert not wrong, f"states not recognised: {sorted(wrong)}"


def test_every_kind_has_files():
    for kind in KINDS:
        paths(capture_params(kind, "*.json"))  # fails under CI=true when a kind has none


# -- one real crawl per kind ------------------------------------------------


def crawl_kind(kind, path, server, tmp_path, **extra):
    source = {"name": f"conf-{kind}", "kind": kind, "url": server.url(path), **extra}
    env = {
        "USAJOBS_API_KEY": "conformance-key",
        "USAJOBS_EMAIL": "conformance@example.org",
        "ADZUNA_APP_ID": "conformance-id",
        "ADZUNA_APP_KEY": "conformance-key",
    }
    result = crawl(source, tmp_path=tmp_path, raw=True, env=env)
    assert result.returncode == 0, result.log
    return result.items


def test_crawl_lever(server, tmp_path):
    data = load("lever/internradar_palantir_postings_list_trimmed.json")
    server.add("/v0/postings/palantir", data)
    items = crawl_kind("lever", "/v0/postings/palantir", server, tmp_path)
    check("lever", items, expect_lever(data))


def test_crawl_ashby(server, tmp_path):
    data = load("ashby/candidatezero_ashby_board_with_compensation.json")
    server.add("/posting-api/job-board/wealth-com", data)
    items = crawl_kind("ashby", "/posting-api/job-board/wealth-com", server, tmp_path)
    # The board mixes boards' job URLs; the crawl names the company after its own slug.
    expected = [{**want, "company": "wealth com"} for want in expect_ashby(data)]
    check("ashby", items, expected)


def test_crawl_smartrecruiters(server, tmp_path):
    """The list file's postings (details busy: kept from the list) plus the detail file's."""
    listing = load("smartrecruiters/internradar_postings_list.json")
    detail = load("smartrecruiters/internradar_posting_detail.json")
    path = "/v1/companies/WesternDigital/postings"
    page = copy.deepcopy(listing)
    page["content"].append(detail)
    page["totalFound"] += 1
    server.add(path, page)
    for entry in listing["content"]:
        server.add(f"{path}/{entry['id']}", Reply("busy", status=503))
    server.add(f"{path}/{detail['id']}", detail)
    items = crawl_kind("smartrecruiters", path, server, tmp_path)
    check(
        "smartrecruiters", items, expect_smartrecruiters(listing) + expect_smartrecruiters(detail)
    )


def test_crawl_usajobs(server, tmp_path):
    data = load("usajobs/DERIVED_usajobs_2016_healthcare_0600_subset8.json")
    empty = copy.deepcopy(data)
    empty["SearchResult"]["SearchResultItems"] = []
    server.route(
        "/api/search", lambda request: Reply(data if request.arg("Page") == "1" else empty)
    )
    items = crawl_kind("usajobs", "/api/search", server, tmp_path, search="medical")
    assert [r.arg("Page") for r in server.requests if r.path == "/api/search"] == ["1", "2"]
    check("usajobs", items, expect_usajobs(data))


def test_crawl_adzuna(server, tmp_path):
    data = load("adzuna/jobradarai_adzuna_us_search_4results_salary.json")
    server.add("/v1/api/jobs/us/search/1", data)
    items = crawl_kind("adzuna", "/v1/api/jobs/us/search", server, tmp_path, max_pages=1)
    check("adzuna", items, expect_adzuna(data))
    assert {item["salary_currency"] for item in items} == {"USD"}


def test_crawl_themuse(server, tmp_path):
    data = load("themuse/kodwork_themuse_public_jobs_page1_2023.json")
    server.add("/api/public/jobs", data)
    items = crawl_kind(
        "themuse", "/api/public/jobs", server, tmp_path, max_pages=1, params={"category": "Science"}
    )
    check("themuse", items, expect_themuse(data))
