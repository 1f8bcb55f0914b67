"""USAJOBS: one test per field, paging decisions, and real crawls (headers, keys, paging)."""

import copy
import json

import pytest
from scrapy.http import Request

from demo.server import Reply, ServedRequest
from spiders.sources import usajobs
from spiders.sources.usajobs import UsajobsSpider
from tests.crawling import crawl
from tests.spiders.conftest import FIXTURES, file_response, start_requests

SEARCH = json.loads((FIXTURES / "usajobs/search.json").read_text())
ENTRIES = SEARCH["SearchResult"]["SearchResultItems"]
CODER, HIM, REGISTRAR, VOLUNTEER = (usajobs.entry_fields(entry) for entry in ENTRIES)
API = "https://data.usajobs.gov/api/search"
KEY = "usajobs-test-key-4f9c2e7d1a"  # a made-up key; it must never reach the log
EMAIL = "jobs-bot@example.org"


def test_external_id_is_the_control_number():
    assert CODER["external_id"] == "812345600"
    entry = {"MatchedObjectDescriptor": {"PositionID": "VHA-1"}}
    assert usajobs._parse_external_id(entry) == "VHA-1"


def test_title_and_url():
    assert CODER["title"] == "Medical Records Technician (Coder)"
    assert CODER["url"] == "https://www.usajobs.gov:443/job/812345600"


def test_company_is_the_agency_else_the_department():
    assert CODER["company"] == "Veterans Health Administration"
    assert VOLUNTEER["company"] == "Department of the Interior"


def test_every_location_is_kept():
    assert CODER["locations"] == ["Tampa, Florida", "Bay Pines, Florida"]
    assert CODER["location"] == "Tampa, Florida; Bay Pines, Florida"


def test_city_state_country_of_the_first_location():
    assert (CODER["city"], CODER["state"], CODER["country"]) == (
        "Tampa",
        "Florida",
        "United States",
    )
    assert HIM["state"] is None  # "Anywhere in the U.S." has no state


def test_location_display_when_no_position_location():
    job = {"PositionLocationDisplay": "Multiple Locations"}
    assert usajobs._parse_location(job) == "Multiple Locations"


def test_yearly_pay_with_current_code():
    assert (CODER["salary_min"], CODER["salary_max"]) == ("48717.0", "63330.0")
    assert (CODER["salary_period"], CODER["salary_currency"]) == ("PA", "USD")


def test_hourly_pay_with_older_label():
    assert (REGISTRAR["salary_min"], REGISTRAR["salary_max"]) == ("24.31", "31.6")
    assert REGISTRAR["salary_period"] == "Per Hour"


def test_without_compensation_is_no_pay():
    assert "salary_min" not in VOLUNTEER
    job = {
        "PositionRemuneration": [{"MinimumRange": "0", "RateIntervalCode": "Without Compensation"}]
    }
    assert usajobs._parse_salary(job) == {}


def test_remote_indicator_means_remote():
    assert HIM["remote_hint"] == "remote"


def test_telework_eligible_means_hybrid():
    assert REGISTRAR["remote_hint"] == "hybrid"  # "True"/"False" strings read as booleans


def test_neither_means_onsite_and_silence_means_unknown():
    assert CODER["remote_hint"] == "onsite"
    assert VOLUNTEER["remote_hint"] is None


def test_schedule_and_posted_at():
    assert CODER["employment_type"] == "Full-time"
    assert CODER["posted_at"] == "2026-03-02T00:00:00.0000"
    assert REGISTRAR["posted_at"] == "2026-03-04T00:00:00.0000"  # PositionStartDate fallback


def test_description_has_titled_sections():
    text = CODER["description_text"]
    assert text.startswith("Summary\nCode inpatient and outpatient records")
    assert "Duties\n- Assigns ICD-10-CM, ICD-10-PCS and CPT codes\n- Abstracts" in text
    assert "Qualifications\nOne year of specialized experience" in text
    assert "Requirements\nCCS, CCA, RHIT or RHIA certification required." in text


def test_page_count():
    assert usajobs.page_count({"SearchResultCountAll": 1001}) == 3
    assert usajobs.page_count({"SearchResultCountAll": 500}) == 1
    assert usajobs.page_count({"SearchResultItems": [{}] * 3}) == 1


def make_spider(monkeypatch, **extra) -> UsajobsSpider:
    monkeypatch.setenv("USAJOBS_API_KEY", KEY)
    monkeypatch.setenv("USAJOBS_EMAIL", EMAIL)
    source = {"name": "fed", "kind": "usajobs", "url": API, **extra}
    return UsajobsSpider(source=json.dumps(source))


def test_first_request_has_query_and_auth_headers(monkeypatch):
    spider = make_spider(
        monkeypatch, search="medical records", params={"JobCategoryCode": ["0675", "0669"]}
    )
    [request] = start_requests(spider)
    assert request.url == (
        f"{API}?Keyword=medical+records&Page=1&ResultsPerPage=500&JobCategoryCode=0675%3B0669"
    )
    assert request.headers["Authorization-Key"] == KEY.encode()
    assert request.headers["User-Agent"] == EMAIL.encode()
    assert KEY not in request.url


def test_parse_follows_to_the_last_page_and_max_pages(monkeypatch):
    body = copy.deepcopy(SEARCH)
    body["SearchResult"]["SearchResultCountAll"] = 1200  # three pages
    response = file_response("usajobs/search.json", url=API).replace(body=json.dumps(body).encode())

    def follows(spider, page):
        return [r for r in spider.parse(response, page=page) if isinstance(r, Request)]

    assert "Page=2" in follows(make_spider(monkeypatch), 1)[0].url
    assert follows(make_spider(monkeypatch), 3) == []
    assert follows(make_spider(monkeypatch, max_pages=1), 1) == []


def test_parse_stops_on_an_empty_page(monkeypatch):
    body = {"SearchResult": {"SearchResultCountAll": 1200, "SearchResultItems": []}}
    response = file_response("usajobs/search.json", url=API).replace(body=json.dumps(body).encode())
    assert list(make_spider(monkeypatch).parse(response, page=1)) == []


@pytest.fixture
def federal_api(server):
    """Three pages by SearchResultCountAll; the second one is empty (the API ran dry)."""

    def search(request: ServedRequest) -> Reply:
        page = int(request.arg("Page", "1"))
        body = copy.deepcopy(SEARCH)
        result = body["SearchResult"]
        result["SearchResultCountAll"] = 1200
        result["SearchResultItems"] = [] if page == 2 else result["SearchResultItems"]
        return Reply(body)

    server.route("/api/search", search)
    return server


def test_crawl_sends_key_headers_pages_and_never_logs_the_key(federal_api, tmp_path):
    server = federal_api
    source = {
        "name": "fed",
        "kind": "usajobs",
        "url": server.url("/api/search"),
        "search": "medical records",
        "params": {"JobCategoryCode": "0675"},
    }
    env = {"USAJOBS_API_KEY": KEY, "USAJOBS_EMAIL": EMAIL}
    result = crawl(source, tmp_path=tmp_path, raw=True, env=env, settings={"LOG_LEVEL": "DEBUG"})

    assert result.returncode == 0, result.log
    searches = [r for r in server.requests if r.path == "/api/search"]
    assert [r.arg("Page") for r in searches] == ["1", "2"]  # page 2 was empty: stop
    first = searches[0]
    assert first.headers["authorization-key"] == KEY
    assert first.headers["user-agent"] == EMAIL
    assert (first.arg("Keyword"), first.arg("ResultsPerPage"), first.arg("JobCategoryCode")) == (
        "medical records",
        "500",
        "0675",
    )
    assert len(result.items) == 4
    assert KEY not in result.log
    assert all(KEY not in json.dumps(item) for item in result.items)


def test_missing_env_is_a_fatal_error_naming_each_variable(monkeypatch):
    monkeypatch.setenv("USAJOBS_API_KEY", "")
    monkeypatch.delenv("USAJOBS_EMAIL", raising=False)
    spider = UsajobsSpider(source=json.dumps({"name": "fed", "kind": "usajobs", "url": API}))
    assert start_requests(spider) == []
    assert spider.failed
    [error] = spider.errors
    assert "USAJOBS_API_KEY, USAJOBS_EMAIL" in error["reason"] and error["fatal"]


def test_crawl_without_email_fails_naming_it_and_keeps_the_key_out(server, tmp_path):
    source = {"name": "fed", "kind": "usajobs", "url": server.url("/api/search")}
    env = {"USAJOBS_API_KEY": KEY, "USAJOBS_EMAIL": ""}
    result = crawl(source, tmp_path=tmp_path, raw=True, env=env)
    line = next(line for line in result.log.splitlines() if "missing environment" in line)
    assert "ERROR" in line and "USAJOBS_EMAIL" in line
    assert result.items == [] and not server.requests
    assert KEY not in result.log


def test_placeholder_subdivision_is_no_state():
    place = {"LocationName": "Okinawa Island, Japan", "CountrySubDivisionCode": "N/A"}
    assert usajobs._parse_state(place) is None


def test_placeholder_places_are_not_cities():
    assert HIM["city"] is None  # "Anywhere in the U.S. (remote job)"
    negotiable = {"CityName": "Location Negotiable After Selection, United States"}
    assert usajobs._parse_city(negotiable) is None
    assert usajobs._parse_city({"CityName": "Okinawa Island, Japan"}) == "Okinawa Island"
