"""Job feeds (XML <job>, RSS 2.0, Atom): fields per format, then crawls against LocalServer."""

import pytest

from demo.server import Reply
from spiders.sources.feed import feed_kind, feed_postings
from tests.crawling import crawl
from tests.spiders.conftest import file_response, fixture_path, logged


def entries(name: str, **kwargs) -> list[dict]:
    response = file_response(f"feed/{name}", url="https://feeds.example/jobs")
    return list(feed_postings(response, kind=feed_kind(response.body), **kwargs))


JOBS = entries("jobs.xml")
AUDITOR, TECHNICIAN, REMOTE_CODER, WAREHOUSE = JOBS
REGISTRAR, CDI = entries("rss.xml")
MANAGER, ACCESS = entries("atom.xml")


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b'<?xml version="1.0"?>\n<rss version="2.0"><channel/></rss>', "rss"),
        (b'\xef\xbb\xbf<feed xmlns="http://www.w3.org/2005/Atom"/>', "atom"),
        (b"<?xml version='1.0'?><!-- jobs --><source><job/></source>", "jobs"),
        (b"<!DOCTYPE html><html><body>Oops</body></html>", None),
        (b'{"jobs": []}', None),
    ],
)
def test_feed_kind(body, kind):
    assert feed_kind(body) == kind


# -- XML job feed (Indeed / Appcast style) ------------------------------------------


def test_job_feed_reads_every_job():
    assert [job["title"] for job in JOBS] == [
        "Coding Quality Auditor",
        "Medical Records Technician",
        "Remote Medical Coder - Pro Fee",
        "Warehouse Associate",
    ]


def test_job_external_id_from_referencenumber():
    assert AUDITOR["external_id"] == "SH-7781"


def test_job_url_and_company():
    assert AUDITOR["url"] == "https://careers.summithealth.example/jobs/SH-7781?src=feed"
    assert AUDITOR["company"] == "Summit Health"


def test_job_place_parts_and_location():
    assert (AUDITOR["city"], AUDITOR["state"], AUDITOR["country"]) == ("Denver", "CO", "US")
    assert AUDITOR["location"] == "Denver, CO 80202"


def test_job_cdata_body_is_html():
    assert AUDITOR["description_html"].startswith("<p>Audit inpatient")


def test_job_escaped_body_is_html():
    assert TECHNICIAN["description_html"] == (
        "<p>Prepare, scan and index records. RHIT eligible candidates welcome.</p>"
    )


def test_job_rfc822_date_becomes_iso():
    assert AUDITOR["posted_at"] == "2025-03-04T14:20:00+00:00"
    assert TECHNICIAN["posted_at"] == "2025-03-02"


def test_job_salary_text_and_structured_salary():
    assert AUDITOR["salary_text"] == "$70,000 - $82,000 per year"
    assert (TECHNICIAN["salary_min"], TECHNICIAN["salary_max"]) == ("18.75", "22.10")
    assert (TECHNICIAN["salary_currency"], TECHNICIAN["salary_period"]) == ("USD", "hourly")


def test_job_type():
    assert AUDITOR["employment_type"] == "fulltime"


def test_job_remote_flags():
    assert AUDITOR["remote_hint"] == "hybrid"
    assert TECHNICIAN["remote_hint"] == "onsite"
    assert REMOTE_CODER["remote_hint"] == "remote"
    assert "remote_hint" not in WAREHOUSE


# -- RSS ------------------------------------------------------------------------------


def test_rss_guid_is_the_external_id_else_the_link():
    assert REGISTRAR["external_id"] == "himjobs-1187"
    assert CDI["external_id"] == "https://himjobs.example/jobs/cdi-specialist"


def test_rss_company_from_a_company_prefix_in_the_title():
    assert (REGISTRAR["company"], REGISTRAR["title"]) == (
        "Harbor Medical Group",
        "Cancer Registrar",
    )


def test_rss_company_from_dc_creator():
    assert CDI["company"] == "Valley Health Network"
    assert CDI["title"] == "Clinical Documentation Integrity Specialist"


def test_rss_company_from_the_source_keeps_the_title_whole():
    registrar = entries("rss.xml", company="Harbor Medical Group")[0]
    assert registrar["title"] == "Harbor Medical Group: Cancer Registrar"
    assert registrar["company"] == "Harbor Medical Group"


def test_rss_prefers_content_encoded():
    assert REGISTRAR["description_html"] == "<p>Abstract oncology cases; <b>ODS-C required</b>.</p>"


def test_rss_region_and_date():
    assert REGISTRAR["location"] == "Portland, OR"
    assert CDI["posted_at"] == "2025-03-02T09:00:00-05:00"


# -- Atom -----------------------------------------------------------------------------


def test_atom_alternate_link_id_and_author():
    assert MANAGER["url"] == "https://careers.cedarvalley.example/jobs/HIM-204"
    assert MANAGER["external_id"] == "urn:cedar-valley:job:HIM-204"
    assert MANAGER["company"] == "Cedar Valley Health"


def test_atom_content_published_and_fallbacks():
    assert MANAGER["description_html"].startswith("<p>Lead a team of 12 coders")
    assert MANAGER["posted_at"] == "2025-03-04T12:00:00Z"
    assert ACCESS["url"] == "https://careers.cedarvalley.example/jobs/PAR-118"
    assert ACCESS["company"] == "Cedar Valley Health Careers"  # the feed's title
    assert ACCESS["description_html"] == "Register patients at the front desk."


# -- crawls ---------------------------------------------------------------------------


def test_crawl_a_job_feed(server, tmp_path):
    xml = fixture_path("feed/jobs.xml").read_bytes()
    server.add("/feeds/summit.xml", Reply(xml, headers={"Content-Type": "application/xml"}))
    source = {"name": "summit", "kind": "feed", "url": server.url("/feeds/summit.xml")}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert sorted(item["external_id"] for item in result.items) == [
        "SH-7781",
        "SH-7790",
        "SH-7795",
        "SH-7801",
    ]
    assert all(item["source"] == "summit" for item in result.items)
    assert logged(result.log) == []


def test_crawl_an_html_error_page_fails_the_run(server, tmp_path):
    server.add("/feeds/summit.xml", Reply("<!DOCTYPE html><html><body>Login</body></html>"))
    source = {"name": "summit", "kind": "feed", "url": server.url("/feeds/summit.xml")}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert result.items == []
    errors = logged(result.log)
    assert errors == [
        f"{server.url('/feeds/summit.xml')}: HTTP 200 but not an RSS, Atom or job feed"
    ]
