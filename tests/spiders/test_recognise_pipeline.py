"""The recognise step against a real store: an unchanged posting is only marked seen."""

import contextlib
import json
import os
import subprocess
import sys
from datetime import UTC, datetime

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler
from sqlalchemy import update
from sqlmodel import select

from spiders import fingerprint
from spiders.pipelines import (
    ClassifyPipeline,
    NormalizePipeline,
    RecognisePipeline,
    StorePipeline,
    ValidatePipeline,
)
from spiders.sources.greenhouse import GreenhouseSpider
from store.db import init_db, session_scope
from store.models import Cluster, Posting, ScrapeRun

SOURCE = {"name": "acme", "kind": "greenhouse", "url": "https://boards.example/v1/boards/acme"}
STEPS = (RecognisePipeline, NormalizePipeline, ClassifyPipeline, ValidatePipeline, StorePipeline)


def _posting(number: int, **changes) -> dict:
    return {
        "external_id": f"job-{number}",
        "url": f"https://boards.example/acme/jobs/{number}",
        "title": "Medical Records Specialist",
        "company": "Acme Health",
        "location": "Tampa, FL",
        "posted_at": "2026-11-20T09:00:00Z",
        "description_html": f"<p>Posting {number}: RHIT required. $22 - $26 per hour.</p>",
        **changes,
    }


def _crawl(db_url: str, postings: list[dict]) -> tuple[ScrapeRun, list[dict]]:
    """One run of `postings` through every pipeline step; the run and the items as stored."""
    crawler = get_crawler(GreenhouseSpider, {"HITBOARD_DATABASE_URL": db_url})
    spider = GreenhouseSpider(source=json.dumps(SOURCE))
    crawler.spider = spider
    steps = [step.from_crawler(crawler) for step in STEPS]
    for step in steps:
        if hasattr(step, "open_spider"):
            step.open_spider()
    items = []
    for fields in postings:
        item = spider.new_item(**fields)
        with contextlib.suppress(DropItem):
            for step in steps:
                item = step.process_item(item)
            items.append(dict(item))
    store = steps[-1]
    store.close_spider()
    store.spider_closed(spider, "finished")
    with session_scope(init_db(db_url), readonly=True) as session:
        run = session.get(ScrapeRun, spider.run_id)
    return run, items


def _stored(db_url: str) -> dict[str, Posting]:
    with session_scope(init_db(db_url), readonly=True) as session:
        return {p.external_id: p for p in session.exec(select(Posting)).all()}


def _set_stored(db_url: str, external_id: str, **values) -> None:
    with session_scope(init_db(db_url)) as session:
        session.exec(update(Posting).where(Posting.external_id == external_id).values(**values))


def test_an_unchanged_posting_is_not_normalized_and_only_gets_last_seen_at(db_url):
    _crawl(db_url, [_posting(n) for n in range(3)])
    before = _stored(db_url)
    assert all(p.raw_fingerprint for p in before.values())
    # A stored normalized field the next crawl would set otherwise: it stays as it is.
    _set_stored(db_url, "job-1", occupation="29-9099")

    run, items = _crawl(db_url, [_posting(n) for n in range(3)])
    after = _stored(db_url)
    assert (run.seen, run.new, run.updated, run.unchanged) == (3, 0, 0, 3)
    assert all(item["unchanged"] for item in items)
    assert not any("occupation" in item or "remote" in item for item in items)  # not normalized
    assert after["job-1"].occupation == "29-9099"
    for key, posting in after.items():
        assert posting.last_seen_at > before[key].last_seen_at
        assert posting.last_run_id == run.id and posting.closed_at is None
        assert posting.content_hash == before[key].content_hash
        assert posting.first_seen_at == before[key].first_seen_at


def test_a_changed_field_is_normalized_again_and_stored(db_url):
    _crawl(db_url, [_posting(n) for n in range(3)])
    before = _stored(db_url)

    changed = _posting(2, description_html="<p>CCS preferred. Remote. $30 - $34 per hour.</p>")
    run, items = _crawl(db_url, [_posting(0), _posting(1), changed])
    after = _stored(db_url)
    assert (run.seen, run.new, run.updated, run.unchanged) == (3, 0, 1, 2)
    assert [item["unchanged"] for item in items] == [True, True, False]
    assert after["job-2"].salary_min == 30 and after["job-2"].certifications == ["CCS"]
    assert after["job-2"].remote == "remote"
    assert after["job-2"].raw_fingerprint != before["job-2"].raw_fingerprint
    assert after["job-0"].raw_fingerprint == before["job-0"].raw_fingerprint


def test_an_unchanged_posting_not_seen_by_a_healthy_run_is_closed(db_url):
    _crawl(db_url, [_posting(n) for n in range(3)])
    run, _items = _crawl(db_url, [_posting(0), _posting(2)])
    stored = _stored(db_url)
    assert run.status == "succeeded" and run.closed == 1
    assert stored["job-1"].closed_at is not None
    assert stored["job-0"].closed_at is None and stored["job-2"].closed_at is None


def test_a_closed_posting_back_unchanged_goes_the_whole_way_and_reopens(db_url):
    _crawl(db_url, [_posting(n) for n in range(3)])
    _crawl(db_url, [_posting(0), _posting(2)])  # job-1 closes
    cluster_id = _stored(db_url)["job-1"].cluster_id

    run, items = _crawl(db_url, [_posting(n) for n in range(3)])
    stored = _stored(db_url)
    assert (run.seen, run.updated, run.unchanged) == (3, 1, 2)
    assert [item["unchanged"] for item in items] == [True, False, True]
    assert items[1]["occupation"] is not None  # normalized and classified again
    assert stored["job-1"].closed_at is None and stored["job-1"].last_run_id == run.id
    assert stored["job-1"].cluster_id == cluster_id
    with session_scope(init_db(db_url), readonly=True) as session:
        assert session.get(Cluster, cluster_id) is not None


def test_a_posting_stored_without_a_fingerprint_is_normalized_once_and_gets_one(db_url):
    _crawl(db_url, [_posting(n) for n in range(2)])
    _set_stored(db_url, "job-0", raw_fingerprint=None)  # as stored before fingerprints

    run, items = _crawl(db_url, [_posting(n) for n in range(2)])
    assert [item["unchanged"] for item in items] == [False, True]
    assert (run.updated, run.unchanged) == (0, 2)  # the content is the same
    assert _stored(db_url)["job-0"].raw_fingerprint == items[0]["raw_fingerprint"]

    _run, items = _crawl(db_url, [_posting(n) for n in range(2)])
    assert [item["unchanged"] for item in items] == [True, True]


def test_the_fingerprint_covers_the_normalizing_code_and_the_keep_rule(tmp_path, monkeypatch):
    fields = {"external_id": "job-1", "title": "Coder II", "posted_at": datetime(2026, 11, 20)}
    assert fingerprint.raw_fingerprint(fields, keep="all") == fingerprint.raw_fingerprint(
        dict(reversed(fields.items())), keep="all"
    )
    assert fingerprint.raw_fingerprint(fields, keep="all") != fingerprint.raw_fingerprint(
        fields, keep="relevant"
    )
    assert fingerprint.raw_fingerprint(fields, keep="all") != fingerprint.raw_fingerprint(
        {**fields, "title": "Coder III"}, keep="all"
    )

    rules = tmp_path / "spiders" / "normalize"
    rules.mkdir(parents=True)
    (rules / "pay.py").write_text("HOURS = 2080\n")
    monkeypatch.setattr(fingerprint, "_SPIDERS", tmp_path / "spiders")
    monkeypatch.setattr(fingerprint, "NORMALIZING_CODE", (rules,))
    fingerprint.normalizing_code_digest.cache_clear()
    try:
        first = fingerprint.raw_fingerprint(fields, keep="all")
        (rules / "pay.py").write_text("HOURS = 2087\n")
        fingerprint.normalizing_code_digest.cache_clear()
        assert fingerprint.raw_fingerprint(fields, keep="all") != first
    finally:
        fingerprint.normalizing_code_digest.cache_clear()


def test_the_fingerprint_is_the_same_in_every_process():
    # Hash randomization differs between processes (set order); the fingerprint must not.
    code = (
        "from datetime import datetime; from spiders.fingerprint import raw_fingerprint; "
        "print(raw_fingerprint({'locations': ['Tampa, FL', 'Remote'], 'salary_min': 22.0, "
        "'codes': {'CCS', 'RHIT', 'CPC'}, 'posted_at': datetime(2026, 11, 20)}, keep='all'))"
    )
    prints = {
        subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
        ).stdout
        for seed in ("1", "2", "3")
    }
    assert len(prints) == 1 and len(prints.pop().strip()) == 32


def test_when_nothing_is_stored_every_posting_is_new(db_url):
    run, items = _crawl(db_url, [_posting(n) for n in range(2)])
    assert (run.seen, run.new) == (2, 2) and not any(item["unchanged"] for item in items)
    assert {p.raw_fingerprint for p in _stored(db_url).values()} == {
        item["raw_fingerprint"] for item in items
    }
    assert all(
        p.posted_at == datetime(2026, 11, 20, 9, tzinfo=UTC) for p in _stored(db_url).values()
    )
