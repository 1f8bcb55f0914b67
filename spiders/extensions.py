"""RunHeartbeat: the crawl says it is alive, shows its progress, and keeps its source's lease.

Every few seconds the crawl process renews its source's lease (by run id) and writes the
run's heartbeat and live counts, so the Operations page can show progress and anyone can
tell a crawl that died (no heartbeat, lease expired) from one that is working. A crawl
started without a lease (a bare `scrapy crawl`, a Scrapyd job scheduled by hand) takes one
itself; one that finds its source busy, or loses its lease, stops instead of overlapping.
"""

import logging

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import task

from store.db import init_db, resolve_database_url, session_scope
from store.leases import (
    LeaseRefused,
    acquire_lease,
    heartbeat_interval,
    holder_name,
    lease_of,
    release_lease,
    renew_lease,
)
from store.runs import heartbeat

logger = logging.getLogger(__name__)


class RunHeartbeat:
    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("HITBOARD_HEARTBEAT_ENABLED", True):
            raise NotConfigured
        self.crawler = crawler
        self.url = resolve_database_url(crawler.settings.get("HITBOARD_DATABASE_URL"))
        self.interval = crawler.settings.getfloat("HITBOARD_HEARTBEAT_SECONDS") or None
        self.loop: task.LoopingCall | None = None
        self.spider: Spider | None = None
        self.own_lease = False  # taken by this process, so released by it too

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "RunHeartbeat":
        extension = cls(crawler)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    @property
    def run_id(self) -> int | None:
        return getattr(self.spider, "run_id", None)

    @property
    def source_name(self) -> str | None:
        source = getattr(self.spider, "source", None)
        return getattr(source, "name", None)

    def spider_opened(self, spider: Spider) -> None:
        self.spider = spider
        if self.run_id is None or self.source_name is None:
            return  # no run to keep alive (a crawl without the store pipeline)
        self.engine = init_db(self.url)
        if not self._hold_lease():
            return
        interval = self.interval or heartbeat_interval()
        self.loop = task.LoopingCall(self.beat)
        self.loop.start(interval, now=True)

    def _hold_lease(self) -> bool:
        """Make sure this run holds its source's lease; close the spider when it cannot."""
        with session_scope(self.engine) as session:
            lease = lease_of(session=session, name=self.source_name)
            if lease is not None and lease.run_id == self.run_id:
                return True  # the runner that started us holds it
            try:
                acquire_lease(
                    session=session,
                    name=self.source_name,
                    holder=holder_name(f"run {self.run_id}"),
                    run_id=self.run_id,
                )
            except LeaseRefused as refused:
                self._stop(f"source busy: {refused.reason}")
                return False
        self.own_lease = True
        return True

    def beat(self) -> None:
        stats = self.crawler.stats
        try:
            with session_scope(self.engine) as session:
                kept = renew_lease(session=session, name=self.source_name, run_id=self.run_id)
                heartbeat(
                    session=session,
                    run_id=self.run_id,
                    seen=stats.get_value("item_scraped_count", 0),
                    dropped=stats.get_value("item_dropped_count", 0),
                )
        except Exception:  # a database hiccup must not kill the crawl; the next beat retries
            logger.exception("heartbeat of run %s failed", self.run_id)
            return
        if not kept:
            self._stop(f"lost the lease on {self.source_name!r} (it expired or was taken over)")

    def _stop(self, reason: str) -> None:
        logger.error("run %s: %s; stopping", self.run_id, reason)
        if hasattr(self.spider, "record_error"):
            self.spider.record_error("", reason, fatal=True)
        if self.loop is not None and self.loop.running:
            self.loop.stop()
        # Not from inside a signal handler: close once the reactor is free.
        from twisted.internet import reactor

        reactor.callLater(0, self._close_spider)

    def _close_spider(self) -> None:
        engine = self.crawler.engine
        if hasattr(engine, "close_spider_async"):  # Scrapy 2.14+
            deferred_from_coro(engine.close_spider_async(reason="lease_lost"))
        else:
            engine.close_spider(self.spider, "lease_lost")

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop is not None and self.loop.running:
            self.loop.stop()

    def engine_stopped(self) -> None:
        # After the store pipeline has finished the run: only now is the source free.
        if self.own_lease:
            with session_scope(self.engine) as session:
                release_lease(session=session, name=self.source_name, run_id=self.run_id)
