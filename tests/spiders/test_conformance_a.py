"""Conformance: real captures of greenhouse, workday, JSON-LD and feed answers.

The captures live outside the repository (HITBOARD_CONFORMANCE_DIR; see tests/captures.py).
Expectations are read from each file here (counts, titles, ids, places, pay), then
compared with what the pure extraction functions give, and once per kind with what a
real crawl against LocalServer yields.
"""

import json
import re
from pathlib import Path

import pytest
from lxml import etree

from demo.server import Reply
from spiders.normalize.place import parse_place
from spiders.sources import feed, greenhouse, jsonld, workday
from tests.captures import (
    MissingCaptures,
    capture,
    capture_params,
    paths,
    present,
    read_json,
    read_text,
)
from tests.crawling import crawl
from tests.spiders.conftest import file_response

US_STATE_SUFFIX = re.compile(r",\s*([A-Z]{2})$")


# -- greenhouse -----------------------------------------------------------------------

GREENHOUSE = capture_params("greenhouse", "*.json")


def greenhouse_jobs(path: Path) -> list[dict]:
    data = json.loads(path.read_text())
    return data.get("jobs", [data])  # a board or a single job


@pytest.mark.parametrize("path", GREENHOUSE)
def test_greenhouse_file(path):
    jobs = greenhouse_jobs(present(path))
    results = [greenhouse.posting_fields(job, fallback_company="board") for job in jobs]

    assert len(results) == len(jobs)
    for job, result in zip(jobs, results, strict=True):
        assert result["external_id"] == str(job["id"])
        assert result["title"] == job["title"].strip()
        assert result["url"] == job["absolute_url"]
        assert result["company"] == job["company_name"]
        assert result["location"] == job["location"]["name"]
        assert result["posted_at"] == job["first_published"]
        if job.get("content"):
            assert "&lt;" not in result["description_html"][:200]
            assert result["description_html"].lstrip().startswith("<")
        else:
            assert result["description_html"] is None


def test_greenhouse_us_states_through_place_parsing():
    checked = 0
    for path in paths(GREENHOUSE):
        for job in greenhouse_jobs(path):
            if match := US_STATE_SUFFIX.search(job["location"]["name"]):
                result = greenhouse.posting_fields(job, fallback_company="board")
                assert parse_place(result["location"]).state == match[1]
                checked += 1
    assert checked >= 1


def test_greenhouse_crawl(server, tmp_path):
    path = capture("greenhouse/candidatezero_gong_jobs_list_trimmed.json")
    jobs = greenhouse_jobs(path)
    server.add("/v1/boards/gongio/jobs", Reply(path.read_bytes()))
    source = {"name": "gong", "kind": "greenhouse", "url": server.url("/v1/boards/gongio")}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert sorted(item["external_id"] for item in result.items) == sorted(
        str(j["id"]) for j in jobs
    )
    assert sorted(item["title"] for item in result.items) == sorted(j["title"] for j in jobs)
    assert {item["company"] for item in result.items} == {"Gong.io"}


# -- workday --------------------------------------------------------------------------

WORKDAY_LISTS = capture_params("workday", "*list*.json")
WORKDAY_DETAILS = capture_params("workday", "*detail*.json")
WD_API = "https://tenant.wd5.myworkdayjobs.com/wday/cxs/tenant/Careers"
REMOTE_WORDS = {"Onsite": "onsite", "Flex": "hybrid", "Hybrid": "hybrid", "Remote": "remote"}


@pytest.mark.parametrize("path", WORKDAY_LISTS)
def test_workday_list_file(path):
    postings = read_json(path)["jobPostings"]
    results = [workday.list_fields(p, api_url=WD_API, company="src") for p in postings]

    assert len(results) == len(postings)
    for posting, result in zip(postings, results, strict=True):
        assert result["title"] == posting["title"]
        assert result["external_id"] == posting["bulletFields"][0]
        assert (
            result["url"]
            == "https://tenant.wd5.myworkdayjobs.com/Careers" + posting["externalPath"]
        )
        assert result["company"] == "src"
        if code := re.match(r"USA\.([A-Z]{2})\.", posting["locationsText"]):
            assert result["state"] == code[1]
        if posting.get("remoteType"):
            assert result["remote_hint"] == REMOTE_WORDS[posting["remoteType"]]


@pytest.mark.parametrize("path", WORKDAY_DETAILS)
def test_workday_detail_file(path):
    data = read_json(path)
    info = data["jobPostingInfo"]
    result = workday.detail_fields(data, fallback={"external_id": "x", "company": "src"})

    assert result["title"] == info["title"]
    assert result["external_id"] == info["jobReqId"]
    assert result["url"] == info["externalUrl"]
    assert result["company"] == data["hiringOrganization"]["name"]
    assert result["country"] == info["jobRequisitionLocation"]["country"]["alpha2Code"]
    assert result["description_html"] == info["jobDescription"]
    assert result["employment_type"] == info["timeType"]
    assert result["posted_at"] == info["startDate"]
    if code := re.match(r"USA\.([A-Z]{2})\.", info["location"]):
        assert result["state"] == code[1]
    if info.get("remoteType"):
        assert result["remote_hint"] == REMOTE_WORDS[info["remoteType"]]


def test_workday_crawl_with_a_detail_and_failing_details(server, tmp_path):
    listing = read_json("workday/candidatezero_workday_inc_cxs_jobs_list.json")
    detail = read_json("workday/candidatezero_workday_inc_job_detail_paytext.json")
    site = "/wday/cxs/workday/Workday"
    server.add(f"{site}/jobs", listing, method="POST")
    for posting in listing["jobPostings"]:
        matches = posting["externalPath"].endswith(detail["jobPostingInfo"]["jobPostingId"])
        server.add(
            f"{site}{posting['externalPath']}", detail if matches else Reply("x", status=500)
        )
    source = {"name": "workday-inc", "kind": "workday", "url": server.url(site)}
    result = crawl(source, tmp_path=tmp_path, raw=True, settings={"RETRY_TIMES": "0"})

    by_id = {item["external_id"]: item for item in result.items}
    assert sorted(by_id) == sorted(p["bulletFields"][0] for p in listing["jobPostings"])
    assert all(item["state"] == "VA" for item in result.items)
    detailed = by_id[detail["jobPostingInfo"]["jobReqId"]]
    assert detailed["company"] == detail["hiringOrganization"]["name"]
    assert "Base Pay Range:  $151,500 USD - $227,300 USD" in detailed["description_html"]
    kept = [item for item in result.items if item is not detailed]
    assert {item["company"] for item in kept} == {"workday-inc"}
    assert sorted(item["title"] for item in kept) == sorted(
        p["title"]
        for p in listing["jobPostings"]
        if p["bulletFields"][0] not in detailed["external_id"]
    )


# -- JSON-LD --------------------------------------------------------------------------

JSONLD_PAGES = capture_params("jsonld", "*.html")
SCHEMA_EXAMPLES = "jsonld/DOCS_schemaorg_all_JobPosting_examples.txt"


def schema_example_pages() -> list:
    """Each example's JSON-LD block (the text after its JSON: marker) as an HTML page; the
    missing-captures stand-in when the examples file is not there."""
    (examples,) = capture_params("jsonld", SCHEMA_EXAMPLES.split("/")[1])
    if isinstance(examples.values[0], MissingCaptures):
        return [examples]
    text = examples.values[0].read_text()
    scripts = re.findall(r'<script type="application/ld\+json">.*?</script>', text, re.S)
    return [
        pytest.param(f"<html><head>{script}</head><body></body></html>", id=f"schema-{number}")
        for number, script in enumerate(scripts)
    ]


SCHEMA_PAGES = schema_example_pages()


def embedded_json(page: str) -> dict:
    body = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)[1]
    return json.loads(body)


def check_jsonld_posting(expected: dict, result: dict, *, page_url: str) -> None:
    assert result["title"] == (expected.get("title") or expected.get("name"))
    organization = expected.get("hiringOrganization")
    assert result["company"] == (organization["name"] if organization else "fallback")
    assert result["url"] == expected.get("url", page_url)
    identifier = expected.get("identifier")
    assert result["external_id"] == (identifier["value"] if identifier else result["url"])
    places = expected.get("jobLocation")
    places = places if isinstance(places, list) else [places] if places else []
    address = places[0]["address"] if places else {}
    region = address.get("addressRegion")
    if region and region != "UNAVAILABLE":
        assert result["state"] == region
    if address.get("addressCountry"):
        assert result["country"] == address["addressCountry"]
    if "baseSalary" in expected:
        assert result["salary_min"] == str(expected["baseSalary"])
        assert result["salary_currency"] == expected["salaryCurrency"]
    if expected.get("jobLocationType") == "TELECOMMUTE" or (
        expected.get("applicantLocationRequirements") and not places
    ):
        assert result["remote_hint"] == "remote"
    if expected.get("employmentType"):
        assert result["employment_type"] == expected["employmentType"]


@pytest.mark.parametrize("page", SCHEMA_PAGES)
def test_schema_org_example(page):
    page = present(page)
    blocks, problems = jsonld.jsonld_blocks(page)
    postings = jsonld.find_job_postings(blocks)
    assert problems == [] and len(postings) == 1
    result = jsonld.posting_fields(
        postings[0], page_url="https://x.example/p", fallback_company="fallback"
    )
    check_jsonld_posting(embedded_json(page), result, page_url="https://x.example/p")


@pytest.mark.parametrize("path", JSONLD_PAGES)
def test_jsonld_page_file(path):
    page = read_text(path)
    blocks, problems = jsonld.jsonld_blocks(page)
    postings = jsonld.find_job_postings(blocks)
    assert problems == [] and len(postings) == 1
    result = jsonld.posting_fields(
        postings[0], page_url="https://x.example/p", fallback_company="fallback"
    )
    check_jsonld_posting(embedded_json(page), result, page_url="https://x.example/p")
    assert result["description_html"] == embedded_json(page)["description"].strip()


def test_jsonld_crawl_of_every_example_page(server, tmp_path):
    pages = [path.read_text() for path in paths(JSONLD_PAGES)]
    pages += [present(param.values[0]) for param in SCHEMA_PAGES]
    urls = []
    for number, page in enumerate(pages):
        server.add(f"/jobs/{number}", Reply(page))
        urls.append(server.url(f"/jobs/{number}"))
    result = crawl(
        {"name": "examples", "kind": "jsonld", "urls": urls}, tmp_path=tmp_path, raw=True
    )

    expected_titles = [embedded_json(p).get("title") or embedded_json(p).get("name") for p in pages]
    assert sorted(item["title"] for item in result.items) == sorted(expected_titles)
    assert all(item["url"] and item["company"] for item in result.items)


# -- feeds ----------------------------------------------------------------------------

FEEDS = capture_params("feeds")


def expected_feed_entries(path: Path) -> list[dict]:
    """What the file says, read with plain lxml: one dict per job or item."""
    tree = etree.parse(str(path))
    jobs = tree.findall(".//job")
    if jobs:
        return [
            {
                "title": job.findtext("title").strip(),
                "url": job.findtext("url").strip(),
                "external_id": job.findtext("job_reference") or job.findtext("referencenumber"),
                "company": job.findtext("company").strip(),
                "state": job.findtext("state"),
                "city": job.findtext("city"),
            }
            for job in jobs
        ]
    entries = []
    for item in tree.findall(".//item"):
        company, _, title = item.findtext("title").partition(": ")
        entries.append(
            {
                "title": title,
                "company": company,
                "url": item.findtext("link"),
                "external_id": item.findtext("guid"),
            }
        )
    return entries


@pytest.mark.parametrize("path", FEEDS)
def test_feed_file(path):
    path = present(path)
    response = file_response(path, url="https://feeds.example/feed")
    results = list(feed.feed_postings(response, kind=feed.feed_kind(response.body)))
    expected = expected_feed_entries(path)

    assert len(results) == len(expected) > 0
    for want, got in zip(expected, results, strict=True):
        for key, value in want.items():
            assert got.get(key) == value, key
        assert got["description_html"].strip()
        assert got["posted_at"]


def test_feed_crawl(server, tmp_path):
    path = capture("feeds/appcast_xml_feed_healthtrust_first50.xml")
    server.add("/feed.xml", Reply(path.read_bytes(), headers={"Content-Type": "text/xml"}))
    result = crawl(
        {"name": "healthtrust", "kind": "feed", "url": server.url("/feed.xml")},
        tmp_path=tmp_path,
        raw=True,
    )

    expected = expected_feed_entries(path)
    assert sorted(item["external_id"] for item in result.items) == sorted(
        e["external_id"] for e in expected
    )
    assert sorted(item["state"] for item in result.items) == sorted(e["state"] for e in expected)
    assert {item["company"] for item in result.items} == {"HealthTrust Workforce Solutions"}
