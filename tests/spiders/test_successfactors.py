"""SuccessFactors: search rows and job pages (JSON-LD, microdata, plain) from saved pages,
then paging by startrow to the stated total, repeats, a cap, an empty site and failing
details in one crawl."""

import pytest

from demo.server import Reply, ServedRequest
from spiders.sources import successfactors as sf
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html, requests_to

SITE = "https://careers.prairiehealth.org"
ROWS = sf.search_rows(
    fixture("successfactors/search-1.html"), page_url=f"{SITE}/search/", company="Prairie"
)


# -- pure extraction -------------------------------------------------------------------


def test_each_row_once_though_it_shows_twice():
    assert [row["external_id"] for row in ROWS] == ["801001", "801002", "801003"]
    coder = ROWS[0]
    assert coder["url"] == f"{SITE}/job/Omaha-Coding-Specialist-NE/801001/"
    assert (coder["title"], coder["location"], coder["posted_at"]) == (
        "Coding Specialist",
        "Omaha, NE, US",
        "2026-11-20",
    )


def test_results_total_from_the_label():
    assert sf.results_total(fixture("successfactors/search-1.html")) == 5
    assert sf.results_total(fixture("successfactors/search-empty.html")) is None


def test_job_page_json_ld():
    fields = sf.detail_fields(fixture("successfactors/job-jsonld.html"), page_url=SITE)
    assert fields["company"] == "Prairie Health" and fields["state"] == "NE"
    assert "$23.00 to $29.00 per hour" in fields["description_html"]


def test_job_page_microdata_with_its_markup_and_date():
    fields = sf.detail_fields(fixture("successfactors/job-microdata.html"), page_url=SITE)
    assert (fields["title"], fields["company"], fields["city"]) == (
        "HIM Supervisor",
        "Prairie Health",
        "Lincoln",
    )
    assert fields["posted_at"] == "2026-11-19"
    assert fields["description_html"].startswith('<span class="jobdescription"')
    assert "<p>Hybrid: three days on site.</p>" in fields["description_html"]


def test_job_page_without_structured_data_gives_its_description():
    fields = sf.detail_fields(fixture("successfactors/job-plain.html"), page_url=SITE)
    assert fields == {"description_html": fields["description_html"]}
    assert "CCDS or CDIP required" in fields["description_html"]
    assert sf.detail_fields("<html><body>Not found</body></html>", page_url=SITE) is None


# -- crawls ----------------------------------------------------------------------------


def under(prefix: str, page: str) -> str:
    """A site under a path (`jobs.example.org/nsha/`) links to its jobs under it too."""
    return page.replace('href="/job/', f'href="{prefix}/job/')


def site(server, prefix, pages: dict[int, str], *, details: dict[str, Reply] | None = None):
    def search(request: ServedRequest) -> Reply:
        page = pages.get(
            int(request.arg("startrow", "0")), fixture("successfactors/search-empty.html")
        )
        return html(under(prefix, page))

    def job(request: ServedRequest) -> Reply:
        number = request.path.rstrip("/").rsplit("/", 1)[-1]
        return (details or {}).get(number) or html(fixture("successfactors/job-plain.html"))

    server.route(f"{prefix}/search/", search)
    for row_page in pages.values():
        for row in sf.search_rows(row_page, page_url=server.url("/"), company="x"):
            server.route(prefix + row["url"].split(server.url(""), 1)[1], job)
    return {"kind": "successfactors", "url": server.url(prefix)}


def board(server, prefix):
    pages = {0: fixture("successfactors/search-1.html"), 3: fixture("successfactors/search-2.html")}
    details = {
        "801001": html(fixture("successfactors/job-jsonld.html")),
        "801002": html(fixture("successfactors/job-microdata.html")),
        "801004": Reply("busy", status=503),
        "801005": Reply(status=404),
    }
    return {**site(server, prefix, pages, details=details), "search": "coding"}


def repeats(server, prefix):
    first = fixture("successfactors/search-1.html").replace("of <b>5", "of <b>10")
    return site(server, prefix, {0: first, 3: first})


def cap(server, prefix):
    pages = {0: fixture("successfactors/search-1.html"), 3: fixture("successfactors/search-2.html")}
    return {**site(server, prefix, pages), "max_pages": 1}


def empty(server, prefix):
    return site(server, prefix, {0: fixture("successfactors/search-empty.html")})


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("successfactors"), board, repeats, cap, empty)


def test_pages_by_startrow_to_the_total(crawled):
    pages = requests_to(crawled.server, "/board/search/")
    assert [(r.arg("q"), r.arg("startrow")) for r in pages] == [("coding", "0"), ("coding", "3")]
    assert all(r.headers["accept"] == "text/html" for r in pages)


def test_details_read_kept_and_dropped(crawled):
    items = by_id(crawled.board)
    assert sorted(items) == ["801001", "801002", "801003", "801004"]  # 801005: 404, gone
    assert items["801001"]["company"] == "Prairie Health"
    assert items["801002"]["posted_at"] == "2026-11-19"
    assert "Work from home" in items["801003"]["description_html"]
    assert items["801004"]["title"] == "Medical Records Clerk"  # kept after a 503
    assert items["801004"]["url"] == crawled.server.url(
        "/board/job/Kearney-Medical-Records-Clerk-NE/801004/"
    )


def test_repeats_cap_and_an_empty_site(crawled):
    assert crawled.repeats.incomplete.startswith("list page 2 brought no new postings")
    assert crawled.cap.incomplete == "stopped after max_pages=1 of 2 pages"
    assert len(crawled.cap.items) == 3
    assert crawled.empty.items == [] and not crawled.empty.failed
