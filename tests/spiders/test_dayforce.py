"""Dayforce: job postings from a saved search answer, then crawls that fetch the CSRF token
first, carry it (and its cookie) on every search, and page by paginationStart."""

import copy

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import dayforce
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, requests_to

BOARD = "https://jobs.dayforcehcm.com/en-US/mesahealth/CAREERS"
SEARCH = fixture("dayforce/search.json")
TOKEN = fixture("dayforce/csrf.json")["csrfToken"]
CODER, AUDITOR, TECH = (
    dayforce.posting_fields(p, board=BOARD, company="Mesa Health") for p in SEARCH["jobPostings"]
)


def test_posting_fields():
    assert (CODER["external_id"], CODER["url"]) == ("45101", f"{BOARD}/jobs/45101")
    assert (CODER["city"], CODER["state"], CODER["country"]) == ("Las Cruces", "NM", "US")
    assert CODER["location"] == "Las Cruces, NM 88001, USA"
    assert TECH["locations"] == ["Santa Fe, NM, USA", "Taos, NM, USA"]
    assert (CODER["remote_hint"], AUDITOR["remote_hint"]) == (None, "remote")  # hasVirtualLocation
    assert "$24.00 - $30.00 an hour" in CODER["description_html"]


def portal(server, prefix, postings: list[dict]):
    def token(_request: ServedRequest) -> Reply:
        return Reply(
            {"csrfToken": TOKEN}, headers={"Set-Cookie": "__Host-dayforce=s3ss10n; Path=/"}
        )

    def search(request: ServedRequest) -> Reply:
        if request.headers.get("x-csrf-token") != TOKEN or "s3ss10n" not in request.headers.get(
            "cookie", ""
        ):
            return Reply({"error": "invalid csrf"}, status=400)
        start = request.json()["paginationStart"]
        answer = copy.deepcopy(SEARCH)
        answer.update(
            jobPostings=postings[start : start + 25], maxCount=len(postings), offset=start
        )
        return Reply(answer)

    server.route(f"{prefix}/api/auth/csrf", token)
    server.route(f"{prefix}/api/geo/mesahealth/jobposting/search", search, method="POST")
    return {"kind": "dayforce", "url": server.url(f"{prefix}/en-US/mesahealth/CAREERS")}


def board(server, prefix):
    template = SEARCH["jobPostings"][0]
    postings = SEARCH["jobPostings"] + [{**template, "jobPostingId": 46000 + n} for n in range(27)]
    return portal(server, prefix, postings)


def empty(server, prefix):
    return portal(server, prefix, [])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("dayforce"), board, empty)


def test_the_token_comes_first_and_rides_every_search(crawled):
    paths = [r.path for r in crawled.server.requests if r.path.startswith("/board/")]
    assert paths[0] == "/board/api/auth/csrf"
    searches = requests_to(crawled.server, "/board/api/geo/mesahealth/jobposting/search")
    assert [r.json()["paginationStart"] for r in searches] == [0, 25]
    assert searches[0].json() == {
        "clientNamespace": "mesahealth",
        "jobBoardCode": "CAREERS",
        "cultureCode": "en-US",
        "distanceUnit": 0,
        "paginationStart": 0,
    }
    assert len(by_id(crawled.board)) == 30 and not crawled.board.failed


def test_an_empty_board(crawled):
    assert crawled.empty.items == [] and not crawled.empty.failed
