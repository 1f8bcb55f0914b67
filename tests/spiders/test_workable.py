"""Workable: the widget account in both its forms (with and without descriptions) and a
job's own answer, from saved answers, then a crawl with details read, kept and dropped."""

import pytest

from demo.server import Reply
from spiders.sources import workable
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, requests_to

ACCOUNT = fixture("workable/account.json")
SPECIALIST, CODER, LEAD = (workable.list_fields(job, company="Cascade") for job in ACCOUNT["jobs"])


def test_list_fields():
    assert (SPECIALIST["external_id"], SPECIALIST["url"]) == (
        "A1B2C3D4E5",
        "https://apply.workable.com/j/A1B2C3D4E5",
    )
    assert SPECIALIST["location"] == "Tacoma, Washington, United States"
    assert (SPECIALIST["city"], SPECIALIST["state"], SPECIALIST["country"]) == (
        "Tacoma",
        "Washington",
        "US",
    )
    assert CODER["remote_hint"] == "remote" and SPECIALIST["remote_hint"] is None
    assert SPECIALIST["description_html"] is None  # this form lists no descriptions


def test_the_details_form_lists_whole_postings():
    (job,) = fixture("workable/account-details.json")["jobs"]
    assert "work from home" in workable.list_fields(job, company="Cascade")["description_html"]


def test_detail_fields_join_the_sections_and_read_the_workplace():
    fields = workable.detail_fields(fixture("workable/job-A1B2C3D4E5.json"))
    assert fields["remote_hint"] == "hybrid"
    assert (
        "RHIT required" in fields["description_html"]
        and "$26.00 - $33.00 per hour" in fields["description_html"]
    )


def account(server, prefix, answer, **jobs: Reply):
    server.add(f"{prefix}/api/v1/widget/accounts/cascadebh", answer)
    for shortcode, reply in jobs.items():
        server.add(f"{prefix}/api/v1/accounts/cascadebh/jobs/{shortcode}", reply)
    return {"kind": "workable", "url": server.url(f"{prefix}/api/v1/widget/accounts/cascadebh")}


def board(server, prefix):
    return account(
        server,
        prefix,
        ACCOUNT,
        A1B2C3D4E5=Reply(fixture("workable/job-A1B2C3D4E5.json")),
        F6G7H8I9J0=Reply("busy", status=503),
        K1L2M3N4O5=Reply(status=404),
    )


def details(server, prefix):
    return account(server, prefix, fixture("workable/account-details.json"))


def empty(server, prefix):
    return account(server, prefix, fixture("workable/account-empty.json"))


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("workable"), board, details, empty)


def test_details_read_kept_and_dropped(crawled):
    (listing,) = requests_to(crawled.server, "/board/api/v1/widget/accounts/cascadebh")
    assert listing.arg("details") == "true"
    items = by_id(crawled.board)
    assert sorted(items) == ["A1B2C3D4E5", "F6G7H8I9J0"]
    assert items["A1B2C3D4E5"]["remote_hint"] == "hybrid"
    assert {item["company"] for item in items.values()} == {"Cascade Behavioral Health"}
    assert sorted(crawled.board.reasons()) == [
        "HTTP 404: posting is gone",
        "HTTP 503; kept the list entry",
    ]


def test_an_account_with_descriptions_needs_no_detail(crawled):
    assert sorted(by_id(crawled.details)) == ["P6Q7R8S9T0"]
    assert not [
        r for r in crawled.server.requests if r.path.startswith("/details/api/v1/accounts/")
    ]


def test_an_empty_account(crawled):
    assert crawled.empty.items == [] and not crawled.empty.failed


def test_the_accounts_education_field_is_a_structured_hint():
    job = {**ACCOUNT["jobs"][0], "education": "Bachelor's Degree"}
    assert workable.list_fields(job, company="Cascade")["education_hint"] == "Bachelor's Degree"
    assert SPECIALIST.get("education_hint") is None  # a job without the field has none
