"""`run_demo()`: build the sample, serve it on 127.0.0.1, write its sources file.

The `hitboard demo` command calls it, crawls `DemoRun.sources` with the real spiders
(using `DemoRun.crawl_settings`, which drop the politeness delays meant for real sites),
then opens the dashboard. Keep the server running while the dashboard is open: the
postings' links point at its job pages.
"""

import json
import tempfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Literal

from demo.sample import DEFAULT_SEED, DemoSample, build_sample
from demo.server import LocalServer
from demo.site import DEMO_PREFIX, DemoSite, mount_sample
from store.sources import SourceConfig

# Scrapy settings for crawling the local demo server: no throttling, quick timeouts.
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "CONCURRENT_REQUESTS": "16",
    "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
    "RETRY_TIMES": "1",
    "DOWNLOAD_TIMEOUT": "10",
}


@dataclass
class DemoRun:
    """A running demo: the server, the sample it serves, and how to crawl it."""

    site: DemoSite
    sources: list[SourceConfig]
    sources_file: Path
    crawl_settings: dict[str, str] = field(default_factory=lambda: dict(CRAWL_SETTINGS))

    @property
    def server(self) -> LocalServer:
        return self.site.server

    @property
    def sample(self) -> DemoSample:
        return self.site.sample

    @property
    def url(self) -> str:
        """The demo site's home page (it lists every board)."""
        return self.site.base + "/"

    def stop(self) -> None:
        self.server.stop()

    def __enter__(self) -> "DemoRun":
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def run_demo(
    *,
    workdir: Path | str | None = None,
    seed: int = DEFAULT_SEED,
    now: datetime | None = None,
    port: int = 0,
    keep: Literal["relevant", "all"] = "all",
) -> DemoRun:
    """Start serving the demo sample and write `demo-sources.toml` into `workdir`.

    `workdir` defaults to a new temporary folder; `port` 0 picks a free one. `keep="all"`
    stores the non-health postings too (marked not relevant), so the dashboard's relevance
    filter has something to hide. The caller owns the returned run: `stop()` it when done.
    """
    sample = build_sample(seed=seed, now=now)
    server = LocalServer(port=port)
    site = mount_sample(server, sample)
    server.start()
    sources = site.sources(keep=keep)
    folder = Path(workdir) if workdir else Path(tempfile.mkdtemp(prefix="hitboard-demo-"))
    folder.mkdir(parents=True, exist_ok=True)
    sources_file = folder / "demo-sources.toml"
    sources_file.write_text(sources_toml(sources), encoding="utf-8")
    return DemoRun(site=site, sources=sources, sources_file=sources_file)


def is_demo_source(name: str | None) -> bool:
    """Demo data is recognised by its source name (SourceConfig allows no extra flag)."""
    return bool(name) and name.startswith(DEMO_PREFIX)


def sources_toml(sources: list[SourceConfig]) -> str:
    """A sources file for `sources` (JSON strings are valid TOML basic strings)."""
    lines = ["# Demo sources: boards served on 127.0.0.1 by `hitboard demo`.", ""]
    for source in sources:
        data = source.model_dump(exclude_defaults=True)
        data.setdefault("keep", source.keep)
        params = data.pop("params", {})
        lines.append("[[source]]")
        lines += [f"{key} = {_toml_value(value)}" for key, value in data.items()]
        if params:
            lines.append("[source.params]")
            lines += [f"{key} = {_toml_value(value)}" for key, value in params.items()]
        lines.append("")
    return "\n".join(lines)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(item) for item in value) + "]"
    return json.dumps(str(value), ensure_ascii=False)
