"""Shared spider-test fixtures: a live LocalServer and saved responses as Scrapy responses."""

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, JsonResponse, Request, Response, TextResponse, XmlResponse

from demo.server import LocalServer

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

_RESPONSE_CLASSES: dict[str, type[TextResponse]] = {
    ".json": JsonResponse,
    ".html": HtmlResponse,
    ".htm": HtmlResponse,
    ".xml": XmlResponse,
    ".rss": XmlResponse,
    ".atom": XmlResponse,
}


def fixture_path(path: str | Path) -> Path:
    """`path` as given when it exists, else relative to tests/fixtures/."""
    path = Path(path)
    return path if path.is_absolute() or path.exists() else FIXTURES / path


def file_response(
    path: str | Path,
    url: str = "http://127.0.0.1/fixture",
    *,
    status: int = 200,
    headers: dict[str, str] | None = None,
    request: Request | None = None,
    meta: dict | None = None,
) -> Response:
    """A saved file as the Scrapy response a spider callback would receive.

    `path` is absolute or relative to tests/fixtures/ (e.g. "greenhouse/board.json").
    The response class follows the file extension (JSON, HTML, XML; else text).
    """
    file = fixture_path(path)
    cls = _RESPONSE_CLASSES.get(file.suffix.lower(), TextResponse)
    request = request or Request(url, meta=meta or {})
    return cls(
        url=url,
        status=status,
        headers=headers or {},
        body=file.read_bytes(),
        encoding="utf-8",
        request=request,
    )


@pytest.fixture(name="file_response")
def file_response_fixture():
    """The `file_response(path, url=...)` helper as a fixture, for tests that prefer one."""
    return file_response


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A started LocalServer on 127.0.0.1 (random port), stopped after the test."""
    with LocalServer() as local:
        yield local


def logged(log: str, level: str = "ERROR") -> list[str]:
    """The messages a crawl logged at `level` (e.g. the spider's recorded errors)."""
    marker = f" {level}: "
    return [line.split(marker, 1)[1] for line in log.splitlines() if marker in line]


def start_requests(spider) -> list:
    """What a spider's `async start()` yields, collected (for tests of first requests)."""

    async def collect() -> list:
        return [request async for request in spider.start()]

    return asyncio.run(collect())
