"""Ashby: one test per field on the saved board, and a real crawl of it."""

import json

from spiders.sources import ashby
from spiders.sources.ashby import AshbySpider
from spiders.sources.base import records
from tests.crawling import crawl
from tests.spiders.conftest import FIXTURES, file_response

BOARD = json.loads((FIXTURES / "ashby/board.json").read_text())
JOBS = ashby.listed(records(BOARD, "jobs"))
HIT, DIRECTOR, SALES = (ashby.job_fields(job, company="Mountain Clinics") for job in JOBS)
API = "https://api.ashbyhq.com/posting-api/job-board/mountain-clinics"


def test_unlisted_jobs_are_not_postings():
    assert [job["id"][-2:] for job in JOBS] == ["01", "02", "03"]


def test_external_id_and_title():
    assert HIT["external_id"] == "a7e2c1d0-0001-4c55-9e1f-3b2a1c0d9e01"
    assert HIT["title"] == "Health Information Technician (RHIT)"


def test_url_is_the_job_page():
    assert HIT["url"].endswith("/mountain-clinics/a7e2c1d0-0001-4c55-9e1f-3b2a1c0d9e01")


def test_locations_include_secondary_places():
    assert HIT["locations"] == ["Denver, CO", "Aurora, CO"]
    assert HIT["location"] == "Denver, CO; Aurora, CO"


def test_address_gives_city_state_country():
    assert (HIT["city"], HIT["state"], HIT["country"]) == ("Denver", "Colorado", "United States")
    assert (DIRECTOR["state"], DIRECTOR["country"]) == ("UT", "USA")
    assert SALES["state"] is None


def test_employment_type_is_readable():
    assert HIT["employment_type"] == "Full-time"
    assert SALES["employment_type"] == "Contract"


def test_workplace_type_beats_is_remote():
    assert HIT["remote_hint"] == "hybrid"  # isRemote is true on this hybrid job
    assert DIRECTOR["remote_hint"] == "onsite"


def test_is_remote_when_no_workplace_type():
    assert SALES["remote_hint"] == "remote"


def test_posted_at():
    assert HIT["posted_at"] == "2026-01-05T15:30:00.000+00:00"


def test_hourly_salary_component():
    assert (HIT["salary_min"], HIT["salary_max"]) == (24, 30)
    assert (HIT["salary_currency"], HIT["salary_period"]) == ("USD", "1 HOUR")
    assert HIT["salary_text"] == "$24 - $30 per hour"


def test_salary_component_from_tiers_skips_bonus():
    assert (DIRECTOR["salary_min"], DIRECTOR["salary_max"]) == (115000, 140000)
    assert DIRECTOR["salary_period"] == "1 YEAR"


def test_hidden_compensation_is_not_used():
    assert "salary_min" not in SALES and "salary_text" not in SALES


def test_description_html_or_plain():
    assert "RHIT required" in HIT["description_html"]
    assert HIT["description_text"] is None
    assert SALES["description_html"] is None
    assert SALES["description_text"] == "Sell our scheduling product to clinics."


def test_company_from_board_slug():
    spider = AshbySpider(source=json.dumps({"name": "mc", "kind": "ashby", "url": API}))
    items = list(spider.parse(file_response("ashby/board.json", url=API)))
    assert len(items) == 3
    assert {item["company"] for item in items} == {"Mountain Clinics"}


def test_company_from_organization_name_when_present():
    assert ashby._parse_company({"organizationName": "Mountain Clinics, PC"}) == (
        "Mountain Clinics, PC"
    )
    assert ashby._parse_company({"apiVersion": "1"}) is None


def test_crawl_asks_for_compensation(server, tmp_path):
    server.add("/posting-api/job-board/mountain-clinics", BOARD)
    source = {
        "name": "mc",
        "kind": "ashby",
        "url": server.url("/posting-api/job-board/mountain-clinics"),
    }
    result = crawl(source, tmp_path=tmp_path, raw=True)
    assert result.returncode == 0, result.log
    [request] = [r for r in server.requests if r.path.startswith("/posting-api")]
    assert request.arg("includeCompensation") == "true"
    by_id = {item["external_id"][-2:]: item for item in result.items}
    assert sorted(by_id) == ["01", "02", "03"]
    assert by_id["01"]["salary_period"] == "1 HOUR"
    assert by_id["02"]["company"] == "Mountain Clinics"
