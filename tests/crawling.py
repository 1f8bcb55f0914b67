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
