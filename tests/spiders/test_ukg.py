"""UKG Pro Recruiting: search results and the opportunity detail page from saved answers,
then paging, repeats, an empty and a missing board and failing details in one crawl."""

import copy

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import ukg
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html, requests_to

BOARD = "https://recruiting2.ultipro.com/HEA1004HLTH/JobBoard/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"
SEARCH = fixture("ukg/search.json")
AUDITOR, TECHNICIAN, CDS = (
    ukg.list_fields(row, board=BOARD, company="Harbor Health") for row in SEARCH["opportunities"]
)
LIST_PATH = "/HEA1004HLTH/JobBoard/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"


# -- pure extraction -------------------------------------------------------------------


def test_list_fields():
    assert AUDITOR["external_id"] == "8c2f5d10-0001-4c1e-9a51-1a2b3c4d5e01"
    assert AUDITOR["url"] == f"{BOARD}/OpportunityDetail?opportunityId={AUDITOR['external_id']}"
    assert (AUDITOR["title"], AUDITOR["employment_type"]) == ("Coding Quality Auditor", "Full-time")
    assert TECHNICIAN["employment_type"] == "Part-time"
    assert AUDITOR["description_text"].endswith("CCS required.")


def test_job_location_type_is_the_arrangement():
    assert [row["remote_hint"] for row in (AUDITOR, TECHNICIAN, CDS)] == [
        "remote",  # 2
        "onsite",  # 1
        "hybrid",  # 0
    ]


def test_places_trust_state_codes_only_in_the_us():
    assert (TECHNICIAN["city"], TECHNICIAN["state"], TECHNICIAN["country"]) == (
        "Houston",
        "TX",
        "US",
    )
    assert TECHNICIAN["location"] == "Houston, TX"
    assert AUDITOR["location"] == "Remote" and AUDITOR["state"] is None
    assert (CDS["state"], CDS["country"]) == (None, "Australia")  # "WA" here is not Washington


def test_detail_page_opportunity_and_shown_pay():
    opportunity = ukg.opportunity_on_page(fixture("ukg/opportunity-detail.html"))
    detail = ukg.detail_fields(opportunity)
    assert detail["posted_at"] == "2026-09-02T15:00:00.000Z"  # not the list's repost date
    assert detail["description_html"].startswith("<p>Audit coded inpatient")
    assert (detail["salary_min"], detail["salary_max"], detail["salary_currency"]) == (
        64000.0,
        81000.0,
        "USD",
    )
    assert ukg.opportunity_on_page(fixture("ukg/opportunity-expired.html")) is None


def test_hidden_pay_is_no_pay():
    opportunity = ukg.opportunity_on_page(fixture("ukg/opportunity-detail.html"))
    assert "salary_min" not in ukg.detail_fields({**opportunity, "PayRangeVisible": False})


def test_twin_hosts():
    assert ukg.twin_board(BOARD) == BOARD.replace("recruiting2.", "recruiting.")
    assert ukg.twin_board(BOARD.replace("recruiting2.", "recruiting.")) == BOARD
    assert ukg.twin_board("http://127.0.0.1:9/X/JobBoard/y") is None


# -- crawls ----------------------------------------------------------------------------


def rows(count: int) -> list[dict]:
    template = SEARCH["opportunities"][1]
    return [{**template, "Id": f"00000000-0000-4000-8000-{n:012d}"} for n in range(count)]


def serve_board(server, prefix, board: list[dict], *, total: int, follow=True, details=None):
    def search(request: ServedRequest) -> Reply:
        query = request.json()["opportunitySearch"]
        start = query["Skip"] if follow else 0
        answer = copy.deepcopy(SEARCH)
        answer["opportunities"], answer["totalCount"] = board[start : start + query["Top"]], total
        return Reply(answer)

    def detail(request: ServedRequest) -> Reply:
        return (details or {}).get(request.arg("opportunityId"), Reply(status=404))

    server.route(f"{prefix}{LIST_PATH}/JobBoardView/LoadSearchResults", search, method="POST")
    server.route(f"{prefix}{LIST_PATH}/OpportunityDetail", detail)
    return {
        "kind": "ukg",
        "url": server.url(prefix + LIST_PATH),
        "params": {"company": "Harbor Health"},
    }


def board(server, prefix):
    auditor, technician, _gone = (row["Id"] for row in SEARCH["opportunities"])
    details = {
        auditor: html(fixture("ukg/opportunity-detail.html")),
        technician: html(fixture("ukg/opportunity-expired.html")),  # no data: keep the row
    }  # cds: 404, gone
    return {
        **serve_board(server, prefix, SEARCH["opportunities"], total=3, details=details),
        "search": "coding",
    }


def paging(server, prefix):
    return serve_board(server, prefix, rows(101), total=101)


def repeats(server, prefix):
    return serve_board(server, prefix, rows(100), total=500, follow=False)


def empty(server, prefix):
    server.add(
        f"{prefix}{LIST_PATH}/JobBoardView/LoadSearchResults",
        fixture("ukg/search-empty.json"),
        method="POST",
    )
    return {"kind": "ukg", "url": server.url(prefix + LIST_PATH)}


def missing(server, prefix):
    return {"kind": "ukg", "url": server.url(prefix + LIST_PATH)}  # nothing served: 404


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("ukg"), board, paging, repeats, empty, missing)


def test_the_search_posts_the_boards_own_body(crawled):
    (request,) = requests_to(crawled.server, f"/board{LIST_PATH}/JobBoardView/LoadSearchResults")
    assert request.json() == {
        "opportunitySearch": {
            "Top": 100,
            "Skip": 0,
            "QueryString": "coding",
            "OrderBy": [],
            "Filters": [],
        }
    }
    assert request.headers["content-type"] == "application/json"
    assert request.headers["accept"] == "application/json"


def test_details_read_kept_and_dropped(crawled):
    items = by_id(crawled.board)
    auditor, technician, _gone = (row["Id"] for row in SEARCH["opportunities"])
    assert sorted(items) == sorted([auditor, technician])  # the third detail is gone
    assert items[auditor]["salary_max"] == 81000.0 and items[auditor]["remote_hint"] == "remote"
    assert items[technician]["description_text"] == "Scan, index and release patient records."
    assert sorted(crawled.board.reasons()) == [
        "HTTP 404: posting is gone",
        "no opportunity data on the page; kept the list entry",
    ]


def test_pages_skip_by_top(crawled):
    pages = requests_to(crawled.server, f"/paging{LIST_PATH}/JobBoardView/LoadSearchResults")
    assert [r.json()["opportunitySearch"]["Skip"] for r in pages] == [0, 100]
    assert len(requests_to(crawled.server, f"/paging{LIST_PATH}/OpportunityDetail")) == 101


def test_repeats_empty_and_missing_boards(crawled):
    assert crawled.repeats.incomplete.startswith("list page 2 brought no new postings")
    assert crawled.empty.items == [] and not crawled.empty.failed
    assert crawled.missing.failed and crawled.missing.reasons(fatal=True) == ["HTTP 404"]
