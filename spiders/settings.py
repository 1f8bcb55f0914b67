"""Scrapy settings: politeness first (robots.txt, an honest User-Agent, backoff)."""

from core.settings import get_settings

_hitboard = get_settings()  # a bad HITBOARD_* value stops the crawl here, naming the variable

BOT_NAME = "hitboard"
SPIDER_MODULES = ["spiders.sources"]
NEWSPIDER_MODULE = "spiders.sources"
# A crawl imports its own kind's spider, not all of them (spiders/loader.py).
SPIDER_LOADER_CLASS = "spiders.loader.KindSpiderLoader"

USER_AGENT = _hitboard.user_agent
ROBOTSTXT_OBEY = True

# Be gentle with employers' career sites: few parallel requests, adaptive delay.
CONCURRENT_REQUESTS = 8
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_DELAY = 0.25
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.5
AUTOTHROTTLE_MAX_DELAY = 30
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_TIMEOUT = 30
# Response bodies (and gunzipped sitemaps) have a stated bound instead of Scrapy's 1 GB: the
# largest real boards answer about 100 MB (a 20,000-posting Greenhouse board with content),
# so 256 MB leaves room for them and stops a runaway or hostile answer well short of memory
# trouble. A list page over the cap fails its run, naming the URL and the cap.
DOWNLOAD_MAXSIZE = 256 * 1024 * 1024
DOWNLOAD_WARNSIZE = 32 * 1024 * 1024

RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
# 429/503 wait for Retry-After (capped) or an exponential backoff before the retry.
RETRY_AFTER_MAX = 120  # seconds
RETRY_BACKOFF_BASE = 0.5  # seconds; doubles with each attempt
# The spider records what a final failure means (run failed / list entry kept / gone).
RETRY_GIVE_UP_LOG_LEVEL = "WARNING"
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "spiders.middlewares.RetryAfterMiddleware": 550,
}

# iCIMS's hosted (Jibe) boards ask for this pause between requests (robots.txt crawl-delay).
JIBE_CRAWL_DELAY = 5.0  # seconds

ITEM_PIPELINES = {
    "spiders.pipelines.RecognisePipeline": 50,
    "spiders.pipelines.NormalizePipeline": 100,
    "spiders.pipelines.ClassifyPipeline": 200,
    "spiders.pipelines.ValidatePipeline": 300,
    "spiders.pipelines.StorePipeline": 400,
}
STORE_BATCH_SIZE = 200
STORE_UNCHANGED_BATCH_SIZE = 1000  # postings recognised unchanged, marked seen per UPDATE
# Heartbeats, live progress and the source's lease (see spiders/extensions.py).
EXTENSIONS = {"spiders.extensions.RunHeartbeat": 500}
# Scrapy's own extensions but its remote control (an aiohttp server, off by default): Scrapy
# imports every listed component, even one set to None, and aiohttp alone costs a second.
EXTENSIONS_BASE = {
    f"scrapy.extensions.{path}": 0
    for path in (
        "corestats.CoreStats",
        "logcount.LogCount",
        "telnet.TelnetConsole",
        "memusage.MemoryUsage",
        "memdebug.MemoryDebugger",
        "closespider.CloseSpider",
        "feedexport.FeedExporter",
        "logstats.LogStats",
        "spiderstate.SpiderState",
        "throttle.AutoThrottle",
    )
}

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
FEED_EXPORT_ENCODING = "utf-8"
LOG_LEVEL = "INFO"
TELNETCONSOLE_ENABLED = False

# HITBOARD_SCRAPY_SETTINGS: a JSON object of setting overrides for every crawl process
# this environment starts (`hitboard crawl`, the scheduler), e.g.
# '{"DOWNLOAD_TIMEOUT": 5, "RETRY_TIMES": 1}'. Tests use it to make timeouts and retries
# short; an operator can use it to tune a machine without editing code. Applied last, so
# it beats this file (but not `scrapy crawl -s`). A malformed value stops the crawl with
# a clear error rather than being ignored (core.settings checks it).
globals().update(_hitboard.scrapy_settings)
