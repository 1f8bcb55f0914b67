"""Greenhouse: field extraction on a saved board, then real crawls against LocalServer."""

import json

import pytest

from demo.server import Reply
from spiders.sources.greenhouse import GreenhouseSpider, board_token, posting_fields
from tests.crawling import crawl
from tests.spiders.conftest import fixture_path, logged

BOARD = json.loads(fixture_path("greenhouse/board.json").read_text())
JOBS = {job["id"]: job for job in BOARD["jobs"]}


def fields(job_id: int) -> dict:
    return posting_fields(JOBS[job_id], fallback_company="bayviewhealth")


def test_external_id_is_the_job_id():
    assert fields(5101001)["external_id"] == "5101001"


def test_url_is_the_absolute_url():
    assert fields(5101002)["url"] == "https://boards.greenhouse.io/bayviewhealth/jobs/5101002"


def test_title_is_trimmed():
    assert fields(5101001)["title"] == "Medical Coder II"


def test_company_from_company_name():
    assert fields(5101001)["company"] == "Bayview Health"


def test_company_falls_back_to_the_board_token():
    job = {**JOBS[5101004], "company_name": None}
    assert posting_fields(job, fallback_company="bayviewhealth")["company"] == "bayviewhealth"


@pytest.mark.parametrize(
    ("url", "token"),
    [
        ("https://boards-api.greenhouse.io/v1/boards/bayviewhealth", "bayviewhealth"),
        ("http://127.0.0.1:8000/v1/boards/acme/", "acme"),
        ("http://127.0.0.1:8000/greenhouse", None),
    ],
)
def test_board_token(url, token):
    assert board_token(url) == token


def test_location_and_offices():
    assert fields(5101001)["location"] == "Tampa, FL"
    assert fields(5101001)["locations"] == ["Tampa, FL", "Tampa, FL 33606"]


def test_description_is_unescaped_html():
    html = fields(5101001)["description_html"]
    assert html.startswith("<div><h2>Medical Coder II</h2>")
    assert "CPT &amp; HCPCS" in html  # an entity of the HTML itself stays one


def test_missing_content_gives_no_description():
    job = {key: value for key, value in JOBS[5101001].items() if key != "content"}
    assert posting_fields(job, fallback_company="x")["description_html"] is None


def test_posted_at_prefers_first_published():
    assert fields(5101001)["posted_at"] == "2025-02-20T08:00:00-05:00"
    assert fields(5101002)["posted_at"] == "2025-03-01T10:00:00-05:00"  # no first_published


def test_employment_type_from_metadata():
    assert fields(5101001)["employment_type"] == "Full time"
    assert fields(5101002)["employment_type"] == "Part time"


def test_pay_from_pay_input_ranges_spans_every_zone():
    pay = fields(5101001)
    assert (pay["salary_min"], pay["salary_max"]) == (52000.0, 68000.0)
    assert pay["salary_currency"] == "USD"
    assert pay["salary_period"] == "year"
    assert "Florida annual salary range: 52,000-61,000 USD" in pay["salary_text"]


def test_pay_from_a_currency_range_metadata_field():
    pay = fields(5101002)
    assert (pay["salary_min"], pay["salary_max"], pay["salary_currency"]) == (
        "19.50",
        "23.00",
        "USD",
    )
    assert pay["salary_period"] == "hour"


def test_pay_text_from_a_metadata_field():
    pay = fields(5101003)
    assert pay["salary_text"] == "$58,000 - $72,000 per year"
    assert "salary_min" not in pay


def test_no_pay_fields_without_pay():
    assert not any(key.startswith("salary_") for key in fields(5101004))


@pytest.mark.parametrize("job", BOARD["jobs"], ids=lambda job: str(job["id"]))
def test_every_job_has_identity_fields(job):
    result = posting_fields(job, fallback_company="x")
    assert all(result[key] for key in ("external_id", "url", "title", "company"))


# -- parse() on bad answers (no network needed) --------------------------------


def make_spider(url="http://127.0.0.1:1/v1/boards/bayviewhealth"):
    return GreenhouseSpider(source={"name": "bayview", "kind": "greenhouse", "url": url})


def response(body: bytes, *, status=200, content_type="application/json", encoding="utf-8"):
    from scrapy.http import Request, TextResponse

    url = "http://127.0.0.1:1/v1/boards/bayviewhealth/jobs?content=true"
    return TextResponse(
        url,
        status=status,
        body=body,
        headers={"Content-Type": content_type},
        encoding=encoding,
        request=Request(url),
    )


@pytest.mark.parametrize(
    ("body", "content_type", "reason"),
    [
        (b"<html><body>Service unavailable</body></html>", "text/html", "HTML page"),
        (fixture_path("greenhouse/board.json").read_bytes()[:300], "application/json", "invalid"),
        (b'{"error": "not found"}', "application/json", "no 'jobs' list"),
    ],
    ids=["html-error-page", "truncated-json", "wrong-shape"],
)
def test_a_bad_list_answer_is_a_fatal_error(body, content_type, reason):
    spider = make_spider()
    assert list(spider.parse(response(body, content_type=content_type))) == []
    assert spider.failed
    assert reason in spider.errors[0]["reason"]
    assert spider.errors[0]["url"].endswith("/jobs?content=true")


def test_an_empty_board_yields_nothing_without_error():
    spider = make_spider()
    assert list(spider.parse(response(b'{"jobs": [], "meta": {"total": 0}}'))) == []
    assert spider.errors == [] and not spider.failed


def test_the_jobs_read_before_a_break_in_the_answer_stay_read():
    # the answer is read a job at a time: a break after two jobs keeps those two, and fails
    # the run (so nothing unseen is closed) with the reason the whole answer gives
    whole = json.dumps({"jobs": list(JOBS.values())[:3]}).encode()
    broken = whole[: whole.index(b'"id": %d' % list(JOBS)[2]) + 12]
    spider = make_spider()
    items = list(spider.parse(response(broken)))
    assert [item["external_id"] for item in items] == [str(key) for key in list(JOBS)[:2]]
    assert spider.failed and "invalid JSON" in spider.errors[0]["reason"]


@pytest.mark.parametrize(
    ("content_type", "encoding"),
    [
        ("application/json", "utf-8"),  # JSON's own encoding when none is declared
        ("application/json; charset=utf-8", "utf-8"),
        ("application/json; charset=iso-8859-1", "latin-1"),
    ],
)
def test_a_title_beyond_ascii_is_read_in_the_answers_encoding(content_type, encoding):
    job = {**JOBS[5101001], "title": "Codificación Médica II"}
    body = json.dumps({"jobs": [job]}, ensure_ascii=False).encode(encoding)
    spider = make_spider()
    [item] = spider.parse(response(body, content_type=content_type, encoding=None))
    assert item["title"] == "Codificación Médica II"
    assert not spider.failed


# -- real crawls -----------------------------------------------------------------


def test_crawl_requests_the_board_with_content(server, tmp_path):
    server.add(
        "/v1/boards/bayviewhealth/jobs",
        Reply(
            fixture_path("greenhouse/board.json").read_bytes(),
            headers={"Content-Type": "application/json"},
        ),
    )
    source = {
        "name": "bayview",
        "kind": "greenhouse",
        "url": server.url("/v1/boards/bayviewhealth"),
    }
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert [
        request.arg("content") for request in server.requests if request.path.endswith("/jobs")
    ] == ["true"]
    assert sorted(item["external_id"] for item in result.items) == sorted(str(i) for i in JOBS)
    coder = next(item for item in result.items if item["external_id"] == "5101001")
    assert coder["source"] == "bayview" and coder["source_kind"] == "greenhouse"
    assert coder["salary_min"] == 52000.0
    assert coder["description_html"].startswith("<div><h2>")
    assert logged(result.log) == []


def test_crawl_records_a_failing_board_as_fatal(server, tmp_path):
    server.add("/v1/boards/gone/jobs", Reply({"status": 500}, status=500))
    source = {"name": "gone", "kind": "greenhouse", "url": server.url("/v1/boards/gone")}
    result = crawl(source, tmp_path=tmp_path, raw=True, settings={"RETRY_TIMES": "1"})

    assert result.items == []
    assert server.hits["/v1/boards/gone/jobs"] == 2  # one try and one retry
    assert any("/v1/boards/gone/jobs?content=true: HTTP 500" in line for line in logged(result.log))
