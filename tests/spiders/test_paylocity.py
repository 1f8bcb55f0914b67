"""Paylocity: the board page's pageData and the details page from saved pages, then a crawl
with details read (description, JSON-LD pay), kept (5xx) and dropped (404), and an empty
board."""

import pytest

from demo.server import Reply
from spiders.sources import paylocity
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, html

GUID = "5f0d2c1e-7a3b-4c9d-8e1f-2a3b4c5d6e7f"
ROOT = "https://recruiting.paylocity.com"
JOBS = paylocity.page_data(fixture("paylocity/board.html"))["Jobs"]
TECH, CODER, ROI = (paylocity.list_fields(job, root=ROOT, company="TVFH") for job in JOBS)


def test_list_fields():
    assert (TECH["external_id"], TECH["url"]) == ("7101", f"{ROOT}/Recruiting/Jobs/Details/7101")
    assert (TECH["city"], TECH["state"], TECH["country"]) == ("Boise", "ID", "USA")
    assert TECH["remote_hint"] is None and CODER["remote_hint"] == "remote"
    assert CODER["location"] is None  # no place shown for the remote job
    assert ROI["posted_at"] == "2026-11-10T09:30:00-07:00"
    assert paylocity.page_data("<html><body>Error</body></html>") is None


def test_details_page_description_without_its_buttons():
    fields = paylocity.detail_fields(fixture("paylocity/details-7101.html"), page_url=ROOT)
    assert "RHIT preferred" in fields["description_html"]
    assert (
        "Apply" not in fields["description_html"]
        and "job-listing-header" not in fields["description_html"]
    )


def test_details_page_with_json_ld_pay():
    fields = paylocity.detail_fields(fixture("paylocity/details-7102.html"), page_url=ROOT)
    assert (fields["salary_min"], fields["salary_max"], fields["salary_period"]) == (
        "52000",
        "61000",
        "YEAR",
    )
    assert (
        fields["remote_hint"] == "remote" and fields["company"] == "Treasure Valley Family Health"
    )


def board(server, prefix):
    server.add(
        f"{prefix}/recruiting/jobs/All/{GUID}/Treasure-Valley",
        html(fixture("paylocity/board.html")),
    )
    server.add(
        f"{prefix}/Recruiting/Jobs/Details/7101", html(fixture("paylocity/details-7101.html"))
    )
    server.add(
        f"{prefix}/Recruiting/Jobs/Details/7102", html(fixture("paylocity/details-7102.html"))
    )
    server.add(f"{prefix}/Recruiting/Jobs/Details/7103", Reply(status=404))
    url = server.url(f"{prefix}/recruiting/jobs/All/{GUID}/Treasure-Valley")
    return {"kind": "paylocity", "url": url, "params": {"company": "Treasure Valley Family Health"}}


def busy(server, prefix):
    server.add(f"{prefix}/recruiting/jobs/All/{GUID}", html(fixture("paylocity/board.html")))
    for job in JOBS:
        server.add(f"{prefix}/Recruiting/Jobs/Details/{job['JobId']}", Reply("busy", status=503))
    return {"kind": "paylocity", "url": server.url(f"{prefix}/recruiting/jobs/All/{GUID}")}


def empty(server, prefix):
    server.add(f"{prefix}/recruiting/jobs/All/{GUID}", html(fixture("paylocity/board-empty.html")))
    return {"kind": "paylocity", "url": server.url(f"{prefix}/recruiting/jobs/All/{GUID}")}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("paylocity"), board, busy, empty)


def test_details_read_and_gone(crawled):
    items = by_id(crawled.board)
    assert sorted(items) == ["7101", "7102"]  # 7103: 404, gone
    assert "$20.00 - $25.00 per hour" in items["7101"]["description_html"]
    assert items["7102"]["salary_max"] == "61000" and items["7102"]["remote_hint"] == "remote"
    assert items["7101"]["company"] == "Treasure Valley Family Health"


def test_failed_details_keep_the_board_rows(crawled):
    items = by_id(crawled.busy)
    assert sorted(items) == ["7101", "7102", "7103"]
    assert items["7101"]["description_text"] == "Maintain patient records for our clinics."
    assert crawled.busy.reasons() == ["HTTP 503; kept the list entry"] * 3


def test_an_empty_board(crawled):
    assert crawled.empty.items == [] and not crawled.empty.failed
