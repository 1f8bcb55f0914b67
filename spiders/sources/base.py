"""What every source spider shares: its source entry, error bookkeeping, requests.

A list page that fails makes the run fail (nothing is closed); a detail page that
fails keeps the posting from its list entry; a 404/410 detail means the posting
is gone. A malformed record (a field of the wrong type, a shape the kind's reader trips
on) costs only itself: `read_record` and `read_detail` skip it, count it, record its id
and the reason, and keep its stored posting open. Every error is kept with its URL and
reason for the run record.
"""

import codecs
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit

import ijson
import scrapy
from parsel import Selector
from scrapy.http import Request, Response
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.python.failure import Failure
from w3lib.encoding import http_content_type_encoding

from spiders.items import JobPostingItem
from spiders.normalize.text import clean_text
from spiders.raw import MalformedRecord, checked
from store.runs import MAX_ERRORS_KEPT
from store.sources import SourceConfig, url_parts

# Characters XML cannot hold: lxml refuses them in names and values, so a page carrying one
# stray byte would fail a whole crawl. A space keeps the text around them apart.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def html_page(page_html: str) -> Selector:
    """A career page for CSS and XPath, its control characters made spaces."""
    return Selector(text=CONTROL_CHARS.sub(" ", page_html))


GONE = (404, 410)
# What reading a record of an unexpected shape raises (a string method on a number, a key
# on a list, a figure that is no number, nesting deeper than Python recurses). Anything else
# is a bug and fails the run.
MALFORMED = (
    AttributeError, TypeError, ValueError, KeyError, IndexError, ArithmeticError, RecursionError
)  # fmt: skip


class SourceSpider(scrapy.Spider):
    """Base class: subclasses set `name` to their kind and yield requests from `async start`."""

    default_max_pages: int | None = None  # a paged kind's cap when the source sets none

    def __init__(self, source: str | None = None, run_id: str | None = None, **kwargs: Any):
        super().__init__(**kwargs)
        if source is None:
            raise ValueError(
                f"spider {self.name!r} needs -a source='<JSON of a sources-file entry>'"
            )
        self.source = SourceConfig.model_validate(
            json.loads(source) if isinstance(source, str) else source
        )
        if self.source.kind != self.name:
            raise ValueError(
                f"source {self.source.name!r} is of kind {self.source.kind!r}, not {self.name!r}"
            )
        self.run_id = int(run_id) if run_id else None
        # The url's named parts (store.sources.URL_SHAPES: site, tenant, board…) and its root:
        # where the system lives, on whichever host (a mirror stands in for the real one).
        self.parts = url_parts(self.name, self.source.url) or {} if self.source.url else {}
        self.root = self.parts.get("origin", "") + self.parts.get("prefix", "")
        self.errors: list[dict[str, str]] = []
        self.error_count = 0
        self.failed = False  # a list page or the source as a whole failed
        # Why the run, though not failed, did not read the whole source (it then closes nothing).
        self.incomplete: str | None = None
        self.unreadable_ids: set[str] = set()  # seen, but not storable this time: keep them open
        self.malformed = 0  # records skipped because they could not be read
        # Pages seen but not readable this time (kinds whose pages are their postings): the
        # postings stored from them, known by the page's address, stay open.
        self.unreadable_pages: set[str] = set()
        self.listed_ids: set[str] = set()  # every posting id the list pages have brought so far

    # -- items -------------------------------------------------------------

    def new_item(self, **fields: Any) -> JobPostingItem:
        """An item of these raw fields; MalformedRecord when one has the wrong type."""
        fields = {"source": self.source.name, "source_kind": self.name, **fields}
        return JobPostingItem(**checked(fields))

    def completed(self, fallback: JobPostingItem, fields: Mapping[str, Any]) -> JobPostingItem:
        """The list entry `fallback` with what a detail page says: each field the detail has
        (not None, not empty) replaces the list's. MalformedRecord when one has the wrong type."""
        item = fallback.copy()
        for key, value in fields.items():
            if value not in (None, "", []):
                item[key] = value
        checked(dict(item))
        return item

    def read_record(
        self,
        url: str,
        record: Any,
        read: Callable[..., Mapping[str, Any]],
        *args: Any,
        key: Callable[[Any], Any] | None = None,
        **kwargs: Any,
    ) -> JobPostingItem | None:
        """The item `read(record, *args, **kwargs)` makes of one record of the answer at
        `url`, or None when the record is malformed: it is counted and recorded with its id
        (`key(record)`, the external id the kind stores it under) and the reason, and its
        stored posting stays open. Without a readable id the run closes nothing."""
        try:
            return self.new_item(**read(record, *args, **kwargs))
        except MALFORMED as exc:
            self.skip_malformed(url, _record_id(record, key), exc)
            return None

    def read_records(
        self,
        url: str,
        entries: Iterable[Any],
        read: Callable[..., Mapping[str, Any]],
        *args: Any,
        key: Callable[[Any], Any] | None = None,
        **kwargs: Any,
    ) -> Iterator[JobPostingItem]:
        """`read_record` of each of `entries`, the malformed ones left out."""
        for entry in entries:
            item = self.read_record(url, entry, read, *args, key=key, **kwargs)
            if item is not None:
                yield item

    def read_detail(
        self,
        response: Response,
        read: Callable[..., Mapping[str, Any] | None],
        *args: Any,
        missing: str,
        **kwargs: Any,
    ) -> JobPostingItem:
        """The list entry completed by the fields `read(*args, **kwargs)` finds in a detail
        answer; the list entry alone when the answer lacks them (`missing`) or is malformed
        (both noted for the run)."""
        try:
            return self.detail_or_fallback(response, read(*args, **kwargs), missing=missing)
        except MALFORMED as exc:
            reason = f"malformed detail ({fault(exc)}); kept the list entry"
            self.record_error(response.url, reason, fatal=False)
            return response.meta["fallback"]

    def unreadable_page(self, url: str, reason: str) -> None:
        """A page that could not be read this time: the posting stored from it stays open."""
        self.unreadable_pages.add(url)
        self.record_error(url, f"{reason}; its stored posting stays open", fatal=False)

    def skip_malformed(self, url: str, record_id: str | None, exc: Exception) -> None:
        """Count and record a record that could not be read; keep its stored posting open."""
        self.malformed += 1
        if record_id:
            self.unreadable_ids.add(record_id)
            what = f"record {record_id!r}"
        else:
            self.incomplete = "a malformed record had no readable id"
            what = "a record without a readable id"
        reason = f"{what} is malformed and was skipped: {fault(exc)}"
        self.record_error(url, reason, fatal=False)

    def detail_or_fallback(
        self, response: Response, fields: Mapping[str, Any] | None, *, missing: str
    ) -> JobPostingItem:
        """The posting a detail answer completes; without `fields` (the answer did not hold
        what the kind reads), the list entry, after noting `missing` for the run."""
        fallback: JobPostingItem = response.meta["fallback"]
        if not fields:
            self.record_error(response.url, f"{missing}; kept the list entry", fatal=False)
            return fallback
        return self.completed(fallback, fields)

    def company(self, default: str | None = None) -> str:
        """The employer for boards whose answers do not name it: the source's
        `params.company`, else `default` (what the board's address suggests), else its name."""
        return str(self.source.params.get("company") or default or self.source.name)

    # -- errors ------------------------------------------------------------

    def has_required_env(self, needs: str) -> bool:
        """True when the environment holds every variable this kind needs; else a fatal error
        names the missing ones (never their values) and says what they are for (`needs`)."""
        missing = self.source.missing_env()
        if missing:
            reason = f"missing environment variable(s) {', '.join(missing)}: {needs}"
            self.record_error(self.source.url or "", reason, fatal=True)
        return not missing

    def record_error(self, url: str, reason: str, *, fatal: bool) -> None:
        """Keep an error for the run; a fatal one marks the run failed."""
        self.error_count += 1
        if len(self.errors) < MAX_ERRORS_KEPT:
            self.errors.append({"url": url, "reason": reason, "fatal": fatal})
        self.failed = self.failed or fatal
        log = self.logger.error if fatal else self.logger.warning
        log("%s: %s", url, reason)

    # -- requests ----------------------------------------------------------

    def list_request(self, url: str, callback: Callable, **kwargs: Any) -> Request:
        """A request for a list page: its failure fails the run."""
        return Request(url, callback=callback, errback=self._list_failed, **kwargs)

    def detail_request(
        self, url: str, callback: Callable, fallback: JobPostingItem, **kwargs: Any
    ) -> Request:
        """A request for a posting's detail; on failure the list entry `fallback` is kept."""
        meta = {**kwargs.pop("meta", {}), "fallback": fallback}
        return Request(url, callback=callback, errback=self._detail_failed, meta=meta, **kwargs)

    def failure_reason(self, failure: Failure) -> str:
        """`describe_failure` of a request's failure, naming the size cap it was over."""
        request = getattr(failure, "request", None)
        meta = request.meta if request is not None else {}
        max_size = meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        return describe_failure(failure, max_size=max_size)

    def _list_failed(self, failure: Failure) -> None:
        self.record_error(failure.request.url, self.failure_reason(failure), fatal=True)

    def _detail_failed(self, failure: Failure) -> Iterator[JobPostingItem]:
        status = http_status(failure)
        url = failure.request.url
        if status in GONE:
            self.record_error(url, f"HTTP {status}: posting is gone", fatal=False)
            return
        self.record_error(url, self.failure_reason(failure) + "; kept the list entry", fatal=False)
        yield failure.request.meta["fallback"]

    def unseen(self, entries: list[dict], key: Callable[[dict], Any]) -> list[dict]:
        """The entries of a list page whose id (`key(entry)`) no earlier page brought, in
        order; entries without an id are kept (there is nothing to compare)."""
        fresh = []
        for entry in entries:
            entry_id = _record_id(entry, key)
            if entry_id is not None:
                if entry_id in self.listed_ids:
                    continue
                self.listed_ids.add(entry_id)
            fresh.append(entry)
        return fresh

    def another_page(
        self,
        pages_read: int,
        rows: list,
        fresh: list,
        *,
        more: bool = True,
        pages_total: int | None = None,
    ) -> bool:
        """Whether to read one more list page after `pages_read` of them; the last listed
        `rows`, of which `fresh` were not seen on an earlier page, and `more` is the kind's
        own judgement (a full page, a total not yet reached).

        An empty page ends the list. A page of postings already seen means the board repeats
        itself (it ignores the paging, or its order shifted): the crawl stops there and, not
        having seen the whole board, closes nothing. So does the page cap (`max_pages`, else
        the kind's `default_max_pages`).
        """
        if not rows or not more:
            return False
        if not fresh:
            self.incomplete = (
                f"list page {pages_read} brought no new postings (the board repeats itself); "
                "stopped there"
            )
            self.logger.warning(self.incomplete)
            return False
        return self.below_max_pages(pages_read, self.default_max_pages, pages_total=pages_total)

    def below_max_pages(
        self, pages_read: int, default: int | None = None, *, pages_total: int | None = None
    ) -> bool:
        """Whether another list page may be read after `pages_read` of them: the source's
        `max_pages`, else the kind's `default`, caps a crawl. Hitting the cap is logged: the
        postings past it go unseen by this run."""
        max_pages = self.source.max_pages or default
        if max_pages is None or pages_read < max_pages:
            return True
        of_total = f" of {pages_total}" if pages_total is not None else ""
        self.incomplete = f"stopped after max_pages={max_pages}{of_total} pages"
        self.logger.info(self.incomplete)
        return False

    # -- parsing -----------------------------------------------------------

    def listed(self, response: Response, *path: str | int) -> tuple[Any, list] | None:
        """A JSON list page's answer and the entries at `path` in it (see `entries`); None
        after recording why not (not JSON, or no such list), which fails the run."""
        data = self.parse_json(response)
        if data is None:
            return None
        rows = entries(data, *path)
        if rows is None:
            where = ".".join(str(step) for step in path)
            self.record_error(response.url, f"no '{where}' list in the answer", fatal=True)
            return None
        return data, rows

    def parse_json(self, response: Response, *, fatal: bool = True) -> Any | None:
        """The response body as JSON, or None after recording why it is not."""
        content_type = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        try:
            return json.loads(response.text)
        except RecursionError:
            self.record_error(response.url, "JSON nested too deeply to read", fatal=fatal)
            return None
        except (ValueError, AttributeError) as exc:
            if "html" in content_type or getattr(response, "text", "").lstrip()[:1] == "<":
                reason = f"HTTP {response.status} but an HTML page instead of JSON"
            else:
                reason = f"invalid JSON ({exc})"
            self.record_error(response.url, reason, fatal=fatal)
            return None

    def json_list(self, response: Response, key: str) -> Iterator[Any]:
        """The items of the answer's top-level `key` list, parsed one at a time from the body:
        a board of 20,000 postings is never held as 20,000 objects at once.

        An answer that is not such a list is recorded as the fatal error it is, with the reason
        `parse_json` gives; the items read before a break further on stay read.
        """
        streamed = 0
        if _utf8(response):
            try:
                for item in ijson.items(response.body, f"{key}.item", use_float=True):
                    streamed += 1
                    yield item
            except ijson.JSONError:
                pass  # read it whole below, for the reason
            else:
                if streamed:
                    return
        data = self.parse_json(response)  # no list streamed, or a break: the whole answer says why
        if data is None:
            return
        items = data.get(key) if isinstance(data, dict) else None
        if not isinstance(items, list):
            self.record_error(response.url, f"no {key!r} list in the board's answer", fatal=True)
            return
        yield from items[streamed:]


def _utf8(response: Response) -> bool:
    """Whether the body is UTF-8, the one encoding the streaming parser reads: JSON's own, so
    it is unless the answer's Content-Type declares another charset."""
    declared = http_content_type_encoding(
        response.headers.get(b"Content-Type", b"").decode("latin-1")
    )
    return declared is None or codecs.lookup(declared).name in ("utf-8", "ascii")


def id_field(name: str) -> Callable[[dict], str | None]:
    """The key (for `unseen` and `read_record`) of records whose id is their `name` field."""
    return lambda record: clean_text(record.get(name))


def _record_id(record: Any, key: Callable[[Any], Any] | None) -> str | None:
    """The id `key` reads from a record, as text; None when there is none to read."""
    try:
        found = key(record) if key else None
    except MALFORMED:
        return None
    if isinstance(found, bool) or not isinstance(found, str | int):
        return None
    return str(found).strip() or None


def fault(exc: Exception) -> str:
    """What was wrong with a record, in one line."""
    if isinstance(exc, MalformedRecord):
        return str(exc)
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text[:200]}" if text else type(exc).__name__


def entries(data: Any, *path: str | int) -> list | None:
    """The list found at `path` inside a parsed answer (keys of objects, indexes of lists:
    `entries(data, "items", 0, "requisitionList")`), or None when there is no list there,
    which means the answer is not what the kind expects. Every entry, objects or not: a
    kind reads its postings through `read_records`, which counts the ones it cannot read."""
    node = data
    for step in path:
        if isinstance(step, int):
            node = node[step] if isinstance(node, list) and -len(node) <= step < len(node) else None
        else:
            node = node.get(step) if isinstance(node, dict) else None
    return node if isinstance(node, list) else None


def records(data: Any, *path: str | int) -> list[dict] | None:
    """The objects in the list found at `path` (see `entries`); None when there is no list
    there. Entries that are not objects are left out."""
    found = entries(data, *path)
    return None if found is None else [entry for entry in found if isinstance(entry, dict)]


def as_int(value: Any) -> int | None:
    """A count an answer states (a number or its digits), or None."""
    try:
        return int(value)
    except (TypeError, ValueError, OverflowError):  # OverflowError: an infinite figure
        return None


def page_count(total: int | None, page_size: int) -> int | None:
    """How many pages of `page_size` hold `total` postings (None when the total is unknown)."""
    return -(-total // page_size) if total else None


def distinct(values: Iterable[Any]) -> list[str]:
    """The values as cleaned text, empty ones and repeats left out, in their order."""
    unique: list[str] = []
    for value in values:
        text = clean_text(value)
        if text and text not in unique:
            unique.append(text)
    return unique


def dated(value: Any, *formats: str) -> str | None:
    """A date a source writes in its own fixed form (`"%m/%d/%y"`, `"%b %d, %Y"`) as an ISO
    date, or None when `value` fits none of `formats`."""
    text = clean_text(value)
    for form in formats if text else ():
        try:
            return datetime.strptime(text, form).date().isoformat()
        except ValueError:
            continue
    return None


def workplace(value: Any) -> str | None:
    """A system's own workplace label or code ("On Site", "on_site", "ORA_HYBRID",
    "Fully Remote") as remote | hybrid | onsite; None for anything else (numbers and flags
    mean something different on every system, so they are mapped where they are read)."""
    text = clean_text(value) if isinstance(value, str) else None
    key = re.sub(r"[^a-z]", "", text.lower()) if text else ""
    if not key:
        return None
    if "hybrid" in key or "flex" in key:
        return "hybrid"
    if "remote" in key or "telecommut" in key or "virtual" in key:
        return "remote"
    if "onsite" in key or "office" in key or "inperson" in key:
        return "onsite"
    return None


def assigned_object(page_html: str, before: re.Pattern[str]) -> dict | None:
    """The JSON object a page's script writes just after `before` (`phApp.ddo = {…}`,
    `new Detail({…})`), or None when the page has none."""
    match = before.search(page_html)
    if not match:
        return None
    try:
        found, _end = json.JSONDecoder().raw_decode(page_html, match.end())
    except ValueError:
        return None
    return found if isinstance(found, dict) else None


def structured_pay(low: Any, high: Any, *, currency: Any, period: Any) -> dict[str, Any]:
    """The salary_* fields of a system's own pay figures (0 or empty means none); {} when
    it states neither bound. The period stays the system's own word."""
    low, high = low or None, high or None
    if low is None and high is None:
        return {}
    return {
        "salary_min": low,
        "salary_max": high,
        "salary_currency": clean_text(currency),
        "salary_period": clean_text(period),
    }


def with_query(url: str, query: Mapping[str, Any] | Iterable[tuple[str, Any]]) -> str:
    """`url` with `query` appended after any query it already has; a list value repeats its
    name (`category=A&category=B`)."""
    return url + ("&" if "?" in url else "?") + urlencode(query, doseq=True)


def absolute_link(base: str, href: object) -> str | None:
    """A page's link `href` made absolute against `base`; None when it is no URL at all
    (not text, or one Python cannot split, like an unclosed IPv6 bracket `https://[x`). Such
    a link leads nowhere, so it counts as none rather than failing the page."""
    if not isinstance(href, str):
        return None
    try:
        url = urljoin(base, href)
        urlsplit(url)
    except ValueError:
        return None
    return url


def site_slug(url: str | None) -> str:
    """The last path segment of a board URL: `.../postings/acme-health` → "acme-health"."""
    return urlsplit(url or "").path.rstrip("/").rsplit("/", 1)[-1]


def company_from_slug(slug: str) -> str | None:
    """ "acme-health" → "Acme Health", for boards whose API names no company, only a slug."""
    words = slug.replace("_", "-").split("-")
    return " ".join(word.capitalize() for word in words if word) or None


def http_status(failure: Failure) -> int | None:
    if failure.check(HttpError):
        return failure.value.response.status
    return None


# Download failures by exception class name: Scrapy 2.14+ wraps Twisted's exceptions in its
# own (DownloadTimeoutError, DownloadFailedError, ...), older versions raise Twisted's.
DOWNLOAD_FAILURES = (
    ({"DownloadTimeoutError", "TimeoutError", "TCPTimedOutError"}, "timed out"),
    (
        {"ResponseDataLossError", "_DataLoss", "PotentialDataLoss"},
        "response cut short: the connection closed before the whole body arrived",
    ),
    ({"DownloadConnectionRefusedError", "ConnectionRefusedError"}, "connection refused"),
    ({"CannotResolveHostError", "DNSLookupError"}, "host name not found"),
    (
        {"ConnectionLost", "ConnectionDone", "ConnectionAborted", "ConnectionResetError"},
        "connection reset or closed by the server before a complete response",
    ),
)


# An answer Scrapy stopped reading at DOWNLOAD_MAXSIZE: its stated length was over the cap
# (cancelled download), or its gzip or deflate body expanded past it (the compression
# middleware's IgnoreRequest, caused by this one).
TOO_LARGE = {"DownloadCancelledError", "CancelledError", "_DecompressionMaxSizeExceeded"}


def describe_failure(failure: Failure, *, max_size: int = 0) -> str:
    """A short reason a person can read: 'HTTP 503', 'timed out after 30 s', ...;
    `max_size` is the DOWNLOAD_MAXSIZE the request had (0: none)."""
    status = http_status(failure)
    if status is not None:
        return f"HTTP {status}"
    names = _exception_names(failure.value)
    if max_size and names & TOO_LARGE:
        return f"answer larger than DOWNLOAD_MAXSIZE ({max_size:,} bytes); not read"
    for known, reason in DOWNLOAD_FAILURES:
        if found := known & names:
            request = getattr(failure, "request", None)
            seconds = request.meta.get("download_timeout") if request is not None else None
            if reason == "timed out" and seconds:
                reason = f"timed out after {seconds:g} s"
            return f"{reason} ({', '.join(sorted(found))})"
    exc = failure.value
    name = type(exc).__name__
    text = str(exc).strip()
    return f"{name}: {text}" if text else name


def _exception_names(exc: BaseException, depth: int = 0) -> set[str]:
    """Class names of `exc` and of what it wraps (causes, Twisted's `reasons` failures)."""
    if exc is None or depth > 5:
        return set()
    names = {type(exc).__name__}
    inner = [exc.__cause__, exc.__context__]
    inner += [r.value if isinstance(r, Failure) else r for r in getattr(exc, "reasons", None) or []]
    for wrapped in inner:
        if isinstance(wrapped, BaseException):
            names |= _exception_names(wrapped, depth + 1)
    return names
