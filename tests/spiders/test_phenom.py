"""Phenom: the search page's and job page's `phApp.ddo` from saved pages, then crawls that
follow the locale redirect, page with half-page overlap, fall back to the widget API, and
read details from the job data or the page's JSON-LD."""

import copy
import json

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import phenom
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html, requests_to

SEARCH_PAGE = fixture("phenom/search-results.html")
DDO = phenom.page_data(SEARCH_PAGE)
ROWS = DDO["eagerLoadRefineSearch"]["data"]["jobs"]
BASE = "https://careers.carolinahealth.org/us/en"


# -- pure extraction -------------------------------------------------------------------


def test_page_data_and_the_widget_settings():
    assert DDO["eagerLoadRefineSearch"]["totalHits"] == 3
    assert phenom.widget_settings(SEARCH_PAGE) == {
        "locale": "en_us",
        "country": "us",
        "refNum": "CARCARUS",
    }
    assert phenom.page_data("<html><body>Service unavailable</body></html>") is None


def test_locale_base():
    assert phenom.locale_base("https://careers.carolinahealth.org/us/en/home") == BASE
    assert phenom.locale_base("https://careers.carolinahealth.org/us/en/") == BASE


def test_list_fields():
    coordinator, coder, registrar = (
        phenom.list_fields(row, base=BASE, company="Carolina Health") for row in ROWS
    )
    assert (coordinator["external_id"], coordinator["url"]) == ("R-5501", f"{BASE}/job/R-5501")
    assert coordinator["state"] == "North Carolina" and coordinator["posted_at"].startswith(
        "2026-11-14"
    )
    assert coder["locations"] == [
        "Raleigh, North Carolina, United States",
        "Durham, North Carolina, United States",
    ]
    assert registrar["employment_type"] == "Part time"


def test_detail_fields_take_the_standardised_state():
    job = phenom.page_data(fixture("phenom/job-detail.html"))["jobDetail"]["data"]["job"]
    fields = phenom.detail_fields(job)
    assert (fields["city"], fields["state"]) == ("Raleigh", "NC")
    assert "$29.50 - $41.00 hourly" in fields["description_html"]


# -- crawls ----------------------------------------------------------------------------


def rendered(rows: list[dict], total: int) -> str:
    ddo = copy.deepcopy(DDO)
    ddo["eagerLoadRefineSearch"].update(hits=len(rows), totalHits=total)
    ddo["eagerLoadRefineSearch"]["data"]["jobs"] = rows
    head, rest = SEARCH_PAGE.split("phApp.ddo = ", 1)
    return head + "phApp.ddo = " + json.dumps(ddo) + ";" + rest.split(";", 1)[1]


def generated(count: int) -> list[dict]:
    return [{**ROWS[0], "jobId": f"G{n}", "reqId": f"G{n}"} for n in range(count)]


def site(server, prefix, search, *, details: dict[str, Reply] | None = None) -> dict:
    """A site whose front page redirects to /us/en; `search(from, size)` draws a page."""
    server.add(
        prefix, Reply("", status=302, headers={"Location": server.url(f"{prefix}/us/en/home")})
    )
    server.add(f"{prefix}/us/en/home", html("<html><body>Welcome</body></html>"))

    def results(request: ServedRequest) -> Reply:
        return html(search(int(request.arg("from")), int(request.arg("size"))))

    def job(request: ServedRequest) -> Reply:
        return (details or {}).get(request.path.rsplit("/", 1)[1], Reply(status=404))

    server.route(f"{prefix}/us/en/search-results", results)
    for row in ROWS + generated(600):
        server.route(f"{prefix}/us/en/job/{row['jobId']}", job)
    return {"kind": "phenom", "url": server.url(prefix), "params": {"company": "Carolina Health"}}


def board(server, prefix):
    details = {
        "R-5501": html(fixture("phenom/job-jsonld.html")),
        "R-5502": html(fixture("phenom/job-detail.html")),
    }  # R-5503: 404, gone
    return {
        **site(server, prefix, lambda start, size: SEARCH_PAGE, details=details),
        "search": "health",
    }


def paging(server, prefix):
    rows = generated(501)
    return site(server, prefix, lambda start, size: rendered(rows[start : start + size], 501))


def empty(server, prefix):
    return site(server, prefix, lambda start, size: fixture("phenom/search-results-empty.html"))


def widget(server, prefix):
    rows = generated(101)

    def refine(request: ServedRequest) -> Reply:
        body = request.json()
        answer = copy.deepcopy(fixture("phenom/widgets-refine-search.json"))
        answer["refineSearch"]["totalHits"] = len(rows)
        answer["refineSearch"]["data"]["jobs"] = rows[body["from"] : body["from"] + body["size"]]
        return Reply(answer)

    server.route("/widgets", refine, method="POST")  # the site's own origin
    return site(server, prefix, lambda start, size: fixture("phenom/search-results-widget.html"))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("phenom"), board, paging, empty, widget)


def test_the_locale_redirect_sets_the_base(crawled):
    pages = requests_to(crawled.server, "/board/us/en/search-results")
    assert [(r.arg("keywords"), r.arg("from"), r.arg("size")) for r in pages] == [
        ("health", "0", "500")
    ]
    assert crawled.server.hits["/board"] == 1 and crawled.server.hits["/board/us/en/home"] == 1


def test_details_from_job_data_or_json_ld(crawled):
    items = by_id(crawled.board)
    assert sorted(items) == ["R-5501", "R-5502"]  # R-5503: 404, gone
    assert items["R-5501"]["description_html"].startswith("<p>Coordinate chart completion")
    assert items["R-5502"]["state"] == "NC" and items["R-5502"]["company"] == "Carolina Health"
    assert crawled.board.reasons() == ["HTTP 404: posting is gone"]


def test_pages_overlap_by_half_and_stop_at_the_total(crawled):
    pages = requests_to(crawled.server, "/paging/us/en/search-results")
    assert [r.arg("from") for r in pages] == ["0", "250"]
    details = [r for r in crawled.server.requests if r.path.startswith("/paging/us/en/job/")]
    assert len(details) == 501  # each posting once, though 250 came twice
    assert crawled.paging.incomplete is None


def test_an_empty_site(crawled):
    assert crawled.empty.items == [] and not crawled.empty.failed


def test_a_site_without_rows_in_its_page_asks_the_widget_api(crawled):
    posts = requests_to(crawled.server, "/widgets")
    assert [r.json()["from"] for r in posts] == [0, 100]
    first = posts[0].json()
    assert (first["ddoKey"], first["lang"], first["country"], first["refNum"], first["size"]) == (
        "refineSearch",
        "en_us",
        "us",
        "CARCARUS",
        100,
    )
    assert posts[0].headers["referer"].endswith("/widget/us/en/search-results")
    details = [r for r in crawled.server.requests if r.path.startswith("/widget/us/en/job/")]
    assert len(details) == 101
