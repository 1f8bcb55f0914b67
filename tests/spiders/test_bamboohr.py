"""BambooHR: the careers list and a job's detail from saved answers, then a crawl with
details read, kept and dropped, and an empty board."""

import pytest

from demo.server import Reply
from spiders.sources import bamboohr
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture

ROOT = "https://highdesertclinic.bamboohr.com"
OPENINGS = fixture("bamboohr/list.json")["result"]
COORDINATOR, CODER, MANAGER = (
    bamboohr.list_fields(opening, root=ROOT, company="High Desert Clinic") for opening in OPENINGS
)


def test_list_fields_and_location_types():
    assert (COORDINATOR["external_id"], COORDINATOR["url"]) == ("31", f"{ROOT}/careers/31")
    assert (COORDINATOR["city"], COORDINATOR["state"]) == ("Bend", "Oregon")
    assert [row["remote_hint"] for row in (COORDINATOR, CODER, MANAGER)] == [
        "onsite",
        "remote",
        "hybrid",
    ]
    assert (CODER["city"], CODER["country"]) == ("Redmond", "United States")  # from atsLocation
    assert CODER["employment_type"] == "Full-Time"


def test_detail_fields_with_the_pay_line():
    fields = bamboohr.detail_fields(fixture("bamboohr/detail-32.json")["result"]["jobOpening"])
    assert fields["salary_text"] == "$24 - $30 per hour"
    assert fields["description_html"].startswith("<p>Code clinic visits")
    assert fields["posted_at"] == "2026-11-09" and fields["remote_hint"] == "remote"


def test_the_company_comes_from_the_subdomain_only_on_bamboohr():
    assert bamboohr.subdomain(ROOT) == "highdesertclinic"
    assert bamboohr.subdomain("http://127.0.0.1:8000") is None


def board(server, prefix):
    server.add(f"{prefix}/careers/list", fixture("bamboohr/list.json"))
    server.add(f"{prefix}/careers/32/detail", fixture("bamboohr/detail-32.json"))
    server.add(f"{prefix}/careers/31/detail", Reply("busy", status=503))
    server.add(f"{prefix}/careers/33/detail", Reply(status=404))
    return {"kind": "bamboohr", "url": server.url(f"{prefix}/careers")}


def empty(server, prefix):
    server.add(f"{prefix}/careers/list", fixture("bamboohr/list-empty.json"))
    return {
        "kind": "bamboohr",
        "url": server.url(prefix),
        "params": {"company": "High Desert Clinic"},
    }


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("bamboohr"), board, empty)


def test_details_read_kept_and_dropped(crawled):
    items = by_id(crawled.board)
    assert sorted(items) == ["31", "32"]
    assert items["32"]["salary_text"] == "$24 - $30 per hour"
    assert items["31"]["title"] == "Medical Records Coordinator"
    assert {item["company"] for item in items.values()} == {"board"}  # a mirror: the source's name
    assert sorted(crawled.board.reasons()) == [
        "HTTP 404: posting is gone",
        "HTTP 503; kept the list entry",
    ]
    (listing,) = [r for r in crawled.server.requests if r.path == "/board/careers/list"]
    assert listing.headers["accept"] == "application/json"


def test_an_empty_board(crawled):
    assert crawled.empty.items == [] and not crawled.empty.failed
