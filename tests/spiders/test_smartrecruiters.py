"""SmartRecruiters: list and detail fields, and a real crawl with paging, fallback and drops."""

import json

from scrapy.http import Request

from demo.server import Reply, ServedRequest
from spiders.sources import smartrecruiters as sr
from spiders.sources.base import records
from spiders.sources.smartrecruiters import SmartRecruitersSpider
from tests.crawling import crawl
from tests.spiders.conftest import FIXTURES, file_response

LIST = json.loads((FIXTURES / "smartrecruiters/postings.json").read_text())
CLERK_DETAIL = json.loads((FIXTURES / "smartrecruiters/detail-7440001500001.json").read_text())
CDI_DETAIL = json.loads((FIXTURES / "smartrecruiters/detail-7440001500002.json").read_text())
CLERK, CDI, WAREHOUSE = (sr.list_fields(entry) for entry in records(LIST, "content"))
CLERK_FULL = sr.detail_fields(CLERK_DETAIL)
API = "https://api.smartrecruiters.com/v1/companies/LakesideHealth/postings"


def test_external_id_and_title():
    assert (CLERK["external_id"], CLERK["title"]) == ("7440001500001", "Medical Records Clerk")


def test_list_url_is_the_public_job_page():
    assert CLERK["url"] == "https://jobs.smartrecruiters.com/LakesideHealth/7440001500001"


def test_detail_url_is_the_posting_url():
    assert CLERK_FULL["url"].endswith("/7440001500001-medical-records-clerk")


def test_company_name():
    assert CLERK["company"] == "Lakeside Health System"


def test_location_fields():
    assert CLERK["location"] == "Grand Rapids, MI, United States"
    assert (CLERK["city"], CLERK["state"], CLERK["country"]) == ("Grand Rapids", "MI", "us")
    assert CDI["state"] == "Michigan"


def test_remote_hybrid_onsite_flags():
    assert [CLERK["remote_hint"], CDI["remote_hint"], WAREHOUSE["remote_hint"]] == [
        "onsite",
        "remote",
        "hybrid",
    ]
    assert sr._parse_remote_hint({"remote": False}) is None  # no hybrid flag: unknown


def test_employment_type_and_posted_at():
    assert CLERK["employment_type"] == "Full-time"
    assert WAREHOUSE["employment_type"] == "Temporary"
    assert CLERK["posted_at"] == "2026-02-02T14:00:00.000Z"


def test_description_from_sections_in_order():
    html = CLERK_FULL["description_html"]
    order = [html.index(text) for text in ("three hospitals", "Scan, index", "GED", "Evening")]
    assert order == sorted(order)
    assert "<h3>Qualifications</h3>" in html


def test_compensation():
    assert (CLERK_FULL["salary_min"], CLERK_FULL["salary_max"]) == (17.25, 21.5)
    assert (CLERK_FULL["salary_currency"], CLERK_FULL["salary_period"]) == ("USD", "HOURLY")


def test_no_compensation_means_no_pay_fields():
    assert "salary_min" not in sr.detail_fields(CDI_DETAIL)


def test_parse_asks_for_each_detail_with_the_list_entry_as_fallback():
    spider = SmartRecruitersSpider(
        source=json.dumps({"name": "lakeside", "kind": "smartrecruiters", "url": API})
    )
    out = list(spider.parse(file_response("smartrecruiters/postings.json", url=API)))
    assert [r.url for r in out] == [
        f"{API}/7440001500001",
        f"{API}/7440001500002",
        f"{API}/7440001500003",
    ]
    assert out[0].meta["fallback"]["title"] == "Medical Records Clerk"
    assert not [r for r in out if "offset=" in r.url]  # totalFound reached


def test_parse_detail_merges_detail_into_list_entry():
    spider = SmartRecruitersSpider(
        source=json.dumps({"name": "lakeside", "kind": "smartrecruiters", "url": API})
    )
    fallback = spider.new_item(**CLERK)
    response = file_response(
        "smartrecruiters/detail-7440001500001.json",
        url=f"{API}/7440001500001",
        request=Request(f"{API}/7440001500001", meta={"fallback": fallback}),
    )
    [item] = spider.parse_detail(response)
    assert item["salary_max"] == 21.5 and item["source"] == "lakeside"
    assert "salary_max" not in fallback  # the list entry itself is untouched


def test_crawl_pages_fetches_details_keeps_failed_and_drops_gone(server, tmp_path):
    path = "/v1/companies/LakesideHealth/postings"
    entries = LIST["content"]

    def page(request: ServedRequest) -> Reply:
        # This server hands out two entries a page, whatever limit was asked for.
        offset = int(request.arg("offset", "0"))
        return Reply(
            {"offset": offset, "limit": 2, "totalFound": 3, "content": entries[offset : offset + 2]}
        )

    server.route(path, page)
    server.add(f"{path}/7440001500001", CLERK_DETAIL)
    server.add(f"{path}/7440001500002", Reply("busy", status=503))
    server.add(f"{path}/7440001500003", Reply({"message": "not found"}, status=404))
    source = {
        "name": "lakeside",
        "kind": "smartrecruiters",
        "url": server.url(path),
        "search": "records",
    }

    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert result.returncode == 0, result.log
    lists = [r for r in server.requests if r.path == path]
    assert [(r.arg("offset"), r.arg("limit"), r.arg("q")) for r in lists] == [
        ("0", "100", "records"),
        ("2", "100", "records"),
    ]
    by_id = {item["external_id"]: item for item in result.items}
    assert sorted(by_id) == ["7440001500001", "7440001500002"]  # 003 is gone (404)
    assert by_id["7440001500001"]["salary_period"] == "HOURLY"
    kept = by_id["7440001500002"]  # detail 503 after retries: the list entry stays
    assert kept["title"] == "Clinical Documentation Integrity Specialist"
    assert "description_html" not in kept
    assert server.hits[f"{path}/7440001500002"] == 3  # first try + RETRY_TIMES=2
    assert "kept the list entry" in result.log and "posting is gone" in result.log
