"""Posting links: only http(s) addresses are stored, whatever a hostile board dresses up."""

import json

import pytest

from demo.server import Reply
from spiders.normalize.links import http_url
from store.db import init_db, session_scope
from store.export import export_records
from tests.cli.boards import scrape_runs
from tests.crawling import crawl
from tests.spiders.conftest import fixture_path

HOSTILE = [
    "javascript:alert(document.cookie)",
    "  JaVaScRiPt:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "https:///no-host",
    "//evil.example/no-scheme",
]


@pytest.mark.parametrize("link", HOSTILE)
def test_a_link_that_is_not_http_is_no_link(link):
    assert http_url(link) is None


@pytest.mark.parametrize(
    ("link", "stored"),
    [
        ("https://jobs.example.org/coder", "https://jobs.example.org/coder"),
        ("  HTTP://jobs.example.org/coder\n", "HTTP://jobs.example.org/coder"),
        ("https://jobs.example.org/medical coder", "https://jobs.example.org/medical%20coder"),
    ],
)
def test_an_http_link_is_kept(link, stored):
    assert http_url(link) == stored


def test_a_posting_whose_link_is_not_http_is_refused_with_its_reason(server, tmp_path):
    board = json.loads(fixture_path("greenhouse/board.json").read_text())
    jobs = board["jobs"]
    hostile = len(jobs) - 1  # the last one keeps its real link
    for job, link in zip(jobs[:hostile], HOSTILE, strict=False):
        job["absolute_url"] = link
    server.add("/v1/boards/bayview/jobs", Reply(board))
    source = {"name": "bayview", "kind": "greenhouse", "url": server.url("/v1/boards/bayview")}
    db_path = tmp_path / "store.db"
    db_url = f"sqlite:///{db_path}"
    result = crawl({**source, "keep": "all"}, tmp_path=tmp_path, db_url=db_url)
    assert result.returncode == 0, result.log[-3000:]

    with session_scope(init_db(db_url), readonly=True) as session:
        links = [record["url"] for record in export_records(session=session)]
    assert links == [jobs[-1]["absolute_url"]]
    assert all(link.startswith(("http://", "https://")) for link in links), links
    refused = [e["reason"] for e in scrape_runs(db_path)[-1]["errors"]]
    refused = [reason for reason in refused if "its link is not an http(s) URL" in reason]
    assert len(refused) == hostile, refused


@pytest.mark.parametrize(
    "link",
    [
        "https://example.org:99999/job",
        "https://example.org:8o8o/job",
        "https://example.org:abc/job\u200b",
    ],
)
def test_a_link_whose_port_is_no_port_is_refused_not_a_crash(link):
    assert http_url(link) is None


@pytest.mark.parametrize("link", ["HTTP://\x080", "https://exa\x07mple.org/job"])
def test_a_link_with_a_control_character_in_its_host_is_refused_not_a_crash(link):
    assert http_url(link) is None
