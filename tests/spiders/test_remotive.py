"""Remotive: jobs from a saved answer (pay text, required locations), then a crawl with the
category filter."""

import pytest

from spiders.sources import remotive
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, requests_to

JOBS = fixture("remotive/remote-jobs.json")["jobs"]
CODER, ANALYST, REGISTRAR, CDS = (remotive.job_fields(job) for job in JOBS)


def test_job_fields():
    assert CODER["external_id"] == "3100001" and CODER["url"].startswith(
        "https://remotive.com/remote-jobs/medical/"
    )
    assert (CODER["company"], CODER["location"], CODER["remote_hint"]) == (
        "Northwind Coding",
        "USA",
        "remote",
    )
    assert [job["salary_text"] for job in (CODER, ANALYST, REGISTRAR, CDS)] == [
        "$25 - $32 /hour",
        "$70k - $85k",
        None,
        "competitive",
    ]


def board(server, prefix):
    server.add(f"{prefix}/api/remote-jobs", fixture("remotive/remote-jobs.json"))
    return {
        "kind": "remotive",
        "url": server.url(f"{prefix}/api/remote-jobs"),
        "params": {"category": "medical"},
        "search": "coder",
    }


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("remotive"), board)


def test_the_crawl_passes_the_filters(crawled):
    (request,) = requests_to(crawled.server, "/board/api/remote-jobs")
    assert (request.arg("category"), request.arg("search")) == ("medical", "coder")
    assert len(by_id(crawled.board)) == 4
