"""Run one real Scrapy crawl in a subprocess (the reactor cannot restart in-process)."""

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Fast, deterministic settings for crawls against 127.0.0.1.
TEST_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": "False",
    "DOWNLOAD_DELAY": "0",
    "RETRY_TIMES": "2",
    "DOWNLOAD_TIMEOUT": "5",
    "LOG_LEVEL": "INFO",
    "RETRY_BACKOFF_BASE": "0",
}


@dataclass
class CrawlResult:
    returncode: int
    items: list[dict]  # raw items (only when raw=True)
    log: str


def crawl(
    source: dict,
    *,
    tmp_path: Path,
    db_url: str | None = None,
    raw: bool = False,
    settings: dict[str, str] | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> CrawlResult:
    """Crawl `source` (a sources-file entry as a dict) with its kind's spider.

    raw=True: no pipelines; the spider's items come back as dicts.
    Otherwise the full pipeline stores into `db_url`.
    """
    out = tmp_path / f"items-{source['name']}.jsonl"
    args = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        source["kind"],
        "-a",
        f"source={json.dumps(source)}",
    ]
    merged = {**TEST_SETTINGS, **(settings or {})}
    if raw:
        merged["ITEM_PIPELINES"] = "{}"
        args += ["-O", f"{out}:jsonlines"]
    for key, value in merged.items():
        args += ["-s", f"{key}={value}"]
    run_env = {**os.environ, **(env or {})}
    if db_url:
        run_env["HITBOARD_DATABASE_URL"] = db_url
    proc = subprocess.run(
        args, cwd=ROOT, env=run_env, capture_output=True, text=True, timeout=timeout
    )
    items = []
    if raw and out.exists():
        items = [json.loads(line) for line in out.read_text().splitlines() if line.strip()]
    return CrawlResult(proc.returncode, items, proc.stderr + proc.stdout)


@dataclass
class Outcome:
    """What one source's crawler yielded and recorded, in a crawl of several."""

    items: list[dict]  # raw items (only when raw=True)
    failed: bool
    incomplete: str | None
    errors: list[dict]  # {"url", "reason", "fatal"}, as the spider recorded them
    log: str  # the whole process's log (every crawler of the run)
    bugs: list[str]  # exceptions the spider's callbacks raised

    def reasons(self, *, fatal: bool | None = None) -> list[str]:
        return [e["reason"] for e in self.errors if fatal is None or e["fatal"] == fatal]


def crawl_many(
    sources: list[dict],
    *,
    tmp_path: Path,
    raw: bool = True,
    db_url: str | None = None,
    settings: dict | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 180,
) -> dict[str, Outcome]:
    """Crawl every source in ONE Scrapy process (tests.crawl_together), each with its own
    crawler; the outcome of each by source name. Cheaper than a process per source."""
    out = tmp_path / "crawl-together"
    out.mkdir(parents=True, exist_ok=True)
    job = out / "job.json"
    job.write_text(
        json.dumps(
            {
                "sources": sources,
                "settings": {**TEST_SETTINGS, **(settings or {})},
                "raw": raw,
                "out": str(out),
            }
        )
    )
    run_env = {**os.environ, **(env or {})}
    if db_url:
        run_env["HITBOARD_DATABASE_URL"] = db_url
    proc = subprocess.run(
        [sys.executable, "-m", "tests.crawl_together", str(job)],
        cwd=ROOT,
        env=run_env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    outcomes = {}
    for source in sources:
        summary = out / f"{source['name']}.outcome.json"
        assert summary.exists(), f"{source['name']} did not finish:\n{proc.stderr[-4000:]}"
        recorded = json.loads(summary.read_text())
        feed = out / f"{source['name']}.jsonl"
        lines = feed.read_text().splitlines() if feed.exists() else []
        outcomes[source["name"]] = Outcome(
            items=[json.loads(line) for line in lines if line.strip()],
            failed=recorded["failed"],
            incomplete=recorded["incomplete"],
            errors=recorded["errors"],
            log=proc.stderr,
            bugs=recorded["bugs"],
        )
    return outcomes
