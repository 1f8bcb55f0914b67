"""The item pipeline: recognise → normalize → classify → validate → store.

Each step does one thing. Recognise marks a posting whose raw fingerprint is the one
stored (the next three steps pass it by; store only marks it seen); normalize turns what
the source said into the export record's forms; classify decides what the posting is;
validate refuses what cannot be stored; store upserts in batches and records the run.
"""

import os
import re
import socket
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps

from itemadapter import ItemAdapter
from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from sqlalchemy.exc import DataError, IntegrityError

from spiders.fingerprint import raw_fingerprint
from spiders.normalize.credentials import find_credentials
from spiders.normalize.dates import parse_posted_at
from spiders.normalize.education import education_floor, education_from_code, experience_years
from spiders.normalize.facets import find_facets
from spiders.normalize.links import http_url
from spiders.normalize.occupation import classify_occupation, is_relevant
from spiders.normalize.pay import pay_from_structured, pay_from_text
from spiders.normalize.place import (
    arrangement_said_by,
    cities_named,
    parse_place,
    places_in_text,
    states_named,
    title_states,
    us_state,
)
from spiders.normalize.text import clean_text, html_to_text, sanitize_html
from store.db import init_db, resolve_database_url, session_scope
from store.postings import (
    CONTENT_COLUMNS,
    RAW_FINGERPRINT,
    open_fingerprints,
    touch_pages,
    touch_seen,
    upsert_postings,
)
from store.runs import complete_run, start_run

# Federal pay tables annualize hourly rates at 2,087 hours (OPM), not 2,080.
HOURS_PER_YEAR = {"usajobs": 2087}
REQUIRED_FIELDS = ("external_id", "url", "title")
# The longest description kept, in characters (real ones run to a few tens of thousands): a
# longer one is cut here, and the run records that it was.
MAX_DESCRIPTION_CHARS = 200_000

# Where a value came from (the export's `<field>_source`): a field the source gives for it
# (pay fields and its own pay line; location, state and remote flag), the free text (title or
# description), or a rule that deduced part of it (a pay period from the size of the figures).
STRUCTURED, TEXT, INFERRED = "structured", "text", "inferred"


class CrawlerPipeline:
    """A pipeline step that knows its crawler (and so the spider and its source)."""

    def __init__(self, crawler: Crawler):
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler):
        return cls(crawler)

    @property
    def spider(self) -> Spider:
        return self.crawler.spider


class RecognisePipeline(CrawlerPipeline):
    """Fingerprint what the spider yielded; mark a posting stored open with that fingerprint.

    Reads the source's fingerprints once, when the crawl opens: one query, not one a posting.
    """

    def open_spider(self) -> None:
        url = resolve_database_url(self.crawler.settings.get("HITBOARD_DATABASE_URL"))
        with session_scope(init_db(url), readonly=True) as session:
            self.stored = open_fingerprints(session=session, source=self.spider.source.name)

    def process_item(self, item):
        posting = ItemAdapter(item)
        # A shallow copy: the fields are plain values (asdict's walk over each value, to
        # find nested items, cost more than the fingerprint's JSON).
        fingerprint = raw_fingerprint(dict(posting), keep=self.spider.source.keep)
        posting[RAW_FINGERPRINT] = fingerprint
        external_id = posting.get("external_id")
        posting["unchanged"] = (
            external_id is not None and self.stored.get(str(external_id)) == fingerprint
        )
        return item


def passes_unchanged(process_item: Callable) -> Callable:
    """A step that an unchanged posting (RecognisePipeline) goes by untouched."""

    @wraps(process_item)
    def step(self, item):
        if ItemAdapter(item).get("unchanged"):
            return item
        return process_item(self, item)

    return step


class NormalizePipeline(CrawlerPipeline):
    """Source forms → export-record forms: text, pay, place, arrangement, dates."""

    @passes_unchanged
    def process_item(self, item):
        posting = ItemAdapter(item)
        for field in ("title", "company", "location", "external_id", "url", "salary_text"):
            posting[field] = clean_text(posting.get(field))
        employment = posting.get("employment_type")
        if isinstance(employment, list | tuple):
            employment = ", ".join(str(part) for part in employment if part)
        posting["employment_type"] = clean_text(employment)

        html = sanitize_html(self._bounded(posting, "description_html"))
        posting["description_html"] = html
        posting["description_text"] = (
            html_to_text(html) if html else _clean_block(self._bounded(posting, "description_text"))
        )
        posting["posted_at"] = parse_posted_at(posting.get("posted_at"))

        self._place(posting)
        # every place the source lists, where the location field is only the first of them
        # ("Austin | Chicago" and "Remote (US)": one of its places is remote)
        places = [str(place) for place in posting.get("locations") or [] if place]
        listed = "; ".join(places) if places and places != [posting.get("location")] else None
        remote, said_by = arrangement_said_by(
            clean_text(posting.get("remote_hint")),
            posting.get("location"),
            listed,
            posting.get("title"),
            posting.get("description_text"),
        )
        posting["remote"] = remote
        # the hint (0), the location (1) and the places (2) are the source's own fields; title
        # and description are text
        posting["remote_source"] = None if said_by is None else STRUCTURED if said_by <= 2 else TEXT
        self._pay(posting)
        return item

    def _bounded(self, posting: ItemAdapter, field: str) -> object:
        """The field's text, cut to MAX_DESCRIPTION_CHARS (and the cut recorded)."""
        value = posting.get(field)
        if not isinstance(value, str) or len(value) <= MAX_DESCRIPTION_CHARS:
            return value
        reason = (
            f"posting {posting.get('external_id')!r}: its {field} is {len(value):,} characters; "
            f"kept the first {MAX_DESCRIPTION_CHARS:,}"
        )
        self.spider.record_error(http_url(posting.get("url")) or "", reason, fatal=False)
        return value[:MAX_DESCRIPTION_CHARS]

    @staticmethod
    def _place(posting: ItemAdapter) -> None:
        # City and state are the primary place's: "Phoenix, AZ; Tucson, AZ" is in Phoenix. A
        # posting placed in several states is in none of them: they go to `states`.
        places = [clean_text(p) for p in posting.get("locations") or [] if isinstance(p, str)]
        places = [p for p in places if p] or ([posting["location"]] if posting["location"] else [])
        place = parse_place(places[0] if places else None)
        country = _country_code(posting.get("country")) or place.country
        hinted = us_state(posting.get("state")) if posting.get("state") else None
        states = _posted_states(places, hinted) if country in (None, "US") else []
        source = STRUCTURED if states else None
        if not states and country in (None, "US"):
            # the title's own place part ("Account Executive - KS, IA, NE"), as posted
            states, source = title_states(posting.get("title")), TEXT
        if not states and country in (None, "US"):
            named = places_in_text(posting.get("description_text"))
            states = list(dict.fromkeys(p.state for p in named))
            source = TEXT if states else None
            places = places or [f"{p.city}, {p.state}" if p.city else p.state for p in named]
        single = states[0] if len(states) == 1 else None
        posting["locations"] = places
        posting["states"] = states
        posting["state"] = single
        posting["state_source"] = source if single else None
        city = clean_text(posting.get("city")) or place.city
        posting["city"] = city if len(states) <= 1 else None
        posting["country"] = country or ("US" if states else None)

    @staticmethod
    def _pay(posting: ItemAdapter) -> None:
        hours = HOURS_PER_YEAR.get(posting.get("source_kind"), 2080)
        pay, source = None, STRUCTURED
        if posting.get("salary_min") is not None or posting.get("salary_max") is not None:
            pay = pay_from_structured(
                posting.get("salary_min"),
                posting.get("salary_max"),
                currency=posting.get("salary_currency"),
                period=posting.get("salary_period"),
                estimated=bool(posting.get("salary_estimated")),
                hours_per_year=hours,
            )
        if pay is None and posting.get("salary_text"):
            pay = pay_from_text(posting.get("salary_text"))
        if pay is None:
            pay, source = pay_from_text(posting.get("description_text")), TEXT
        posting["salary_source"] = (INFERRED if pay.period_by_size else source) if pay else None
        posting["salary_min"] = pay.min if pay else None
        posting["salary_max"] = pay.max if pay else None
        posting["salary_currency"] = pay.currency if pay else None
        posting["salary_period"] = pay.period if pay else None
        posting["salary_annual_min"] = pay.annual_min if pay else None
        posting["salary_annual_max"] = pay.annual_max if pay else None
        posting["salary_estimated"] = bool(pay and pay.estimated)
        if pay and pay.text and not posting.get("salary_text"):
            posting["salary_text"] = pay.text


def _posted_states(places: list[str], hinted: str | None) -> list[str]:
    """Every US state the posting's own place fields name, the source's state field first."""
    states = [hinted] if hinted else []
    for place in places:
        if parse_place(place).country in (None, "US"):
            # a state named, or a US city named alone ("Boston", "Stamford Hub")
            named = states_named(place) + cities_named(place)
            states += [state for state in dict.fromkeys(named) if state not in states]
    return states


def _country_code(value: object) -> str | None:
    """A source's own country field: an ISO alpha-2 code as it is ("GB", "ca"), else a name.

    Not through parse_place alone: it reads a bare "CA" or "DE" as a US state.
    """
    text = clean_text(value)
    if not text:
        return None
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return "GB" if text.upper() == "UK" else text.upper()
    return parse_place(text).country


def _clean_block(value: object) -> str | None:
    if value is None:
        return None
    text = re.sub(r"[ \t]+", " ", str(value))
    text = re.sub(r"\n\s*\n+", "\n\n", text).strip()
    return text or None


class ClassifyPipeline(CrawlerPipeline):
    """What the posting is: occupation, relevance, credentials, education, facets."""

    @passes_unchanged
    def process_item(self, item):
        posting = ItemAdapter(item)
        title = posting.get("title") or ""
        text = posting.get("description_text") or ""
        posting["occupation"] = classify_occupation(title, text)
        posting["relevant"] = is_relevant(posting["occupation"])
        if self.spider.source.keep == "relevant" and not posting["relevant"]:
            raise DropItem(f"not a health-information posting: {title!r}")
        title_and_text = f"{title}\n{text}"
        credentials = find_credentials(title_and_text)
        posting["certifications"] = list(credentials)
        posting["credential_requirements"] = {
            code: need for code, need in credentials.items() if need
        }
        # the source's own education field, where it has one, else the description; the field
        # is a code ("bachelor_degree") or words ("Bachelor's Degree in Computer Science")
        hint = posting.get("education_hint")
        if hinted := education_from_code(hint) or education_floor(hint):
            posting["education"], posting["education_source"] = hinted, STRUCTURED
        else:
            posting["education"] = education_floor(text)
            posting["education_source"] = TEXT if posting["education"] else None
        posting["experience_years"] = experience_years(text)
        posting["facets"] = find_facets(title_and_text)
        return item


class ValidatePipeline(CrawlerPipeline):
    """Refuse what cannot be stored, counting each failure by field and recording it."""

    @passes_unchanged
    def process_item(self, item):
        posting = ItemAdapter(item)
        missing = [field for field in REQUIRED_FIELDS if not posting.get(field)]
        link = http_url(posting.get("url"))
        if not missing and link:
            posting["url"] = link
            return item
        stats = self.crawler.stats
        for field in missing:
            stats.inc_value(f"validate/missing/{field}")
        problem = f"missing {', '.join(missing)}" if missing else None
        if not link and posting.get("url"):
            # Only http(s) links are stored: a `javascript:` or `data:` one would run when opened.
            stats.inc_value("validate/unsafe/url")
            problem = f"{problem}; " if problem else ""
            problem += f"its link is not an http(s) URL: {str(posting['url'])[:80]!r}"
        # Seen but unreadable: its stored version (if any) stays open, not closed.
        if external_id := posting.get("external_id"):
            self.spider.unreadable_ids.add(str(external_id))
            where = f"posting {external_id!r}"
        else:
            self.spider.incomplete = "a posting without an id could not be read"
            where = "a posting without an id"
        self.spider.record_error(
            link or "", f"{where} not stored: {problem}; its stored version stays open", fatal=False
        )
        raise DropItem(f"{problem}: {posting.get('url') or posting}")


# The item fields a posting row takes: every content column of the store, so a column added
# there flows through without a list to keep in step, and the raw fingerprint.
POSTING_FIELDS = (*CONTENT_COLUMNS, RAW_FINGERPRINT)
# Errors that come from what a batch holds, not from the database being unreachable: the
# batch is split to find the postings at fault, so one bad posting does not cost the rest.
BAD_DATA_ERRORS = (ValueError, TypeError, DataError, IntegrityError)


class StorePipeline(CrawlerPipeline):
    """Upsert postings in batches and keep the run's record.

    The run is finished on `spider_closed`, after the last batch, so its status
    can take the close reason and the spider's errors into account.
    """

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.batch_size = crawler.settings.getint("STORE_BATCH_SIZE", 200)
        # Unchanged postings are marked seen this many at a time (one UPDATE each).
        self.unchanged_batch_size = crawler.settings.getint("STORE_UNCHANGED_BATCH_SIZE", 1000)
        self.url = resolve_database_url(crawler.settings.get("HITBOARD_DATABASE_URL"))
        self.batch: list[dict] = []
        self.unchanged: list[str] = []  # external ids of postings only to be marked seen
        self.counts = {"seen": 0, "new": 0, "updated": 0, "unchanged": 0}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> "StorePipeline":
        pipeline = cls(crawler)
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.spider_error, signal=signals.spider_error)
        crawler.signals.connect(pipeline.item_error, signal=signals.item_error)
        return pipeline

    def open_spider(self) -> None:
        spider = self.spider
        self.engine = init_db(self.url)
        self.started_at = datetime.now(UTC)
        if spider.run_id is None:
            with session_scope(self.engine) as session:
                spider.run_id = start_run(
                    session=session,
                    source=spider.source.name,
                    kind=spider.name,
                    trigger="manual",
                    host=socket.gethostname(),
                    pid=os.getpid(),
                )

    def process_item(self, item):
        posting = ItemAdapter(item)
        if posting.get("unchanged"):
            self.unchanged.append(str(posting["external_id"]))
            if len(self.unchanged) >= self.unchanged_batch_size:
                self._mark_seen()
            return item
        record = {field: posting.get(field) for field in POSTING_FIELDS}
        self.batch.append(record)
        if len(self.batch) >= self.batch_size:
            self._flush()
        return item

    def close_spider(self) -> None:
        self._flush()
        self._mark_seen()

    def spider_error(self, failure, response, spider: Spider) -> None:
        # A bug or a page shape we do not understand: the run cannot be trusted to close.
        spider.record_error(
            response.url, f"{type(failure.value).__name__}: {failure.value}", fatal=True
        )

    def item_error(self, item, response, spider: Spider, failure) -> None:
        # A posting we could not process is a posting the run did not see: it must not close.
        url = ItemAdapter(item).get("url") or (response.url if response else "")
        spider.record_error(url, f"processing failed: {failure.getErrorMessage()}", fatal=True)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        stats = self.crawler.stats.get_stats()
        if reason != "finished":
            spider.record_error("", f"crawl ended early: {reason}", fatal=True)
        dropped = stats.get("item_dropped_count", 0)
        with session_scope(self.engine) as session:
            seen = {"session": session, "source": spider.source.name, "run_id": spider.run_id}
            touch_seen(**seen, external_ids=spider.unreadable_ids, seen_at=datetime.now(UTC))
            pages = spider.unreadable_pages
            unmatched = pages - touch_pages(**seen, urls=pages, seen_at=datetime.now(UTC))
            if unmatched:  # it may have held a stored posting under another address
                spider.incomplete = spider.incomplete or (
                    f"{len(unmatched)} unreadable pages match no stored posting by address"
                )
            complete_run(
                session=session,
                run_id=spider.run_id,
                incomplete=spider.incomplete,
                kept_open=len(spider.unreadable_ids) + len(pages),
                failed=spider.failed,  # also set by every posting the store refused
                # errors: the full count; spider.errors keeps only the first MAX_ERRORS_KEPT.
                counts={**self.counts, "dropped": dropped, "errors": spider.error_count},
                errors=spider.errors,
                stats={
                    "error_count": spider.error_count,
                    "requests": stats.get("downloader/request_count", 0),
                    "responses": stats.get("downloader/response_count", 0),
                    "retries": stats.get("retry/count", 0),
                    "invalid": {
                        k.rsplit("/", 1)[-1]: v
                        for k, v in stats.items()
                        if k.startswith("validate/missing/")
                    },
                    "malformed": spider.malformed,
                    "unreadable": len(spider.unreadable_ids) + len(pages),
                    "finish_reason": reason,
                },
            )

    def _mark_seen(self) -> None:
        """Unchanged postings get last_seen_at and the run, nothing else."""
        if not self.unchanged:
            return
        ids, self.unchanged = self.unchanged, []
        try:
            with session_scope(self.engine) as session:
                touch_seen(
                    session=session,
                    source=self.spider.source.name,
                    external_ids=ids,
                    seen_at=datetime.now(UTC),
                    run_id=self.spider.run_id,
                )
        except Exception as exc:  # not marked seen: the run must not close them
            self.spider.record_error(
                "", f"marking {len(ids)} postings seen failed: {exc}", fatal=True
            )
            return
        self.counts["seen"] += len(ids)
        self.counts["unchanged"] += len(ids)

    def _flush(self) -> None:
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        self._store(batch)

    def _store(self, batch: list[dict]) -> None:
        """Upsert `batch`; what cannot be stored fails the run (a posting it did not keep
        must not be closed), and the crawl goes on."""
        try:
            with session_scope(self.engine) as session:
                counts = upsert_postings(
                    session=session,
                    records=batch,
                    seen_at=datetime.now(UTC),
                    run_id=self.spider.run_id,
                )
        except BAD_DATA_ERRORS as exc:
            if len(batch) == 1:
                url = batch[0].get("url") or ""
                self.spider.record_error(url, f"storing the posting failed: {exc}", fatal=True)
                return
            middle = len(batch) // 2
            self._store(batch[:middle])
            self._store(batch[middle:])
            return
        except Exception as exc:  # the database itself failed: the whole batch is lost
            reason = f"storing {len(batch)} postings failed: {exc}"
            self.spider.record_error("", reason, fatal=True)
            return
        self.counts["seen"] += len(batch)
        self.counts["new"] += counts.new
        self.counts["updated"] += counts.updated
        self.counts["unchanged"] += counts.unchanged
