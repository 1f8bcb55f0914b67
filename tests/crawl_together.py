"""Crawl several sources in one Scrapy process: `python -m tests.crawl_together JOB.json`.

JOB.json holds `{"sources": [...], "settings": {...}, "raw": bool, "out": DIR}`. Each source
gets its own crawler (its own spider, settings and feed) in one reactor, so a test module
pays for one process start instead of one per source. With `raw`, pipelines are off and
each crawler's items go to `DIR/{name}.jsonl`; either way `DIR/{name}.outcome.json` keeps
what the spider recorded (failed, incomplete, errors) and any exception its callbacks
raised (a bug: the crawl counts as failed).
"""

import json
import sys
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.utils.project import get_project_settings


def main(job_file: str) -> None:
    job = json.loads(Path(job_file).read_text())
    out = Path(job["out"])
    settings = get_project_settings()
    settings.setdict(job.get("settings") or {}, priority="cmdline")
    process = CrawlerProcess(settings)
    for number, source in enumerate(job["sources"]):
        crawler_settings = settings.copy()
        if job.get("raw"):
            crawler_settings.set("ITEM_PIPELINES", {}, priority="cmdline")
            feed = {str(out / f"{source['name']}.jsonl"): {"format": "jsonlines"}}
            crawler_settings.set("FEEDS", feed, priority="cmdline")
        spider = process.spider_loader.load(source["kind"])
        crawler = Crawler(spider, crawler_settings, init_reactor=number == 0)
        bugs: list[str] = []  # exceptions raised in the spider's callbacks
        crawler.signals.connect(_bug_keeper(bugs), signal=signals.spider_error, weak=False)
        writer = _outcome_writer(out / f"{source['name']}.outcome.json", bugs)
        crawler.signals.connect(writer, signal=signals.spider_closed, weak=False)
        process.crawl(crawler, source=json.dumps(source))
    process.start()


def _bug_keeper(bugs: list[str]):
    def keep(failure, response, spider) -> None:
        bugs.append(f"{type(failure.value).__name__}: {failure.value} ({response.url})")

    return keep


def _outcome_writer(path: Path, bugs: list[str]):
    def write(spider, reason: str) -> None:
        outcome = {
            "reason": reason,
            "failed": spider.failed or bool(bugs),
            "bugs": bugs,
            "incomplete": spider.incomplete,
            "errors": spider.errors,
        }
        path.write_text(json.dumps(outcome), encoding="utf-8")

    return write


if __name__ == "__main__":
    main(sys.argv[1])
