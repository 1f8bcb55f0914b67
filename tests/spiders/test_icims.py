"""iCIMS: portal search rows and Jibe board rows from saved pages, then crawls of both
forms (paging, repeats, the sitemap behind a script search, details, Jibe's page delay)."""

import copy
import time

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import icims
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html, requests_to

PORTAL = "https://careers-alleghenyvalley.icims.com/jobs/search?ss=1&in_iframe=1"
ROWS = icims.search_rows(fixture("icims/search-1.html"), page_url=PORTAL, company="AVH")
JIBE = fixture("icims/jibe-jobs.json")
BOARD = "https://careers.lakeshorehealth.org"
TECH, CODER, EDUCATOR = (
    icims.jibe_fields(job["data"], board_root=BOARD, company="Lakeshore Health")
    for job in JIBE["jobs"]
)
DELAY = 0.4  # seconds between Jibe pages in the crawl below


# -- pure extraction -------------------------------------------------------------------


def test_search_rows():
    auditor, analyst, clerk = ROWS
    assert [row["external_id"] for row in ROWS] == ["5101", "5102", "5103"]
    assert (
        auditor["url"]
        == "https://careers-alleghenyvalley.icims.com/jobs/5101/remote-coding-auditor/job"
    )
    assert auditor["title"] == "Remote Coding Auditor"
    assert auditor["location"] == "US-PA-Pittsburgh"
    assert auditor["posted_at"] == "2026-11-18"
    assert auditor["employment_type"] == "Full-Time"
    assert auditor["description_text"].startswith("Audit inpatient and outpatient coding")
    assert [row["remote_hint"] for row in ROWS] == ["remote", "hybrid", "onsite"]
    assert clerk["employment_type"] == "Part-Time" and analyst["location"] == "US-PA-Erie"


def test_a_script_search_page_has_no_rows():
    assert (
        icims.search_rows(fixture("icims/search-shell.html"), page_url=PORTAL, company="AVH") == []
    )


def test_jibe_rows():
    assert (TECH["external_id"], TECH["url"]) == ("24117", f"{BOARD}/jobs/24117")
    assert TECH["location"] == "Lakeshore General Hospital"
    assert (TECH["city"], TECH["state"], TECH["country"]) == ("Kenosha", "Wisconsin", "US")
    assert "salary_min" not in TECH  # zeros are no figures: the text says the rate
    assert (CODER["salary_min"], CODER["salary_max"], CODER["salary_period"]) == (
        52000,
        67000,
        "YEAR",
    )
    assert (EDUCATOR["external_id"], EDUCATOR["url"]) == (
        "coding-educator-24119",  # no req_id: the slug is the id
        f"{BOARD}/jobs/coding-educator-24119",
    )
    assert EDUCATOR["location"] == "Milwaukee, Wisconsin, United States"
    assert (EDUCATOR["salary_min"], EDUCATOR["salary_period"]) == (31, None)


# -- crawls ----------------------------------------------------------------------------

JOB_PAGE = "/jobs/{id}/{slug}/job"


def portal(
    server, prefix, pages: list[str], *, details: dict[str, Reply], sitemap: str | None = None
):
    def search(request: ServedRequest) -> Reply:
        page = int(request.arg("pr", "0"))
        return html(pages[page] if page < len(pages) else fixture("icims/search-shell.html"))

    server.route(f"{prefix}/jobs/search", search)
    for path, reply in details.items():
        server.add(f"{prefix}{path}", reply)
    if sitemap:
        server.add(
            f"{prefix}/sitemap.xml",
            Reply(fixture(f"icims/{sitemap}"), headers={"Content-Type": "application/xml"}),
        )
    return {"kind": "icims", "url": server.url(f"{prefix}/jobs")}


def job(number: int, slug: str) -> str:
    return JOB_PAGE.format(id=number, slug=slug)


def portal_board(server, prefix):
    pages = [fixture("icims/search-1.html"), fixture("icims/search-2.html")]
    details = {
        job(5101, "remote-coding-auditor"): html(fixture("icims/job-5101.html")),
        job(5102, "him-analyst"): Reply("busy", status=503),
        job(5103, "medical-records-clerk"): Reply(status=410),
        job(5104, "cancer-registrar"): html(fixture("icims/job-5101.html")),
    }
    return {**portal(server, prefix, pages, details=details), "search": "coding"}


def portal_repeats(server, prefix):
    first = fixture("icims/search-1.html")
    return portal(server, prefix, [first, first, first], details={})


def portal_shell(server, prefix):
    details = {
        job(5101, "remote-coding-auditor"): html(fixture("icims/job-5101.html")),
        job(5102, "him-analyst"): Reply("busy", status=503),
    }
    return portal(
        server, prefix, [fixture("icims/search-shell.html")], details=details, sitemap="sitemap.xml"
    )


def portal_empty(server, prefix):
    return portal(
        server,
        prefix,
        [fixture("icims/search-shell.html")],
        details={},
        sitemap="sitemap-empty.xml",
    )


def jibe_rows(count: int) -> list[dict]:
    template = JIBE["jobs"][0]["data"]
    return [{"data": {**template, "slug": f"j{n}", "req_id": f"J{n}"}} for n in range(count)]


def jibe(server, prefix, jobs: list[dict], arrivals: list[float] | None = None):
    def page(request: ServedRequest) -> Reply:
        if arrivals is not None:
            arrivals.append(time.monotonic())
        number, size = int(request.arg("page")), int(request.arg("limit"))
        answer = copy.deepcopy(JIBE)
        answer["totalCount"] = len(jobs)
        answer["jobs"] = jobs[(number - 1) * size : number * size]
        return Reply(answer)

    server.route(f"{prefix}/api/jobs", page)
    return {
        "kind": "icims",
        "url": server.url(f"{prefix}/api/jobs"),
        "params": {"company": "Lakeshore Health"},
    }


JIBE_ARRIVALS: list[float] = []


def jibe_board(server, prefix):
    return jibe(server, prefix, jibe_rows(100) + JIBE["jobs"], JIBE_ARRIVALS)


def jibe_cap(server, prefix):
    return {**jibe(server, prefix, jibe_rows(150)), "max_pages": 1}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(
        tmp_path_factory.mktemp("icims"),
        portal_board,
        portal_repeats,
        portal_shell,
        portal_empty,
        jibe_board,
        jibe_cap,
        settings={"JIBE_CRAWL_DELAY": str(DELAY)},
    )


def test_portal_search_pages_to_a_page_without_rows(crawled):
    pages = requests_to(crawled.server, "/portal_board/jobs/search")
    assert [(r.arg("ss"), r.arg("in_iframe"), r.arg("pr")) for r in pages] == [
        ("1", "1", None),
        ("1", "1", "1"),
        ("1", "1", "2"),
    ]
    assert {r.arg("searchKeyword") for r in pages} == {"coding"}


def test_portal_details_on_the_configured_host_read_kept_and_dropped(crawled):
    items = by_id(crawled.portal_board)
    assert sorted(items) == ["5101", "5102", "5104"]  # 5103's page is gone (410)
    auditor = items["5101"]
    assert (auditor["company"], auditor["salary_min"], auditor["salary_max"]) == (
        "Allegheny Valley Health",
        "62000",
        "78000",
    )
    assert auditor["remote_hint"] == "remote" and auditor["state"] == "PA"
    assert auditor["url"].startswith("https://careers-alleghenyvalley.icims.com/jobs/5101/")
    assert items["5102"]["title"] == "HIM Data Integrity Analyst"  # kept after a 503
    pages = requests_to(crawled.server, "/portal_board" + job(5101, "remote-coding-auditor"))
    assert [r.arg("in_iframe") for r in pages] == ["1"]


def test_portal_repeats_stop_without_closing(crawled):
    assert len(requests_to(crawled.server, "/portal_repeats/jobs/search")) == 2
    details = [r for r in crawled.server.requests if r.path.startswith("/portal_repeats/jobs/5")]
    assert len(details) == 3  # one page per posting, however often it was listed
    assert crawled.portal_repeats.incomplete.startswith("list page 2 brought no new postings")


def test_a_script_search_is_read_through_the_sitemap(crawled):
    items = by_id(crawled.portal_shell)
    assert sorted(items) == ["5101", "5102"]
    assert items["5101"]["title"] == "Remote Coding Auditor"
    # Its page failed: only the id and address are known; the store keeps such a posting open.
    assert "title" not in items["5102"] and items["5102"]["url"].endswith(
        "/jobs/5102/him-analyst/job"
    )
    assert crawled.portal_empty.items == [] and not crawled.portal_empty.failed


def test_jibe_pages_wait_for_the_crawl_delay(crawled):
    pages = requests_to(crawled.server, "/jibe_board/api/jobs")
    assert [(r.arg("page"), r.arg("limit")) for r in pages] == [("1", "100"), ("2", "100")]
    assert JIBE_ARRIVALS[1] - JIBE_ARRIVALS[0] >= DELAY
    items = by_id(crawled.jibe_board)
    assert len(items) == 103 and items["24118"]["salary_max"] == 67000
    assert {item["company"] for item in items.values()} == {"Lakeshore Health"}


def test_jibe_max_pages(crawled):
    assert len(crawled.jibe_cap.items) == 100
    assert crawled.jibe_cap.incomplete == "stopped after max_pages=1 of 2 pages"
