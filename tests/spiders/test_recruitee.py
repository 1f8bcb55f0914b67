"""Recruitee: every offer's fields from a saved answer (pay forms, workplace flags, places),
then a crawl of it and of an empty board."""

import pytest

from spiders.sources import recruitee
from tests.spiders.scenarios import by_id, crawl_scenarios, fixture, requests_to

OFFERS = fixture("recruitee/offers.json")["offers"]
CODER, MANAGER, CLERK, CDI = (recruitee.offer_fields(offer, company="x") for offer in OFFERS)


def test_offer_fields():
    assert (CODER["external_id"], CODER["url"]) == (
        "31001",
        "https://summitcoding.recruitee.com/o/outpatient-coder",
    )
    assert CODER["company"] == "Summit Coding Partners"
    assert (CODER["city"], CODER["state"], CODER["country"]) == ("Phoenix", "AZ", "US")
    assert CODER["posted_at"] == "2026-11-05"
    assert "AAPC or AHIMA credential" in CODER["description_html"]


def test_structured_pay_in_each_period():
    pay = [
        (o.get("salary_min"), o.get("salary_max"), o.get("salary_period"))
        for o in (CODER, MANAGER, CLERK, CDI)
    ]
    assert pay == [
        ("27", "33", "hour"),
        ("88000", "104000", "year"),
        (None, None, None),
        ("6100", "7200", "month"),
    ]


def test_workplace_flags_hybrid_then_remote_then_on_site():
    assert [o["remote_hint"] for o in (CODER, MANAGER, CLERK, CDI)] == [
        "remote",
        "hybrid",
        "onsite",
        None,
    ]


def test_the_education_code_is_a_structured_hint():
    assert [o.get("education_hint") for o in (CODER, MANAGER, CLERK, CDI)] == [
        "unspecified",
        "bachelor_degree",
        "high_school",
        None,
    ]


def board(server, prefix):
    server.add(f"{prefix}/api/offers/", fixture("recruitee/offers.json"))
    return {"kind": "recruitee", "url": server.url(prefix)}


def empty(server, prefix):
    server.add(f"{prefix}/api/offers/", fixture("recruitee/offers-empty.json"))
    return {"kind": "recruitee", "url": server.url(f"{prefix}/api/offers")}


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    return crawl_scenarios(tmp_path_factory.mktemp("recruitee"), board, empty)


def test_the_crawl_reads_the_whole_board_in_one_request(crawled):
    assert len(requests_to(crawled.server, "/board/api/offers/")) == 1
    assert sorted(by_id(crawled.board)) == ["31001", "31002", "31003", "31004"]
    assert crawled.empty.items == [] and not crawled.empty.failed
