"""Answers have a stated size bound: a list page over it fails its run, naming the URL and the
cap, and nothing stored is closed."""

import gzip
import json

import pytest

from demo.server import Reply
from spiders import settings as scrapy_settings
from store.db import init_db, session_scope
from store.export import export_records
from tests.cli.boards import CODER, REGISTRAR, greenhouse_board, scrape_runs
from tests.crawling import crawl

CAP = 1024 * 1024  # set for these crawls; the real bound is far larger


def test_the_bounds_leave_room_for_the_largest_real_boards():
    # A 20,000-posting Greenhouse board with content answers about 100 MB.
    assert scrapy_settings.DOWNLOAD_MAXSIZE == 256 * 1024 * 1024
    assert scrapy_settings.DOWNLOAD_WARNSIZE == 32 * 1024 * 1024


def _oversized_board() -> dict:
    padding = {**CODER, "id": 4999, "content": "x" * (2 * CAP)}
    return greenhouse_board([CODER, REGISTRAR, padding])


OVERSIZED = {
    # Its Content-Length says it is over the cap: the download is cancelled.
    "plain": Reply(_oversized_board()),
    # A small gzip body that expands past the cap (a decompression bomb).
    "gzip": Reply(
        gzip.compress(json.dumps(_oversized_board()).encode()),
        headers={"Content-Type": "application/json", "Content-Encoding": "gzip"},
    ),
}


@pytest.mark.parametrize("answer", OVERSIZED)
def test_a_list_page_over_the_cap_fails_its_run_and_closes_nothing(server, tmp_path, answer):
    server.add("/v1/boards/acme/jobs", greenhouse_board([CODER, REGISTRAR]))
    source = {"name": "acme", "kind": "greenhouse", "url": server.url("/v1/boards/acme")}
    db_path = tmp_path / "store.db"
    db_url = f"sqlite:///{db_path}"
    settings = {"DOWNLOAD_MAXSIZE": str(CAP), "DOWNLOAD_WARNSIZE": str(CAP // 2)}
    first = crawl(source, tmp_path=tmp_path, db_url=db_url, settings=settings)
    assert first.returncode == 0, first.log[-3000:]

    server.add("/v1/boards/acme/jobs", OVERSIZED[answer])
    crawl(source, tmp_path=tmp_path, db_url=db_url, settings=settings)

    run = scrape_runs(db_path)[-1]
    assert run["status"] == "failed" and run["closed"] == 0
    list_url = server.url("/v1/boards/acme/jobs?content=true")
    assert {"url": list_url, "fatal": True} | {
        "reason": "answer larger than DOWNLOAD_MAXSIZE (1,048,576 bytes); not read"
    } in run["errors"], run["errors"]
    with session_scope(init_db(db_url), readonly=True) as session:
        stored = {r["external_id"]: r["closed_at"] for r in export_records(session=session)}
    assert stored == {"4001": None, "4002": None}
