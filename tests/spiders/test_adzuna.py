"""Adzuna: one test per field, key redaction, and real crawls (paging, failures, missing keys)."""

import copy
import json
import logging

from scrapy.http import Request

from demo.server import Reply, ServedRequest
from spiders.sources import adzuna
from spiders.sources.adzuna import AdzunaSpider, RedactSecrets
from tests.crawling import crawl
from tests.spiders.conftest import FIXTURES, file_response, start_requests

SEARCH = json.loads((FIXTURES / "adzuna/search.json").read_text())
CODER, HIT, BARISTA = (adzuna.result_fields(r, country="us") for r in SEARCH["results"])
API = "https://api.adzuna.com/v1/api/jobs/us/search"
APP_ID = "a1b2c3d4"  # made-up credentials; neither may reach a log line or a record
APP_KEY = "k9f8e7d6c5b4a3928170"


def test_external_id_title_company():
    assert CODER["external_id"] == "6100000001"
    assert CODER["title"] == "Remote Medical Coder - Risk Adjustment (CRC)"
    assert CODER["company"] == "Harbor Coding Partners"


def test_location_and_area_parts():
    assert CODER["location"] == "Austin, Travis County"
    assert (CODER["country"], CODER["state"], CODER["city"]) == ("US", "Texas", "Austin")
    assert (HIT["state"], HIT["city"]) == ("Ohio", None)
    assert BARISTA["state"] is None


def test_salary_posted():
    assert (CODER["salary_min"], CODER["salary_max"]) == (54080, 66560)
    assert CODER["salary_currency"] == "USD"
    assert CODER["salary_estimated"] is False


def test_salary_predicted_is_estimated():
    assert (HIT["salary_min"], HIT["salary_estimated"]) == (41250.5, True)


def test_no_salary_means_no_pay_fields():
    assert "salary_min" not in BARISTA


def test_currency_follows_the_country():
    result = {**SEARCH["results"][0], "location": {"area": ["GB", "London"]}}
    assert adzuna._parse_salary(result)["salary_currency"] == "GBP"
    assert adzuna.country_from_url(API) == "us"


def test_employment_type_from_contract_time_and_type():
    assert CODER["employment_type"] == "full_time, permanent"
    assert BARISTA["employment_type"] == "part_time"


def test_posted_at_and_description():
    assert CODER["posted_at"] == "2026-03-10T08:15:00Z"
    assert CODER["description_text"].startswith("Review charts and assign HCC codes.")


def test_url_loses_parameters_that_carry_our_keys():
    result = {"redirect_url": f"https://www.adzuna.com/land/ad/1?se=x&utm_source={APP_ID}&v=2"}
    assert (
        adzuna._parse_url(result, [APP_ID, APP_KEY]) == "https://www.adzuna.com/land/ad/1?se=x&v=2"
    )
    assert CODER["url"].startswith("https://www.adzuna.com/details/6100000001?")  # no keys given


def test_redact_url():
    url = f"{API}/2?app_id={APP_ID}&app_key={APP_KEY}&what=coder"
    assert adzuna.redact_url(url) == f"{API}/2?app_id=REDACTED&app_key=REDACTED&what=coder"


def test_log_filter_masks_keys_in_messages_and_tracebacks():
    try:
        raise ValueError(f"bad {APP_KEY}")
    except ValueError:
        record = logging.LogRecord("x", logging.ERROR, __file__, 1, "GET %s", (APP_KEY,), None)
        record.exc_info = __import__("sys").exc_info()
    RedactSecrets([APP_ID, APP_KEY]).filter(record)
    assert record.getMessage() == "GET REDACTED"
    assert APP_KEY not in record.exc_text


def make_spider(monkeypatch, **extra) -> AdzunaSpider:
    monkeypatch.setenv("ADZUNA_APP_ID", APP_ID)
    monkeypatch.setenv("ADZUNA_APP_KEY", APP_KEY)
    return AdzunaSpider(source=json.dumps({"name": "az", "kind": "adzuna", "url": API, **extra}))


def test_request_carries_keys_search_and_page_size(monkeypatch):
    spider = make_spider(monkeypatch, search="medical coder", params={"where": "Texas"})
    [request] = start_requests(spider)
    spider.closed("finished")  # takes the log filter off again
    assert request.url == (
        f"{API}/1?app_id={APP_ID}&app_key={APP_KEY}&results_per_page=50"
        "&what=medical+coder&where=Texas"
    )


def test_recorded_errors_never_hold_the_keys(monkeypatch):
    spider = make_spider(monkeypatch)
    spider.record_error(f"{API}/1?app_id={APP_ID}&app_key={APP_KEY}", f"boom {APP_KEY}", fatal=True)
    assert APP_ID not in json.dumps(spider.errors) and APP_KEY not in json.dumps(spider.errors)
    assert "app_key=REDACTED" in spider.errors[0]["url"]


def test_parse_pages_to_the_count_and_stops_at_max_pages(monkeypatch):
    body = {**SEARCH, "count": 120}  # three pages of 50
    response = file_response("adzuna/search.json", url=API).replace(body=json.dumps(body).encode())

    def follows(spider, page):
        return [r.url for r in spider.parse(response, page=page) if isinstance(r, Request)]

    assert [url.split("?")[0] for url in follows(make_spider(monkeypatch), 2)] == [f"{API}/3"]
    assert follows(make_spider(monkeypatch), 3) == []
    assert follows(make_spider(monkeypatch, max_pages=2), 2) == []


def test_missing_keys_are_a_fatal_error_naming_them(monkeypatch):
    monkeypatch.delenv("ADZUNA_APP_ID", raising=False)
    monkeypatch.setenv("ADZUNA_APP_KEY", APP_KEY)
    spider = AdzunaSpider(source=json.dumps({"name": "az", "kind": "adzuna", "url": API}))
    assert start_requests(spider) == []
    spider.closed("finished")
    assert spider.failed and "ADZUNA_APP_ID" in spider.errors[0]["reason"]
    assert APP_KEY not in json.dumps(spider.errors)


def test_crawl_pages_redacts_and_fails_on_a_dead_page(server, tmp_path):
    """Page 1 and 2 answer, page 3 keeps failing: the run fails, and no key leaks anywhere."""
    path = "/v1/api/jobs/us/search"

    def page(request: ServedRequest) -> Reply:
        number = int(request.path.rsplit("/", 1)[-1])
        if number == 3:
            return Reply({"exception": "busy"}, status=503)
        body = copy.deepcopy(SEARCH)
        body["count"] = 500  # ten pages, capped by max_pages below
        for result in body["results"]:
            result["id"] = f"{result['id']}-p{number}"
            result["redirect_url"] = result["redirect_url"].replace("APP_ID_PLACEHOLDER", APP_ID)
        return Reply(body)

    for number in (1, 2, 3, 4):
        server.route(f"{path}/{number}", page)
    source = {
        "name": "az",
        "kind": "adzuna",
        "url": server.url(path),
        "search": "medical coder",
        "max_pages": 3,
    }
    env = {"ADZUNA_APP_ID": APP_ID, "ADZUNA_APP_KEY": APP_KEY}
    result = crawl(source, tmp_path=tmp_path, raw=True, env=env, settings={"LOG_LEVEL": "DEBUG"})

    asked = [r for r in server.requests if r.path.startswith(path)]
    assert [r.path.rsplit("/", 1)[-1] for r in asked] == ["1", "2", "3", "3", "3"]
    assert (asked[0].arg("app_id"), asked[0].arg("app_key")) == (APP_ID, APP_KEY)
    assert (asked[0].arg("what"), asked[0].arg("results_per_page")) == ("medical coder", "50")
    assert len(result.items) == 6
    assert all(APP_ID not in item["url"] for item in result.items)
    assert APP_ID not in result.log and APP_KEY not in result.log
    assert "app_key=REDACTED" in result.log  # the failed page is still named
    assert any("ERROR" in line and "HTTP 503" in line for line in result.log.splitlines())


def test_crawl_without_keys_fails_naming_them(server, tmp_path):
    source = {"name": "az", "kind": "adzuna", "url": server.url("/v1/api/jobs/us/search")}
    env = {"ADZUNA_APP_ID": "", "ADZUNA_APP_KEY": ""}
    result = crawl(source, tmp_path=tmp_path, raw=True, env=env)
    line = next(line for line in result.log.splitlines() if "missing environment" in line)
    assert "ADZUNA_APP_ID" in line and "ADZUNA_APP_KEY" in line
    assert result.items == [] and not server.requests
