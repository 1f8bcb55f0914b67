"""Oracle Recruiting Cloud: list rows and details from saved answers, then paging, a page
cap, a repeating board, an empty one and failing details in one crawl against LocalServer."""

import copy
import re

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import oracle
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, requests_to

SITE_URL = (
    "https://fa-exam-saasfaprod1.fa.ocs.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX_7"
)
LISTING = fixture("oracle/requisitions.json")
ROWS = LISTING["items"][0]["requisitionList"]
CODER, REGISTRAR, ROI = (
    oracle.list_fields(row, site_url=SITE_URL, company="Front Range Health") for row in ROWS
)
API = "/hcmRestApi/resources/latest"
FINDER_ID = re.compile(r'Id="(?P<id>[^"]+)"')


# -- pure extraction -------------------------------------------------------------------


def test_list_row_fields():
    assert CODER["external_id"] == "4101"
    assert CODER["title"] == "Inpatient Coding Specialist II"
    assert CODER["url"] == f"{SITE_URL}/job/4101"
    assert CODER["company"] == "Front Range Health"
    assert CODER["location"] == "Denver, CO, United States; Aurora, CO, United States"
    assert CODER["country"] == "US"
    assert CODER["posted_at"] == "2026-11-02"
    assert CODER["description_html"].startswith("Codes inpatient encounters")


def test_workplace_from_its_label_else_its_code():
    assert (CODER["remote_hint"], REGISTRAR["remote_hint"], ROI["remote_hint"]) == (
        "hybrid",  # WorkplaceType "Hybrid"
        "remote",  # empty label, code ORA_REMOTE
        "onsite",  # "On-site"
    )


def test_detail_fields_join_the_posting_sections():
    detail = oracle.detail_fields(fixture("oracle/detail-4101.json")["items"][0])
    assert detail["employment_type"] == "Full time"
    assert detail["posted_at"] == "2026-11-02T07:00:00+00:00"
    text = detail["description_html"]
    assert (
        "$27.40 - $38.10 per hour" in text and "Query physicians" in text and "CCS required" in text
    )
    assert "nonprofit system" not in text  # the employer's boilerplate is no part of the posting


def test_total_jobs():
    assert oracle.total_jobs(LISTING) == 3
    assert oracle.total_jobs({"items": []}) is None


# -- crawls --------------------------------------------------------------------------------


def rows(count: int) -> list[dict]:
    template = ROWS[0]
    return [
        {**template, "Id": f"R{number}", "Title": f"Medical Records Coder {number}"}
        for number in range(1, count + 1)
    ]


def detail_of(requisition_id: str) -> dict:
    answer = copy.deepcopy(fixture("oracle/detail-4101.json"))
    answer["items"][0]["Id"] = requisition_id
    return answer


def offset_of(request: ServedRequest) -> int:
    return int(re.search(r"offset=(\d+)", request.arg("finder"))[1])


def serve_site(
    server,
    prefix: str,
    board: list[dict],
    *,
    total: int,
    follow_offset=True,
    details: dict[str, Reply] | None = None,
) -> dict:
    def page(request: ServedRequest) -> Reply:
        start = offset_of(request) if follow_offset else 0
        answer = copy.deepcopy(LISTING)
        answer["items"][0]["TotalJobsCount"] = total
        answer["items"][0]["requisitionList"] = board[start : start + 200]
        return Reply(answer)

    def detail(request: ServedRequest) -> Reply:
        requisition = FINDER_ID.search(request.arg("finder"))["id"]
        return (details or {}).get(requisition) or Reply(detail_of(requisition))

    server.route(f"{prefix}{API}/recruitingCEJobRequisitions", page)
    server.route(f"{prefix}{API}/recruitingCEJobRequisitionDetails", detail)
    site = server.url(f"{prefix}/hcmUI/CandidateExperience/en/sites/CX_7")
    return {"kind": "oracle", "url": site, "params": {"company": "Front Range Health"}}


def board(server, prefix):
    details = {
        "4101": Reply(fixture("oracle/detail-4101.json")),
        "4102": Reply(fixture("oracle/detail-4102.json")),
        "4103": Reply("busy", status=503),  # kept from the list
    }
    source = serve_site(server, prefix, ROWS, total=3, details=details)
    return {**source, "search": "coder"}


def paging(server, prefix):
    return serve_site(server, prefix, rows(201), total=201)


def unread(count: int) -> dict[str, Reply]:
    """Details the scenario does not need: gone, so only the list requests count."""
    return {f"R{number}": Reply(status=404) for number in range(1, count + 1)}


def cap(server, prefix):
    return {**serve_site(server, prefix, rows(201), total=201, details=unread(201)), "max_pages": 1}


def repeats(server, prefix):
    board = rows(200)
    return serve_site(server, prefix, board, total=1000, follow_offset=False, details=unread(200))


def empty(server, prefix):
    server.add(f"{prefix}{API}/recruitingCEJobRequisitions", fixture("oracle/empty.json"))
    return {
        "kind": "oracle",
        "url": server.url(f"{prefix}/hcmUI/CandidateExperience/en/sites/CX_7"),
    }


def gone(server, prefix):
    details = {
        "4101": Reply(status=404),
        "4102": Reply(fixture("oracle/no-such-requisition.json")),  # no longer posted
    }
    return serve_site(server, prefix, ROWS[:2], total=2, details=details)


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(
        tmp_path_factory.mktemp("oracle"), board, paging, cap, repeats, empty, gone
    )


def test_the_list_request_is_the_sites_own(crawled):
    (request,) = requests_to(crawled.server, f"/board{API}/recruitingCEJobRequisitions")
    assert request.arg("onlyData") == "true"
    assert request.arg("expand") == "requisitionList.secondaryLocations"
    assert request.arg("finder") == (
        'findReqs;siteNumber=CX_7,limit=200,offset=0,sortBy=POSTING_DATES_DESC,keyword="coder"'
    )
    assert request.headers["accept"] == "application/json"
    detail = requests_to(crawled.server, f"/board{API}/recruitingCEJobRequisitionDetails")[0]
    assert (detail.arg("expand"), detail.arg("onlyData")) == ("all", "true")
    assert re.fullmatch(r'ById;Id="410\d",siteNumber=CX_7', detail.arg("finder"))


def test_details_complete_the_rows_and_a_failed_one_keeps_its_row(crawled):
    items = by_id(crawled.board)
    assert sorted(items) == ["4101", "4102", "4103"]
    assert items["4101"]["employment_type"] == "Full time"
    assert "$27.40 - $38.10 per hour" in items["4101"]["description_html"]
    assert items["4102"]["remote_hint"] == "remote"
    kept = items["4103"]
    assert kept["description_html"] == ROWS[2]["ShortDescriptionStr"]
    assert kept["title"] == ROWS[2]["Title"] and kept["company"] == "Front Range Health"
    assert crawled.board.reasons() == ["HTTP 503; kept the list entry"] and not crawled.board.failed


def test_pages_run_to_the_total(crawled):
    pages = requests_to(crawled.server, f"/paging{API}/recruitingCEJobRequisitions")
    assert [offset_of(page) for page in pages] == [0, 200]
    assert sorted(by_id(crawled.paging)) == sorted(f"R{number}" for number in range(1, 202))
    assert crawled.paging.incomplete is None


def test_max_pages_caps_the_crawl_and_says_so(crawled):
    pages = requests_to(crawled.server, f"/cap{API}/recruitingCEJobRequisitions")
    assert [offset_of(page) for page in pages] == [0]
    assert len(requests_to(crawled.server, f"/cap{API}/recruitingCEJobRequisitionDetails")) == 200
    assert crawled.cap.incomplete == "stopped after max_pages=1 of 2 pages"


def test_a_board_that_repeats_itself_stops_without_closing(crawled):
    pages = requests_to(crawled.server, f"/repeats{API}/recruitingCEJobRequisitions")
    assert len(pages) == 2
    details = requests_to(crawled.server, f"/repeats{API}/recruitingCEJobRequisitionDetails")
    assert len(details) == 200  # the repeated rows ask for no second detail
    assert crawled.repeats.incomplete.startswith("list page 2 brought no new postings")


def test_an_empty_site_is_no_failure(crawled):
    assert crawled.empty.items == [] and not crawled.empty.failed


def test_gone_details_drop_their_postings(crawled):
    assert crawled.gone.items == []
    assert sorted(crawled.gone.reasons(fatal=False)) == [
        "HTTP 404: posting is gone",
        "no such requisition: posting is gone",
    ]
    assert not crawled.gone.failed
