"""StorePipeline against a real store: what one posting the store refuses may cost."""

import contextlib
import json
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlmodel import select

from spiders.pipelines import StorePipeline, ValidatePipeline
from spiders.sources.greenhouse import GreenhouseSpider
from store.db import init_db, session_scope
from store.models import Posting, ScrapeRun

SOURCE = {"name": "acme", "kind": "greenhouse", "url": "https://boards.example/v1/boards/acme"}
POSTED = datetime(2026, 11, 20, tzinfo=UTC)


def _store(db_url: str, postings: list[dict]) -> tuple[GreenhouseSpider, ScrapeRun, set[str]]:
    """Run `postings` through a StorePipeline (batches of 4) and finish the run."""
    crawler = get_crawler(
        GreenhouseSpider, {"HITBOARD_DATABASE_URL": db_url, "STORE_BATCH_SIZE": 4}
    )
    spider = GreenhouseSpider(source=json.dumps(SOURCE))
    crawler.spider = spider
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    for fields in postings:
        pipeline.process_item(spider.new_item(**fields))
    pipeline.close_spider()
    pipeline.spider_closed(spider, "finished")
    with session_scope(init_db(db_url), readonly=True) as session:
        run = session.get(ScrapeRun, spider.run_id)
        stored = set(session.exec(select(Posting.external_id)).all())
    return spider, run, stored


def _posting(number: int, **changes) -> dict:
    return {
        "external_id": f"job-{number}",
        "url": f"https://boards.example/acme/jobs/{number}",
        "title": f"Medical Records Specialist {number}",
        "posted_at": POSTED,
        **changes,
    }


def test_a_posting_the_store_refuses_costs_only_itself_and_fails_the_run(db_url):
    postings = [_posting(n) for n in range(7)]
    postings[2] = _posting(2, posted_at="last Tuesday")  # not a datetime: the store refuses it
    spider, run, stored = _store(db_url, postings)
    assert stored == {f"job-{n}" for n in range(7) if n != 2}
    assert run.status == "failed" and run.closed == 0
    assert (run.seen, run.new) == (6, 6)
    [error] = spider.errors
    assert error["url"].endswith("/jobs/2") and "posted_at" in error["reason"]


def test_a_clean_crawl_stores_every_batch_and_succeeds(db_url):
    spider, run, stored = _store(db_url, [_posting(n) for n in range(9)])
    assert len(stored) == 9 and (run.seen, run.new) == (9, 9)
    assert run.status == "succeeded" and spider.errors == []


@pytest.mark.postgres
def test_a_value_too_long_for_postgresql_costs_only_its_posting(postgres_url):
    postings = [_posting(n) for n in range(5)]
    postings[3] = _posting(3, external_id="x" * 400)  # the column holds 300
    spider, run, stored = _store(postgres_url, postings)
    assert stored == {"job-0", "job-1", "job-2", "job-4"}
    assert run.status == "failed" and run.error_count == 1
    assert spider.errors[0]["url"].endswith("/jobs/3")


def test_the_run_counts_every_error_beyond_the_kept_sample(sqlite_url):
    spider = GreenhouseSpider(source=json.dumps(SOURCE))
    for number in range(250):
        spider.record_error(f"https://boards.example/{number}", "HTTP 500", fatal=False)
    assert len(spider.errors) == 200 and spider.error_count == 250
    crawler = get_crawler(GreenhouseSpider, {"HITBOARD_DATABASE_URL": sqlite_url})
    crawler.spider = spider
    pipeline = StorePipeline.from_crawler(crawler)
    pipeline.open_spider()
    pipeline.spider_closed(spider, "finished")
    with session_scope(init_db(sqlite_url), readonly=True) as session:
        run = session.get(ScrapeRun, spider.run_id)
    assert run.error_count == 250 and len(run.errors) == 200


def _crawl(db_url: str, postings: list[dict], *, cap_pages: int | None = None):
    """Validate then store `postings` as one run; `cap_pages` makes the run stop at a page cap."""
    source = {**SOURCE, "max_pages": cap_pages} if cap_pages else SOURCE
    crawler = get_crawler(GreenhouseSpider, {"HITBOARD_DATABASE_URL": db_url})
    spider = GreenhouseSpider(source=json.dumps(source))
    crawler.spider = spider
    validate, store = ValidatePipeline.from_crawler(crawler), StorePipeline.from_crawler(crawler)
    store.open_spider()
    for fields in postings:
        with contextlib.suppress(DropItem):
            store.process_item(validate.process_item(spider.new_item(**fields)))
    if cap_pages:
        assert not spider.below_max_pages(cap_pages)  # the spider meets its cap
    store.close_spider()
    store.spider_closed(spider, "finished")
    with session_scope(init_db(db_url), readonly=True) as session:
        run = session.get(ScrapeRun, spider.run_id)
        open_ids = set(
            session.exec(select(Posting.external_id).where(Posting.closed_at.is_(None))).all()
        )
    return run, open_ids


def test_a_posting_seen_but_unreadable_keeps_its_stored_version_open(sqlite_url):
    _crawl(sqlite_url, [_posting(n) for n in range(3)])
    run, open_ids = _crawl(sqlite_url, [_posting(0), _posting(1, title=""), _posting(2)])
    assert run.status == "succeeded" and run.closed == 0
    assert open_ids == {"job-0", "job-1", "job-2"}


def test_a_healthy_run_still_closes_what_it_did_not_see(sqlite_url):
    _crawl(sqlite_url, [_posting(n) for n in range(3)])
    run, open_ids = _crawl(sqlite_url, [_posting(0), _posting(2)])
    assert run.closed == 1 and open_ids == {"job-0", "job-2"}


def test_a_run_stopped_by_its_page_cap_closes_nothing(db_url):
    _crawl(db_url, [_posting(n) for n in range(4)])
    run, open_ids = _crawl(db_url, [_posting(n) for n in range(3)], cap_pages=1)
    assert run.status == "succeeded" and run.closed == 0
    assert open_ids == {f"job-{n}" for n in range(4)}
    assert "max_pages=1" in run.note
