"""Lever: one test per field on the saved postings, paging decisions, and a real paged crawl."""

import copy
import json

import pytest
from scrapy.http import Request

from demo.server import Reply, ServedRequest
from spiders.sources import lever
from spiders.sources.lever import LeverSpider
from tests.crawling import crawl
from tests.spiders.conftest import FIXTURES, file_response

POSTINGS = json.loads((FIXTURES / "lever/postings.json").read_text())
CODER, ROI, REGISTRAR, ENGINEER = (
    lever.posting_fields(posting, company="Sunrise Health") for posting in POSTINGS
)
API = "https://api.lever.co/v0/postings/sunrise-health"


def make_spider(url: str = API, **extra) -> LeverSpider:
    return LeverSpider(source=json.dumps({"name": "sunrise", "kind": "lever", "url": url, **extra}))


def test_external_id():
    assert CODER["external_id"] == "3f1c9a52-7d4e-4b8a-9f60-1a2b3c4d5e01"


def test_title():
    assert CODER["title"] == "Medical Coder II (Outpatient)"


def test_url_is_the_hosted_page():
    assert (
        CODER["url"] == "https://jobs.lever.co/sunrise-health/3f1c9a52-7d4e-4b8a-9f60-1a2b3c4d5e01"
    )


def test_url_falls_back_to_apply_url():
    posting = {**POSTINGS[0], "hostedUrl": None}
    assert lever._parse_url(posting) == POSTINGS[0]["applyUrl"]


def test_location_lists_every_place_primary_first():
    assert CODER["locations"] == ["Tampa, FL", "Remote - United States"]
    assert CODER["location"] == "Tampa, FL; Remote - United States"
    assert REGISTRAR["locations"] == ["Savannah, GA"]  # no allLocations: the location itself


def test_country():
    assert CODER["country"] == "US"
    assert ENGINEER["country"] == "GB"


def test_employment_type_is_the_commitment():
    assert CODER["employment_type"] == "Full-time"
    assert ROI["employment_type"] == "Part-time"


def test_remote_hint_from_workplace_type():
    assert [CODER["remote_hint"], ROI["remote_hint"], REGISTRAR["remote_hint"]] == [
        "remote",
        "hybrid",
        "onsite",
    ]
    assert ENGINEER["remote_hint"] is None  # "unspecified" says nothing


def test_yearly_salary_range():
    assert (CODER["salary_min"], CODER["salary_max"]) == (52000, 64000)
    assert CODER["salary_currency"] == "USD"
    assert CODER["salary_period"] == "per-year-salary"


def test_hourly_salary_range():
    assert (ROI["salary_min"], ROI["salary_max"], ROI["salary_period"]) == (
        19.5,
        23,
        "per-hour-wage",
    )


def test_no_salary_range_means_no_pay_fields():
    assert "salary_min" not in REGISTRAR
    assert "salary_text" not in REGISTRAR


def test_salary_text_is_the_pay_note():
    assert CODER["salary_text"].startswith("Pay for this role is $52,000 - $64,000")


def test_description_joins_body_lists_pay_note_and_closing():
    html = CODER["description_html"]
    for part in ("ICD-10-CM and CPT", "<h3>What you bring</h3>", "<li>CCS or CPC required"):
        assert part in html
    assert "$52,000 - $64,000" in html
    assert html.rstrip().endswith("equal opportunity employer.</div>")


def test_description_from_opening_and_body_when_no_description():
    assert "Abstract cancer cases" in REGISTRAR["description_html"]
    assert "ODS-C (formerly CTR) required" in REGISTRAR["description_html"]


def test_posted_at_is_epoch_ms():
    assert CODER["posted_at"] == 1767225600000


def test_single_posting_object_is_one_posting():
    assert lever.is_posting(POSTINGS[0])
    assert not lever.is_posting({"ok": False, "error": "Document not found"})
    assert not lever.is_posting(POSTINGS)


def test_company_from_site_slug():
    assert lever.company_from_slug(lever.site_slug(API)) == "Sunrise Health"
    assert lever.site_slug(API + "/") == "sunrise-health"


def test_parse_yields_items_with_source_and_company():
    spider = make_spider()
    out = list(spider.parse(file_response("lever/postings.json", url=API), page=0))
    assert [item["title"] for item in out][:1] == ["Medical Coder II (Outpatient)"]
    assert {item["company"] for item in out} == {"Sunrise Health"}
    assert {(item["source"], item["source_kind"]) for item in out} == {("sunrise", "lever")}
    assert not any(isinstance(entry, Request) for entry in out)  # 4 < limit: last page


def test_parse_follows_a_full_page_until_max_pages():
    full = [{**POSTINGS[0], "id": f"id-{n}"} for n in range(lever.PAGE_SIZE)]
    response = file_response("lever/postings.json", url=API)
    response = response.replace(body=json.dumps(full).encode())
    follow = [r for r in make_spider().parse(response, page=0) if isinstance(r, Request)]
    assert len(follow) == 1 and "skip=100" in follow[0].url and "limit=100" in follow[0].url
    capped = make_spider(max_pages=1)
    assert not [r for r in capped.parse(response, page=0) if isinstance(r, Request)]


def test_a_non_list_answer_fails_the_run():
    spider = make_spider()
    response = file_response("lever/postings.json", url=API).replace(body=b'{"ok": false}')
    assert list(spider.parse(response, page=0)) == []
    assert spider.failed and "expected a JSON list" in spider.errors[0]["reason"]


@pytest.fixture
def board_of_150(server):
    """A board of 150 postings that pages by skip/limit like Lever."""
    postings = []
    for n in range(150):
        posting = copy.deepcopy(POSTINGS[n % len(POSTINGS)])
        posting["id"] = f"posting-{n:03d}"
        postings.append(posting)

    def page(request: ServedRequest) -> Reply:
        skip, limit = int(request.arg("skip", "0")), int(request.arg("limit", "100"))
        return Reply(postings[skip : skip + limit])

    server.route("/v0/postings/sunrise-health", page)
    return server


def test_crawl_pages_until_a_short_page(board_of_150, tmp_path):
    server = board_of_150
    source = {
        "name": "sunrise",
        "kind": "lever",
        "url": server.url("/v0/postings/sunrise-health"),
        "params": {"team": "HIM Coding"},
    }
    result = crawl(source, tmp_path=tmp_path, raw=True)
    assert result.returncode == 0, result.log
    assert len(result.items) == 150
    assert len({item["external_id"] for item in result.items}) == 150
    pages = [r for r in server.requests if r.path == "/v0/postings/sunrise-health"]
    assert [(r.arg("skip"), r.arg("limit"), r.arg("mode")) for r in pages] == [
        ("0", "100", "json"),
        ("100", "100", "json"),
    ]
    assert pages[0].arg("team") == "HIM Coding"
    coder = next(item for item in result.items if item["external_id"] == "posting-000")
    assert coder["company"] == "Sunrise Health"
    assert (coder["salary_min"], coder["salary_max"]) == (52000, 64000)
