"""NEOGOV: the agency board's jobList from a saved answer (pay lines, places, remote
options, dates), then a crawl with its required header, and an empty board."""

import pytest

from spiders.sources import neogov
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, requests_to

BOARD = "https://www.governmentjobs.com/careers/marioncountyor"
JOBS = fixture("neogov/jobs-on-maps.json")["jobList"]
VITAL, ANALYST, EPI, CLERK = (
    neogov.job_fields(job, board=BOARD, company="Marion County") for job in JOBS
)


def test_job_fields():
    assert (VITAL["external_id"], VITAL["url"]) == (
        "6100201",
        f"{BOARD}/jobs/6100201/vital-records-specialist",
    )
    assert (VITAL["title"], VITAL["location"], VITAL["employment_type"]) == (
        "Vital Records Specialist",
        "Salem, OR 97301",
        "Full-Time",
    )
    assert VITAL["posted_at"] == "2026-11-18"
    assert VITAL["description_text"].startswith("The Public Health department")


def test_a_building_for_a_place_still_has_its_city_and_state():
    assert ANALYST["location"] == "Public Health Building - 3180 Center St NE"
    assert (ANALYST["city"], ANALYST["state"]) == ("Salem", "OR")
    assert CLERK["state"] is None and CLERK["city"] is None


def test_pay_lines_and_remote_options():
    assert [job["salary_text"] for job in (VITAL, ANALYST, EPI)] == [
        "$22.40 - $30.05 Hourly",
        "$5,430.00 - $7,274.00 Monthly",
        "$78,000.00 - $101,400.00 Annually",
    ]
    assert [job["remote_hint"] for job in (VITAL, ANALYST, EPI, CLERK)] == [
        None,
        "hybrid",
        "remote",
        None,
    ]


def board(server, prefix):
    server.add(f"{prefix}/careers/home/loadJobsOnMaps", fixture("neogov/jobs-on-maps.json"))
    return {
        "kind": "neogov",
        "url": server.url(f"{prefix}/careers/marioncountyor"),
        "params": {"company": "Marion County"},
    }


def empty(server, prefix):
    server.add(f"{prefix}/careers/home/loadJobsOnMaps", fixture("neogov/jobs-on-maps-empty.json"))
    return {"kind": "neogov", "url": server.url(f"{prefix}/careers/marioncountyor")}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("neogov"), board, empty)


def test_the_board_is_one_request_with_the_ajax_header(crawled):
    (request,) = requests_to(crawled.server, "/board/careers/home/loadJobsOnMaps")
    assert request.arg("agency") == "marioncountyor"
    assert request.headers["x-requested-with"] == "XMLHttpRequest"
    items = by_id(crawled.board)
    assert len(items) == 4 and {item["company"] for item in items.values()} == {"Marion County"}
    assert crawled.empty.items == [] and not crawled.empty.failed
