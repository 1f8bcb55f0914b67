"""Politeness: robots.txt, an identifying User-Agent, and waiting as a server asks (Retry-After)."""

import time
from datetime import UTC, datetime

import pytest

from demo.server import Reply, ServedRequest
from spiders import settings
from spiders.middlewares import retry_after_seconds
from tests.crawling import crawl
from tests.spiders.conftest import logged

BOARD = {"jobs": [{"id": 1, "title": "Medical Coder", "absolute_url": "https://x.example/1"}]}


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("1", 1.0),
        (b" 30 ", 30.0),
        ("Wed, 05 Mar 2025 12:00:10 GMT", 10.0),
        ("Wed, 05 Mar 2025 11:59:00 GMT", 0.0),  # already past
        ("soon", None),
        ("", None),
        (None, None),
    ],
)
def test_retry_after_seconds(value, seconds):
    assert retry_after_seconds(value, now=datetime(2025, 3, 5, 12, 0, tzinfo=UTC)) == seconds


def test_settings_replace_the_stock_retry_middleware():
    middlewares = settings.DOWNLOADER_MIDDLEWARES
    assert middlewares["scrapy.downloadermiddlewares.retry.RetryMiddleware"] is None
    assert middlewares["spiders.middlewares.RetryAfterMiddleware"] == 550
    assert settings.ROBOTSTXT_OBEY is True and settings.RETRY_AFTER_MAX == 120


def test_robots_disallow_is_obeyed_and_the_user_agent_identifies_us(server, tmp_path):
    server.add("/robots.txt", Reply(b"User-agent: *\nDisallow: /v1/boards/private\n"))
    server.add("/v1/boards/private/jobs", BOARD)
    source = {"name": "private", "kind": "greenhouse", "url": server.url("/v1/boards/private")}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert server.hits["/robots.txt"] == 1
    assert server.hits["/v1/boards/private/jobs"] == 0
    assert result.items == []
    assert any("Forbidden by robots.txt" in line for line in logged(result.log))  # run failed
    agents = {request.headers.get("user-agent") for request in server.requests}
    assert agents == {settings.USER_AGENT}
    assert settings.USER_AGENT.startswith("hitboard/")


def test_a_429_retry_waits_for_retry_after(server, tmp_path):
    replies = [
        Reply({"error": "slow down"}, status=429, headers={"Retry-After": "1"}),
        Reply(BOARD),
    ]
    arrivals: list[float] = []

    def answer(_request: ServedRequest) -> Reply:
        arrivals.append(time.monotonic())
        return replies.pop(0) if len(replies) > 1 else replies[0]

    server.route("/v1/boards/busy/jobs", answer)
    source = {"name": "busy", "kind": "greenhouse", "url": server.url("/v1/boards/busy")}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert [item["external_id"] for item in result.items] == ["1"]
    assert len(arrivals) == 2
    assert arrivals[1] - arrivals[0] >= 1.0
    assert logged(result.log) == []


def test_retry_after_is_capped(server, tmp_path):
    replies = [Reply("busy", status=503, headers={"Retry-After": "3600"}), Reply(BOARD)]
    arrivals: list[float] = []

    def answer(_request: ServedRequest) -> Reply:
        arrivals.append(time.monotonic())
        return replies.pop(0) if len(replies) > 1 else replies[0]

    server.route("/v1/boards/busy/jobs", answer)
    source = {"name": "busy", "kind": "greenhouse", "url": server.url("/v1/boards/busy")}
    result = crawl(source, tmp_path=tmp_path, raw=True, settings={"RETRY_AFTER_MAX": "0.5"})

    assert len(result.items) == 1
    assert 0.5 <= arrivals[1] - arrivals[0] < 30
