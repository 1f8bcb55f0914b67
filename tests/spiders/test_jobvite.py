"""Jobvite: list rows and job pages from saved pages, then paging to the empty page, the
/jobs fallback when a board has no search page, repeats and failing details."""

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import jobvite
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html, requests_to

BOARD = "https://jobs.jobvite.com/pinelakeclinics"
ROWS = jobvite.list_rows(fixture("jobvite/search-0.html"), board=BOARD, company="Pine Lake")


def test_list_rows():
    specialist, coder = ROWS
    assert (specialist["external_id"], specialist["url"]) == ("oAbC1fwA", f"{BOARD}/job/oAbC1fwA")
    assert specialist["title"] == "Medical Records Specialist"
    assert specialist["location"] == "Duluth, Minnesota"
    assert coder["title"] == "Remote Risk Adjustment Coder"
    assert (
        jobvite.list_rows(fixture("jobvite/search-empty.html"), board=BOARD, company="Pine Lake")
        == []
    )


def board_at(server, prefix, pages: list[str], *, search=True) -> dict:
    def search_page(request: ServedRequest) -> Reply:
        page = int(request.arg("p"))
        return html(pages[page] if page < len(pages) else fixture("jobvite/search-empty.html"))

    if search:
        server.route(f"{prefix}/pinelakeclinics/search", search_page)
    else:  # no search page: the whole list is /jobs
        server.add(f"{prefix}/pinelakeclinics/jobs", html(pages[0]))
    server.add(f"{prefix}/pinelakeclinics/job/oAbC1fwA", html(fixture("jobvite/job-oAbC1fwA.html")))
    server.add(f"{prefix}/pinelakeclinics/job/oAbC2fwB", html(fixture("jobvite/job-oAbC2fwB.html")))
    server.add(f"{prefix}/pinelakeclinics/job/oAbC3fwC", Reply("busy", status=503))
    return {"kind": "jobvite", "url": server.url(f"{prefix}/pinelakeclinics")}


def board(server, prefix):
    pages = [fixture("jobvite/search-0.html"), fixture("jobvite/search-1.html")]
    return {**board_at(server, prefix, pages), "search": "records"}


def no_search(server, prefix):
    return board_at(server, prefix, [fixture("jobvite/search-0.html")], search=False)


def repeats(server, prefix):
    first = fixture("jobvite/search-0.html")
    return board_at(server, prefix, [first, first, first])


def empty(server, prefix):
    return board_at(server, prefix, [fixture("jobvite/search-empty.html")])


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("jobvite"), board, no_search, repeats, empty)


def test_pages_run_to_the_empty_one(crawled):
    pages = requests_to(crawled.server, "/board/pinelakeclinics/search")
    assert [(r.arg("q"), r.arg("p")) for r in pages] == [
        ("records", "0"),
        ("records", "1"),
        ("records", "2"),
    ]


def test_job_pages_give_the_posting_and_a_failed_one_keeps_its_row(crawled):
    items = by_id(crawled.board)
    assert sorted(items) == ["oAbC1fwA", "oAbC2fwB", "oAbC3fwC"]
    coder = items["oAbC2fwB"]
    assert (coder["company"], coder["remote_hint"], coder["salary_min"]) == (
        "Pine Lake Clinics",
        "remote",
        "28",
    )
    # No employer on the page: the tenant's name; an empty baseSalary is no pay.
    specialist = items["oAbC1fwA"]
    assert specialist["company"] == "Pinelakeclinics" and "salary_min" not in specialist
    assert items["oAbC3fwC"]["location"] == "Superior, Wisconsin"
    assert crawled.board.reasons() == ["HTTP 503; kept the list entry"]


def test_a_board_without_a_search_page_is_read_from_its_job_list(crawled):
    assert sorted(by_id(crawled.no_search)) == ["oAbC1fwA", "oAbC2fwB"]
    assert not crawled.no_search.failed and crawled.no_search.errors == []


def test_repeats_and_an_empty_board(crawled):
    assert crawled.repeats.incomplete.startswith("list page 2 brought no new postings")
    assert crawled.empty.items == [] and not crawled.empty.failed
