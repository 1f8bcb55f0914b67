"""The Muse: one test per field, paging decisions, and a real crawl with repeated categories."""

import copy
import json

from scrapy.http import Request

from demo.server import Reply, ServedRequest
from spiders.sources import themuse
from spiders.sources.themuse import TheMuseSpider
from tests.crawling import crawl
from tests.spiders.conftest import FIXTURES, file_response, start_requests

JOBS = json.loads((FIXTURES / "themuse/jobs.json").read_text())
CODER, DIRECTOR, INTERN = (themuse.result_fields(result) for result in JOBS["results"])
API = "https://www.themuse.com/api/public/jobs"


def test_external_id_and_title():
    assert (CODER["external_id"], CODER["title"]) == ("15000001", "Medical Coder (Profee)")


def test_url_is_the_landing_page():
    assert CODER["url"] == "https://www.themuse.com/jobs/northstarmedicalgroup/medical-coder-profee"


def test_company():
    assert DIRECTOR["company"] == "DesertCare Health"


def test_every_location():
    assert DIRECTOR["locations"] == ["Phoenix, AZ", "Tucson, AZ"]
    assert DIRECTOR["location"] == "Phoenix, AZ; Tucson, AZ"


def test_flexible_remote_means_remote():
    assert CODER["remote_hint"] == "remote"
    assert DIRECTOR["remote_hint"] is None


def test_internship_level_is_the_employment_type():
    assert INTERN["employment_type"] == "Internship"
    assert DIRECTOR["employment_type"] is None  # "Management" is seniority, not a job type


def test_posted_at_and_contents():
    assert CODER["posted_at"] == "2026-02-20T23:10:00Z"
    assert "<strong>CPC required.</strong>" in CODER["description_html"]


def make_spider(**extra) -> TheMuseSpider:
    source = {"name": "muse", "kind": "themuse", "url": API, **extra}
    return TheMuseSpider(source=json.dumps(source))


def test_first_page_is_zero_and_categories_repeat():
    spider = make_spider(params={"category": ["Healthcare", "Science and Engineering"]})
    [request] = start_requests(spider)
    assert request.url == f"{API}?category=Healthcare&category=Science+and+Engineering&page=0"


def test_parse_follows_until_page_count():
    body = {**JOBS, "page_count": 3}
    response = file_response("themuse/jobs.json", url=API).replace(body=json.dumps(body).encode())

    def follows(spider, page):
        return [r.url for r in spider.parse(response, page=page) if isinstance(r, Request)]

    assert follows(make_spider(), 1) == [f"{API}?page=2"]
    assert follows(make_spider(), 2) == []  # pages 0, 1, 2 make three
    assert follows(make_spider(max_pages=2), 1) == []


def test_parse_stops_on_an_empty_page():
    body = {**JOBS, "page_count": 9, "results": []}
    response = file_response("themuse/jobs.json", url=API).replace(body=json.dumps(body).encode())
    assert list(make_spider().parse(response, page=0)) == []


def test_crawl_pages_to_page_count(server, tmp_path):
    def page(request: ServedRequest) -> Reply:
        number = int(request.arg("page", "0"))
        body = copy.deepcopy(JOBS)
        body.update(page=number, page_count=3)
        for result in body["results"]:
            result["id"] = result["id"] * 10 + number
        return Reply(body)

    server.route("/api/public/jobs", page)
    source = {
        "name": "muse",
        "kind": "themuse",
        "url": server.url("/api/public/jobs"),
        "params": {"category": ["Healthcare", "Data Science"], "level": "Entry Level"},
    }
    result = crawl(source, tmp_path=tmp_path, raw=True)
    assert result.returncode == 0, result.log
    asked = [r for r in server.requests if r.path == "/api/public/jobs"]
    assert [r.arg("page") for r in asked] == ["0", "1", "2"]
    assert asked[0].query["category"] == ["Healthcare", "Data Science"]
    assert asked[0].arg("level") == "Entry Level"
    assert len(result.items) == 9
    assert {item["company"] for item in result.items} == {
        "Northstar Medical Group",
        "DesertCare Health",
    }
