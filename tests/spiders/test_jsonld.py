"""JSON-LD job pages: extraction per field on saved pages, then crawls of page lists and
sitemaps against LocalServer."""

import gzip
import json

import pytest

from demo.server import Reply
from spiders.sources.jsonld import find_job_postings, jsonld_blocks, loads_lenient, posting_fields
from tests.crawling import crawl
from tests.spiders.conftest import file_response, fixture_path, logged


def postings(name: str, url: str | None = None) -> list[dict]:
    response = file_response(f"jsonld/{name}.html", url=url or f"https://jobs.example/{name}")
    blocks, _problems = jsonld_blocks(response.text)
    return [
        posting_fields(posting, page_url=response.url, fallback_company="site", index=index)
        for index, posting in enumerate(find_job_postings(blocks))
    ]


def coder() -> dict:
    return postings("coder")[0]


def remote_analyst() -> dict:
    return postings("graph")[0]


# -- finding JobPosting objects --------------------------------------------------------


def test_only_the_job_posting_of_a_page_is_taken():
    assert [posting["title"] for posting in postings("coder")] == ["Inpatient Coding Specialist"]


def test_graph_with_a_type_list_is_searched():
    assert remote_analyst()["title"] == "HIM Data Analyst (Remote)"


def test_a_top_level_list_gives_every_posting():
    assert [p["title"] for p in postings("list")] == [
        "Release of Information Specialist",
        "Line Cook",
    ]


def test_nested_posting_inside_another_object_is_found():
    page = {"@type": "WebPage", "mainEntity": {"@type": "schema:JobPosting", "title": "ROI Clerk"}}
    assert [p["title"] for p in find_job_postings(page)] == ["ROI Clerk"]


def test_a_broken_block_is_reported_and_the_next_block_still_read():
    blocks, problems = jsonld_blocks(file_response("jsonld/broken.html").text)
    assert len(problems) == 1 and problems[0].startswith("broken JSON-LD in script #1")
    assert [p["title"] for p in find_job_postings(blocks)] == ["Medical Records Clerk"]


@pytest.mark.parametrize(
    "text",
    ['<!-- {"a": 1} -->', '//<![CDATA[\n{"a": 1}\n//]]>', '{"a": 1,}', '{"a": "x\ty"}'],
)
def test_lenient_json(text):
    assert loads_lenient(text)["a"] in (1, "x\ty")


def test_a_page_without_json_ld_has_no_blocks():
    assert jsonld_blocks("<html><body>no data</body></html>") == ([], [])


# -- fields ---------------------------------------------------------------------------


def test_external_id_from_a_property_value():
    assert coder()["external_id"] == "LR-88214"
    assert postings("broken")[0]["external_id"] == "4471"  # a number value


def test_external_id_from_a_plain_identifier():
    assert remote_analyst()["external_id"] == "NS-3307"


def test_external_id_without_identifier_is_the_page_url():
    first, second = postings("list", url="https://pinecrest.example/jobs")
    assert first["external_id"] == "https://pinecrest.example/jobs"
    assert second["external_id"] == "https://pinecrest.example/jobs#1"


def test_url_prefers_the_posting_url():
    assert coder()["url"] == "https://careers.lakeside.example/jobs/LR-88214"
    assert remote_analyst()["url"] == "https://jobs.example/graph"


def test_company_from_hiring_organization_object_or_string():
    assert coder()["company"] == "Lakeside Regional Medical Center"
    assert remote_analyst()["company"] == "Northstar Health Partners"


def test_company_falls_back_when_the_posting_names_none():
    posting = {"@type": "JobPosting", "title": "Coder"}
    assert posting_fields(posting, page_url="u", fallback_company="site")["company"] == "site"


def test_job_location_address_parts():
    assert (coder()["city"], coder()["state"], coder()["country"]) == ("Madison", "WI", "US")
    assert coder()["location"] == "Madison, WI 53703, US"


def test_several_job_locations_and_a_country_object():
    roi = postings("list")[0]
    assert roi["locations"] == ["Raleigh, North Carolina, US", "Durham, NC, US"]
    assert roi["country"] == "US"


def test_an_address_string_is_the_location():
    assert postings("list")[1]["location"] == "Cary, NC 27511"


def test_placeholder_address_parts_are_ignored():
    posting = {
        "@type": "JobPosting",
        "jobLocation": {"address": {"addressLocality": "Tulsa", "addressRegion": "UNAVAILABLE"}},
    }
    fields = posting_fields(posting, page_url="u", fallback_company="c")
    assert fields["city"] == "Tulsa" and "state" not in fields


def test_telecommute_is_remote_and_applicant_locations_are_the_location():
    assert remote_analyst()["remote_hint"] == "remote"
    assert remote_analyst()["locations"] == ["Minnesota", "Iowa"]
    assert "remote_hint" not in coder()


def test_base_salary_range():
    pay = {key: value for key, value in coder().items() if key.startswith("salary_")}
    assert pay == {
        "salary_min": "27.5",
        "salary_max": "36.25",
        "salary_currency": "USD",
        "salary_period": "HOUR",
    }


def test_single_salary_value_sets_both_bounds():
    roi = postings("list")[0]
    assert (roi["salary_min"], roi["salary_max"], roi["salary_period"]) == ("21", "21", "HOUR")


def test_estimated_salary_is_marked():
    analyst = remote_analyst()
    assert (analyst["salary_min"], analyst["salary_max"]) == ("68000", "84000")
    assert analyst["salary_estimated"] is True
    assert "salary_estimated" not in coder()


def test_bare_base_salary_uses_salary_currency():
    posting = {"@type": "JobPosting", "baseSalary": "52000", "salaryCurrency": "USD"}
    fields = posting_fields(posting, page_url="u", fallback_company="c")
    assert (fields["salary_min"], fields["salary_currency"]) == ("52000", "USD")


def test_employment_type_string_or_list():
    assert coder()["employment_type"] == "FULL_TIME"
    assert remote_analyst()["employment_type"] == "FULL_TIME, CONTRACTOR"


def test_date_posted_and_description():
    assert coder()["posted_at"] == "2025-02-27"
    assert coder()["description_html"].startswith("<p>Code inpatient records")


def test_title_falls_back_to_name():
    posting = {"@type": "JobPosting", "name": "Coding Educator"}
    assert posting_fields(posting, page_url="u", fallback_company="c")["title"] == "Coding Educator"


# -- crawls ---------------------------------------------------------------------------


def serve_page(server, path: str, name: str) -> str:
    server.add(path, Reply(fixture_path(f"jsonld/{name}").read_text()))
    return server.url(path)


def test_crawl_job_pages_records_non_fatal_errors(server, tmp_path):
    urls = [
        serve_page(server, f"/jobs/{name}", f"{name}.html")
        for name in ("coder", "graph", "broken", "no_posting")
    ]
    server.add("/jobs/closed", Reply("gone", status=410))
    urls.append(server.url("/jobs/closed"))
    source = {"name": "lakeside", "kind": "jsonld", "urls": urls}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    titles = sorted(item["title"] for item in result.items)
    assert titles == [
        "HIM Data Analyst (Remote)",
        "Inpatient Coding Specialist",
        "Medical Records Clerk",
    ]
    assert all(item["source_kind"] == "jsonld" for item in result.items)
    warnings = " | ".join(logged(result.log, "WARNING"))
    assert f"{urls[2]}: broken JSON-LD in script #1" in warnings
    assert f"{urls[3]}: no schema.org JobPosting on the page" in warnings
    assert f"{urls[4]}: HTTP 410: posting is gone" in warnings
    assert logged(result.log) == []


def test_crawl_follows_a_gzipped_sitemap_index_and_filters_pages(server, tmp_path):
    server.add("/sitemap_index.xml", Reply(fixture_path("jsonld/sitemap_index.xml").read_bytes()))
    sitemap = fixture_path("jsonld/sitemap.xml").read_bytes()
    server.add("/sitemap-jobs.xml", Reply(gzip.compress(sitemap)))
    serve_page(server, "/jobs/coder.html", "coder.html")
    serve_page(server, "/jobs/graph.html", "graph.html")
    server.add("/about", Reply("<html>about us</html>"))
    source = {
        "name": "lakeside",
        "kind": "jsonld",
        "sitemap": server.url("/sitemap_index.xml"),
        "params": {"url_pattern": "/jobs/"},
    }
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert sorted(item["external_id"] for item in result.items) == ["LR-88214", "NS-3307"]
    assert server.hits["/about"] == 0
    assert logged(result.log) == []


def test_crawl_fails_when_every_page_fails(server, tmp_path):
    server.add("/jobs/a", Reply("down", status=500))
    source = {"name": "lakeside", "kind": "jsonld", "urls": [server.url("/jobs/a")]}
    result = crawl(source, tmp_path=tmp_path, raw=True, settings={"RETRY_TIMES": "0"})

    assert result.items == []
    assert any("all 1 job pages failed" in line for line in logged(result.log))


# -- a page that cannot be read this time keeps its posting open ------------------------


def job_page(title: str, *, padding: str = "") -> str:
    posting = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": title,
        "hiringOrganization": "Lakeside Health",
        "description": "Code charts." + padding,
    }
    block = json.dumps(posting)
    return f'<html><script type="application/ld+json">{block}</script></html>'


UNREADABLE = {
    "5xx": Reply("down", status=503),
    "truncated": Reply(job_page("Medical Coder")[:90]),
    "huge": Reply(job_page("Medical Coder", padding="x" * 2_100_000)),
}


@pytest.mark.parametrize("fault", UNREADABLE)
def test_a_page_unreadable_this_time_keeps_its_stored_posting_open(server, tmp_path, fault):
    from store.db import init_db, session_scope
    from store.export import export_records
    from tests.cli.boards import scrape_runs

    server.add("/jobs/coder", Reply(job_page("Medical Coder")))
    server.add("/jobs/clerk", Reply(job_page("Medical Records Clerk")))
    urls = [server.url("/jobs/coder"), server.url("/jobs/clerk")]
    source = {"name": "lakeside", "kind": "jsonld", "urls": urls, "keep": "all"}
    db_path = tmp_path / "store.db"
    db_url = f"sqlite:///{db_path}"
    first = crawl(source, tmp_path=tmp_path, db_url=db_url, settings={"RETRY_TIMES": "1"})
    assert first.returncode == 0, first.log[-3000:]

    server.add("/jobs/coder", UNREADABLE[fault])
    second = crawl(source, tmp_path=tmp_path, db_url=db_url, settings={"RETRY_TIMES": "1"})
    assert second.returncode == 0, second.log[-3000:]

    with session_scope(init_db(db_url), readonly=True) as session:
        closed = {r["url"]: r["closed_at"] for r in export_records(session=session)}
    assert closed == {urls[0]: None, urls[1]: None}
    run = scrape_runs(db_path)[-1]
    assert run["status"] == "succeeded" and run["closed"] == 0
    assert run["stats"]["unreadable"] == 1
    assert "1 seen but unreadable kept open" in run["note"]
    assert any(
        e["url"] == urls[0] and "its stored posting stays open" in e["reason"]
        for e in run["errors"]
    ), run["errors"]


def test_a_gzipped_sitemap_that_expands_past_the_size_cap_fails_its_url(server, tmp_path):
    # 40 kB of gzip that expands to 40 MB of blank urlset: over the 4 MB cap set here.
    bomb = b"<?xml version='1.0'?><urlset>" + b" " * 40_000_000 + b"</urlset>"
    server.add("/sitemap.xml.gz", Reply(gzip.compress(bomb)))
    source = {"name": "lakeside", "kind": "jsonld", "sitemap": server.url("/sitemap.xml.gz")}
    settings = {"DOWNLOAD_MAXSIZE": str(4 * 1024 * 1024)}
    result = crawl(source, tmp_path=tmp_path, raw=True, settings=settings)

    assert result.items == []
    errors = logged(result.log)
    assert any(
        line.startswith(f"{server.url('/sitemap.xml.gz')}: gzipped sitemap of ")
        and "expands past DOWNLOAD_MAXSIZE (4,194,304 bytes); not read" in line
        for line in errors
    ), errors


@pytest.mark.parametrize(
    ("requirements", "hint"),
    [
        ("Bachelor's Degree in Computer Science.", "Bachelor's Degree in Computer Science."),
        ({"@type": "EducationalOccupationalCredential", "credentialCategory": "bachelor degree"},
         "bachelor degree"),
        ([{"@type": "EducationalOccupationalCredential", "credentialCategory": "high school"}],
         "high school"),
    ],
)  # fmt: skip
def test_education_requirements_are_the_education_hint(requirements, hint):
    posting = {"@type": "JobPosting", "title": "Coder", "educationRequirements": requirements}
    fields = posting_fields(posting, page_url="https://jobs.example/1", fallback_company="site")
    assert fields["education_hint"] == hint
