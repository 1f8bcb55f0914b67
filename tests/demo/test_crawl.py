"""The real spiders crawl every demo source and every posting comes through (raw items)."""

from concurrent.futures import ThreadPoolExecutor

import pytest

from demo import formats
from demo.employers import EMPLOYERS
from demo.places import STATE_NAMES
from demo.run import CRAWL_SETTINGS
from demo.server import LocalServer
from demo.site import mount_sample
from tests.crawling import crawl

SLUGS = [employer.slug for employer in EMPLOYERS]


@pytest.fixture(scope="module")
def crawled(sample, tmp_path_factory):
    """Crawl all demo sources once (two at a time: the machine has two cores)."""
    tmp_path = tmp_path_factory.mktemp("demo-crawl")
    with LocalServer() as server:
        site = mount_sample(server, sample)

        def run(employer):
            source = site.source(employer).model_dump(mode="json")
            return employer.slug, crawl(
                source, tmp_path=tmp_path, raw=True, settings=CRAWL_SETTINGS, timeout=120
            )

        with ThreadPoolExecutor(max_workers=2) as pool:
            results = dict(pool.map(run, sample.employers))
        yield site, results


@pytest.mark.parametrize("slug", SLUGS)
def test_every_posting_comes_through(crawled, sample, slug):
    site, results = crawled
    result = results[slug]
    postings = sample.of(slug)
    assert result.returncode == 0, result.log[-3000:]
    by_id = {item["external_id"]: item for item in result.items}
    assert len(result.items) == len(postings)
    assert set(by_id) == {posting.external_id for posting in postings}
    for posting in postings:
        item = by_id[posting.external_id]
        assert item["source"] == f"demo-{slug}"
        assert item["title"] == posting.title
        assert item["company"] == posting.employer.name
        assert item["url"].startswith(site.base)
        assert posting.credential_line in item["description_html"]
        CHECKS[posting.kind](item, posting)


def check_greenhouse(item, posting):
    assert item["location"] == formats.greenhouse_location(posting)
    assert item["posted_at"] == posting.posted_at.astimezone(formats.EASTERN).isoformat()
    if posting.pay and posting.pay.structured:
        assert item["salary_min"] == posting.pay.minimum
        assert item["salary_max"] == posting.pay.maximum
        assert item["salary_currency"] == "USD"
        assert item["salary_period"] == posting.pay.period
    else:
        assert "salary_min" not in item


def check_workday(item, posting):
    assert item["remote_hint"] == posting.arrangement
    assert item["location"].startswith(formats.workday_location(posting))
    assert item["posted_at"] == posting.posted_at.astimezone(formats.EASTERN).date().isoformat()
    if posting.extra_place:
        assert len(item["locations"]) == 2
    if posting.pay:
        assert posting.pay.text in item["description_html"]


def check_jsonld(item, posting):
    assert (item.get("remote_hint") == "remote") == (posting.arrangement == "remote")
    assert item["posted_at"] == formats.jsonld_posting(posting, "")["datePosted"]
    assert item["employment_type"] == posting.employment_type
    if posting.city:
        assert item["city"] == posting.city
        assert item["state"] in (posting.state, STATE_NAMES[posting.state])
    pay = posting.pay
    if pay and pay.structured:
        assert item["salary_period"] == pay.period.upper()
        if pay.minimum is not None:
            assert float(item["salary_min"]) == pay.minimum
        if pay.maximum is not None:
            assert float(item["salary_max"]) == pay.maximum
    else:
        assert "salary_min" not in item


CHECKS = {"greenhouse": check_greenhouse, "workday": check_workday, "jsonld": check_jsonld}
