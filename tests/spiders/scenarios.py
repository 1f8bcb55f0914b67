"""Many small boards of one kind, served side by side and crawled in one Scrapy process.

A kind's test module names its scenarios (paging, a page cap, a repeating board, an empty
board, failing details…), each a function that serves a board under its own path prefix
and returns the sources-file entry that crawls it. `crawl_scenarios` serves them all from
one LocalServer and crawls them in one process (tests.crawl_together), so a module pays for
one process start, not one per scenario.
"""

import json
from collections.abc import Callable
from pathlib import Path
from types import SimpleNamespace

from demo.server import LocalServer, Reply
from tests.crawling import crawl_many

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

Scenario = Callable[[LocalServer, str], dict]
# Scenario boards run to hundreds of postings (the systems' own page sizes): fetch briskly.
BRISK = {"CONCURRENT_REQUESTS": "32", "CONCURRENT_REQUESTS_PER_DOMAIN": "16"}


def crawl_scenarios(
    tmp_path: Path, *scenarios: Scenario, settings: dict | None = None
) -> SimpleNamespace:
    """Serve every scenario (under `/{its function's name}`) and crawl them together; the
    outcomes as attributes named after the scenarios, and the server with its request log."""
    server = LocalServer().start()
    try:
        sources = []
        for serve in scenarios:
            name = serve.__name__
            sources.append({"name": name, **serve(server, f"/{name}")})
        outcomes = crawl_many(sources, tmp_path=tmp_path, settings={**BRISK, **(settings or {})})
    finally:
        server.stop()
    bugs = {name: outcome.bugs for name, outcome in outcomes.items() if outcome.bugs}
    assert not bugs, f"the spider raised: {bugs}"
    return SimpleNamespace(server=server, **outcomes)


def fixture(path: str):
    """A fixture file of tests/fixtures/: JSON decoded, anything else as text."""
    text = (FIXTURES / path).read_text(encoding="utf-8")
    return json.loads(text) if path.endswith(".json") else text


def html(text: str, status: int = 200) -> Reply:
    return Reply(text, status=status, headers={"Content-Type": "text/html; charset=utf-8"})


def by_id(outcome) -> dict[str, dict]:
    """A crawl's items keyed by external id (each id once)."""
    items = {str(item["external_id"]): item for item in outcome.items}
    assert len(items) == len(outcome.items), "an id came twice"
    return items


def requests_to(server: LocalServer, path: str) -> list:
    return [request for request in server.requests if request.path == path]
