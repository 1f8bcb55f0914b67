"""Taleo: Business Edition result pages and the Enterprise careersection search, from saved
pages and answers, then crawls of both forms (session paging, caps, repeats, empty boards,
failing details) against LocalServer."""

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import taleo
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html, requests_to

PAGE = "https://acme.tbe.taleo.net/acme01/ats/careers/v2/searchResults?org=SUNCOAST&cws=41"
TBE_ROWS = taleo.business_rows(
    fixture("taleo/tbe-results-1.html"), page_url=PAGE, company="Suncoast"
)
SECTION = "https://buckeye.taleo.net/careersection/ext"
ENTERPRISE_ROWS = fixture("taleo/searchjobs-page-1.json")["requisitionList"]


# -- pure extraction -------------------------------------------------------------------


def test_business_rows():
    clerk, coder, director = TBE_ROWS
    assert [row["external_id"] for row in TBE_ROWS] == ["101", "102", "103"]
    assert clerk["title"] == "Medical Records Clerk"
    assert clerk["url"] == (
        "https://acme.tbe.taleo.net/acme01/ats/careers/v2/viewRequisition"
        "?org=SUNCOAST&cws=41&rid=101"
    )
    # "FL - St. Petersburg": Business Edition writes the state first.
    assert (coder["location"], coder["state"], coder["city"]) == (
        "FL - St. Petersburg",
        "FL",
        "St. Petersburg",
    )
    assert director["title"] == "Director of Health Information Management"


def test_an_empty_results_page_has_no_rows():
    assert (
        taleo.business_rows(
            fixture("taleo/tbe-results-empty.html"), page_url=PAGE, company="Suncoast"
        )
        == []
    )


def test_enterprise_row_fields():
    technician, registrar = (
        taleo.enterprise_fields(row, section_url=SECTION) for row in ENTERPRISE_ROWS
    )
    assert technician["external_id"] == "HIM-2201"
    assert technician["url"] == f"{SECTION}/jobdetail.ftl?job=HIM-2201&lang=en"
    assert technician["title"] == "Health Information Technician"
    assert technician["location"] == "US-OH-Columbus"
    assert technician["posted_at"] == "2026-11-03"
    assert registrar["locations"] == ["US-OH-Dayton", "US-OH-Springfield"]


def test_search_body_names_the_page_both_ways():
    body = taleo.search_body(3, keyword="coder")
    assert body["pageNo"] == 3 and body["fieldData"]["currentPageNo"] == 3
    assert body["fieldData"]["fields"]["KEYWORD"] == "coder"


def test_initial_history_keeps_the_markup_parts():
    description = taleo.initial_history_html(fixture("taleo/jobdetail-history.html"))
    assert description.startswith("<p>Abstract cancer cases")
    assert "<li>Associate degree in HIM</li>" in description
    assert "HIM-2202" not in description  # the id and title parts hold no markup


# -- crawls ----------------------------------------------------------------------------

SESSION = "JSESSIONID=tbe-41"
TBE = "/ats/careers/v2"


def tbe_site(server, prefix, pages: list[str], *, details: dict[str, Reply] | None = None):
    """Pages by `next` (none on the first request, which opens the session)."""

    def results(request: ServedRequest) -> Reply:
        page = int(request.arg("next", "0"))
        if page and SESSION not in request.headers.get("cookie", ""):
            return html(fixture("taleo/tbe-results-empty.html"))  # a new session: page 1 again
        body = pages[page] if page < len(pages) else fixture("taleo/tbe-results-empty.html")
        return Reply(body, headers={"Set-Cookie": f"{SESSION}; Path=/"} if not page else {})

    def requisition(request: ServedRequest) -> Reply:
        rid = request.arg("rid")
        return (details or {}).get(rid) or html(fixture("taleo/tbe-requisition-101.html"))

    server.route(f"{prefix}/acme01{TBE}/searchResults", results)
    server.route(f"{prefix}/acme01{TBE}/viewRequisition", requisition)
    url = server.url(f"{prefix}/acme01{TBE}/searchResults?org=SUNCOAST&cws=41")
    return {"kind": "taleo", "url": url}


def tbe_board(server, prefix):
    pages = [fixture("taleo/tbe-results-1.html"), fixture("taleo/tbe-results-2.html")]
    details = {"102": Reply("busy", status=503), "103": Reply(status=404)}
    return {**tbe_site(server, prefix, pages, details=details), "params": {"company": "Suncoast"}}


def tbe_repeats(server, prefix):
    first = fixture("taleo/tbe-results-1.html")
    return tbe_site(server, prefix, [first, first, first])


def tbe_cap(server, prefix):
    pages = [fixture("taleo/tbe-results-1.html"), fixture("taleo/tbe-results-2.html")]
    return {**tbe_site(server, prefix, pages), "max_pages": 1}


def tbe_empty(server, prefix):
    return tbe_site(server, prefix, [fixture("taleo/tbe-results-empty.html")])


def enterprise_site(server, prefix, pages: list[dict], *, details: dict[str, Reply]):
    def search(request: ServedRequest) -> Reply:
        page = request.json()["pageNo"]
        return Reply(
            pages[page - 1] if page <= len(pages) else fixture("taleo/searchjobs-empty.json")
        )

    def detail(request: ServedRequest) -> Reply:
        return details.get(request.arg("job"), Reply(status=404))

    server.route(f"{prefix}/careersection/rest/jobboard/searchjobs", search, method="POST")
    server.route(f"{prefix}/careersection/ext/jobdetail.ftl", detail)
    return {
        "kind": "taleo",
        "url": server.url(f"{prefix}/careersection/ext/jobsearch.ftl?lang=en&portal=8"),
    }


def ent_board(server, prefix):
    pages = [fixture("taleo/searchjobs-page-1.json"), fixture("taleo/searchjobs-page-2.json")]
    details = {
        "HIM-2201": html(fixture("taleo/jobdetail-jsonld.html")),
        "HIM-2202": html(fixture("taleo/jobdetail-history.html")),
        "HIM-2203": Reply("busy", status=502),
    }
    return {**enterprise_site(server, prefix, pages, details=details), "search": "health"}


def ent_empty(server, prefix):
    return enterprise_site(server, prefix, [fixture("taleo/searchjobs-empty.json")], details={})


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(
        tmp_path_factory.mktemp("taleo"),
        tbe_board,
        tbe_repeats,
        tbe_cap,
        tbe_empty,
        ent_board,
        ent_empty,
    )


def test_business_pages_follow_one_session_to_the_empty_page(crawled):
    pages = requests_to(crawled.server, f"/tbe_board/acme01{TBE}/searchResults")
    assert [(r.arg("next"), r.arg("rowFrom")) for r in pages] == [
        (None, None),
        ("1", "10"),
        ("2", "20"),
    ]
    assert all(SESSION in r.headers.get("cookie", "") for r in pages[1:])
    assert {r.arg("org") for r in pages} == {"SUNCOAST"} and {r.arg("cws") for r in pages} == {"41"}


def test_business_details_kept_dropped_and_read(crawled):
    items = by_id(crawled.tbe_board)
    assert sorted(items) == ["101", "102", "104", "105"]  # 103's page is gone (404)
    clerk = items["101"]
    assert (clerk["company"], clerk["salary_min"], clerk["salary_max"]) == (
        "Suncoast Community Health",
        "17.5",
        "21.25",
    )
    assert clerk["salary_period"] == "HOUR" and clerk["description_html"].startswith("<p>Scan")
    assert clerk["url"].startswith("https://acme.tbe.taleo.net/")  # the posting's own page
    kept = items["102"]
    assert (kept["title"], kept["company"], kept["state"]) == (
        "Outpatient Coding Specialist",
        "Suncoast",
        "FL",
    )
    assert sorted(crawled.tbe_board.reasons()) == [
        "HTTP 404: posting is gone",
        "HTTP 503; kept the list entry",
    ]


def test_business_repeats_cap_and_empty(crawled):
    assert crawled.tbe_repeats.incomplete.startswith("list page 2 brought no new postings")
    assert len(crawled.tbe_repeats.items) == 3
    assert crawled.tbe_cap.incomplete == "stopped after max_pages=1 pages"
    assert len(crawled.tbe_cap.items) == 3
    assert crawled.tbe_empty.items == [] and not crawled.tbe_empty.failed


def test_enterprise_search_posts_the_sections_own_body(crawled):
    posts = requests_to(crawled.server, "/ent_board/careersection/rest/jobboard/searchjobs")
    assert [r.json()["pageNo"] for r in posts] == [1, 2]
    first = posts[0]
    assert (first.arg("lang"), first.arg("portal")) == ("en", "8")
    assert first.headers["tz"] and first.headers["tzname"]
    assert first.json()["fieldData"]["fields"]["KEYWORD"] == "health"


def test_enterprise_details_from_json_ld_or_the_page_history(crawled):
    items = by_id(crawled.ent_board)
    assert sorted(items) == ["HIM-2201", "HIM-2202", "HIM-2203"]
    assert items["HIM-2201"]["company"] == "Buckeye Valley Hospitals"
    assert "$22.00 - $27.50 per hour" in items["HIM-2201"]["description_html"]
    assert "ODS-C (formerly CTR) required" in items["HIM-2202"]["description_html"]
    assert items["HIM-2203"]["title"] == "Coding Quality Auditor (Remote)"  # kept after a 502
    assert crawled.ent_empty.items == [] and not crawled.ent_empty.failed
