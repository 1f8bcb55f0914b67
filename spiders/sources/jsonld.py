"""Job pages that carry schema.org `JobPosting` in `<script type="application/ld+json">`.

A source lists job pages (`urls`) and/or a `sitemap` (a urlset or a sitemap index,
gzipped or not; `params.url_pattern`, a regex, keeps only matching page URLs;
`max_pages` caps how many pages are fetched, else MAX_PAGES; at most MAX_SITEMAPS sitemap
files are read). A page may hold one object, a list, an `@graph`, or a posting nested
inside another object (a WebPage's `mainEntity`).

Failures: a sitemap that cannot be read fails the run (it is the list), as does one that
is larger than DOWNLOAD_MAXSIZE once gunzipped. A job page that fails (after retries), or
whose only JSON-LD is broken or larger than MAX_JSONLD_CHARS, could not be read this time:
the posting stored from it stays open (`unreadable_pages`). A page that reads fine but holds
no JobPosting (an expired job's page) is a non-fatal error; a 404/410 page is gone. If every
page failed, the run failed.
"""

import json
import re
from collections.abc import AsyncIterator, Iterator
from functools import partial
from typing import Any
from urllib.parse import urljoin

import extruct
from lxml import html as lxml_html
from scrapy.http import Request, Response
from scrapy.utils.gz import gunzip
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from spiders.items import JobPostingItem
from spiders.normalize.links import http_url
from spiders.normalize.text import clean_text
from spiders.sources.base import (
    CONTROL_CHARS,
    GONE,
    MALFORMED,
    SourceSpider,
    absolute_link,
    fault,
    http_status,
)

# Values some pages put where they have nothing to say ("UNAVAILABLE" on iCIMS pages).
MISSING = frozenset({"unavailable", "n/a", "na", "none", "null", "-"})
# A JSON-LD value as text: layout kept (descriptions), placeholders dropped.
_value = partial(clean_text, keep_lines=True, placeholders=MISSING)
HTML_COMMENT = re.compile(r"^\s*<!--|-->\s*$")
CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")
TRAILING_COMMA = re.compile(r",\s*([}\]])")
# Bounds, each with a recorded reason when reached (docs/reliability.md). A posting's JSON-LD
# is a few kilobytes; lxml would silently drop a script over 10 MB, so pages are parsed with
# its huge-tree option and this kind refuses, naming it, a block over MAX_JSONLD_CHARS.
MAX_JSONLD_CHARS = 2_000_000
MAX_PAGES = 10_000  # job pages per run, when the source sets no max_pages
MAX_SITEMAPS = 200  # sitemap files per run (an index and the sitemaps it names)
HTML_PARSER = lxml_html.HTMLParser(huge_tree=True)


class JsonLdSpider(SourceSpider):
    name = "jsonld"

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        pattern = self.source.params.get("url_pattern")
        self.url_pattern = re.compile(str(pattern)) if pattern else None
        self.pages_requested = 0
        self.pages_read = 0
        self.pages_failed = 0
        self.sitemaps_pending = 0
        self.seen_pages: set[str] = set()
        self.seen_sitemaps: set[str] = set()

    async def start(self) -> AsyncIterator[Any]:
        for url in self.source.urls or ((self.source.url,) if self.source.url else ()):
            if request := self.page_request(url):
                yield request
        if self.source.sitemap and (request := self.sitemap_request(self.source.sitemap)):
            yield request

    # -- sitemaps ------------------------------------------------------------

    def sitemap_request(self, url: str) -> Request | None:
        if url in self.seen_sitemaps or not http_url(url):
            return None
        if len(self.seen_sitemaps) >= MAX_SITEMAPS:
            self.incomplete = f"stopped after {MAX_SITEMAPS} sitemaps"
            return None
        self.seen_sitemaps.add(url)
        self.sitemaps_pending += 1
        # A sitemap is this kind's list page: its failure fails the run (sitemap_failed).
        return Request(url, callback=self.parse_sitemap, errback=self.sitemap_failed)

    def sitemap_failed(self, failure: Failure) -> None:
        self.sitemaps_pending -= 1
        self._list_failed(failure)

    def parse_sitemap(self, response: Response) -> Iterator[Request]:
        self.sitemaps_pending -= 1
        max_size = response.meta.get("download_maxsize", self.settings.getint("DOWNLOAD_MAXSIZE"))
        try:
            body = sitemap_body(response, max_size=max_size)
        except SitemapTooLarge as exc:
            self.record_error(response.url, str(exc), fatal=True)
            return
        sitemap = None
        if body is not None:
            try:
                sitemap = Sitemap(body)
            except Exception:  # lxml gives up on bodies that are not XML at all
                sitemap = None
        if sitemap is None or sitemap.type not in ("urlset", "sitemapindex"):
            self.record_error(response.url, "not a sitemap (urlset or sitemapindex)", fatal=True)
            return
        for entry in sitemap:
            url = absolute_link(response.url, entry["loc"])
            if url is None:
                self.record_error(response.url, f"{entry['loc']!r} is not a URL", fatal=False)
                continue
            if sitemap.type == "sitemapindex":
                request = self.sitemap_request(url)
            else:
                request = self.page_request(url)
            if request is not None:
                yield request
        self._check_all_failed(response.url)

    # -- job pages -----------------------------------------------------------

    def page_request(self, url: str) -> Request | None:
        if url in self.seen_pages or (self.url_pattern and not self.url_pattern.search(url)):
            return None
        if not http_url(url):
            self.record_error(url, "not an http(s) page; skipped", fatal=False)
            return None
        max_pages = self.source.max_pages or MAX_PAGES
        if self.pages_requested >= max_pages:
            self.incomplete = f"stopped after max_pages={max_pages} job pages"
            return None
        self.seen_pages.add(url)
        self.pages_requested += 1
        return Request(url, callback=self.parse_page, errback=self.page_failed)

    def page_failed(self, failure: Failure) -> None:
        self.pages_failed += 1
        url = failure.request.url
        if (status := http_status(failure)) in GONE:
            self.record_error(url, f"HTTP {status}: posting is gone", fatal=False)
        else:
            self.unreadable_page(url, self.failure_reason(failure))
        self._check_all_failed(url)

    def parse_page(self, response: Response) -> Iterator[JobPostingItem]:
        self.pages_read += 1
        if not hasattr(response, "text"):
            self.unreadable_page(response.url, "not an HTML page")
            return
        try:
            postings, problems = page_postings(
                response.text, page_url=response.url, fallback_company=self.source.name
            )
        except MALFORMED as exc:
            postings, problems = [], [f"a JobPosting that could not be read ({fault(exc)})"]
        if not postings and problems:
            self.unreadable_page(response.url, "; ".join(problems))
            return
        for problem in problems:  # other blocks of the page were read
            self.record_error(response.url, problem, fatal=False)
        if not postings:
            self.record_error(response.url, "no schema.org JobPosting on the page", fatal=False)
        yield from self.read_records(response.url, postings, dict, key=lambda f: f["external_id"])

    def _check_all_failed(self, url: str) -> None:
        """Every page failed and nothing is left to read: the run failed."""
        finished = self.pages_read + self.pages_failed
        if (
            self.sitemaps_pending == 0
            and self.pages_requested > 0
            and finished == self.pages_requested
            and self.pages_read == 0
            and not self.failed
        ):
            self.record_error(url, f"all {self.pages_failed} job pages failed", fatal=True)


# -- pure extraction ------------------------------------------------------------


def page_postings(
    page_html: str, *, page_url: str, fallback_company: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """The raw item fields of every JobPosting on a job page, and one line per problem.

    JSON-LD first (read leniently); a page without a JSON-LD posting is read for schema.org
    microdata (`itemtype=".../JobPosting"`), which some career sites use instead. A posting
    naming no employer takes the page's og:site_name, else `fallback_company`.
    """
    blocks, problems = jsonld_blocks(page_html)
    postings = find_job_postings(blocks) or find_job_postings(microdata_items(page_html, page_url))
    company = _site_name(page_html) or fallback_company
    fields = [
        posting_fields(posting, page_url=page_url, fallback_company=company, index=index)
        for index, posting in enumerate(postings)
    ]
    return fields, problems


def read_job_page(spider: SourceSpider, response: Response) -> JobPostingItem:
    """A kind's list entry completed by its job page's JSON-LD (iCIMS, Jobvite, Taleo): the
    entry alone when the page has no JobPosting or a malformed one."""
    return spider.read_detail(
        response,
        detail_page_fields,
        getattr(response, "text", ""),
        page_url=response.url,
        missing="no JobPosting on the page",
    )


def detail_page_fields(page_html: str, *, page_url: str) -> dict[str, Any] | None:
    """What a posting's own page says of it (its first JobPosting), for kinds that list
    postings elsewhere: without the id and URL, which stay the list entry's, so a posting
    keeps one identity whichever way it was read. None when the page has no posting."""
    postings, _problems = page_postings(page_html, page_url=page_url, fallback_company="")
    if not postings:
        return None
    return {key: value for key, value in postings[0].items() if key not in ("external_id", "url")}


def microdata_items(page_html: str, page_url: str) -> list[dict]:
    """The page's schema.org microdata as JSON-LD-shaped objects (extruct's uniform form)."""
    if "itemscope" not in page_html:
        return []
    try:
        found = extruct.extract(page_html, base_url=page_url, syntaxes=["microdata"], uniform=True)
    except Exception:  # extruct gives up on markup lxml cannot read: no microdata then
        return []
    return found.get("microdata") or []


class SitemapTooLarge(ValueError):
    """A gzipped sitemap that expands past DOWNLOAD_MAXSIZE (a decompression bomb)."""


def sitemap_body(response: Response, *, max_size: int = 0) -> bytes | None:
    """The sitemap XML of a response, gunzipped when it is a .gz file (to at most
    `max_size` bytes: SitemapTooLarge past it; 0 means no bound)."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            return gunzip(body, max_size=max_size)
        except OSError:
            return None
        except ValueError as exc:  # Scrapy's own: more than max_size decompressed
            raise SitemapTooLarge(
                f"gzipped sitemap of {len(body):,} bytes expands past DOWNLOAD_MAXSIZE "
                f"({max_size:,} bytes); not read"
            ) from exc
    return body if b"<" in body[:1000] else None


def jsonld_blocks(page_html: str) -> tuple[list[Any], list[str]]:
    """Every parsed JSON-LD block of a page, and one problem line per broken block."""
    if not page_html.strip():
        return [], []
    try:
        tree = lxml_html.fromstring(page_html, parser=HTML_PARSER)
    except (ValueError, lxml_html.etree.ParserError):
        return [], ["the page is not HTML"]
    blocks: list[Any] = []
    problems: list[str] = []
    scripts = tree.xpath("//script[@type]")
    for number, script in enumerate(scripts, start=1):
        if script.get("type", "").split(";")[0].strip().lower() != "application/ld+json":
            continue
        text = script.text_content()
        if not text.strip():
            continue
        if len(text) > MAX_JSONLD_CHARS:
            problems.append(
                f"JSON-LD in script #{number} is {len(text):,} characters, over the "
                f"{MAX_JSONLD_CHARS:,} this kind reads"
            )
            continue
        try:
            blocks.append(loads_lenient(text))
        except RecursionError:
            problems.append(f"JSON-LD in script #{number} is nested too deeply to read")
        except ValueError as exc:
            problems.append(f"broken JSON-LD in script #{number}: {exc}")
    return blocks, problems


def loads_lenient(text: str) -> Any:
    """JSON with the slips real pages make: comment/CDATA wrappers, raw control characters,
    trailing commas. Raises ValueError when it is still not JSON."""
    try:
        return json.loads(text, strict=False)
    except ValueError as first_error:
        cleaned = CDATA.sub("", HTML_COMMENT.sub("", text))
        cleaned = TRAILING_COMMA.sub(r"\1", CONTROL_CHARS.sub(" ", cleaned))
        try:
            return json.loads(cleaned, strict=False)
        except ValueError:
            raise first_error from None


def _is_job_posting(node: dict) -> bool:
    types = node.get("@type")
    types = types if isinstance(types, list) else [types]
    return any(
        isinstance(t, str) and t.rsplit("/", 1)[-1].rsplit(":", 1)[-1] == "JobPosting"
        for t in types
    )


def find_job_postings(node: Any) -> list[dict]:
    """JobPosting objects anywhere in parsed JSON-LD (lists, @graph, nested objects)."""
    if isinstance(node, list):
        return [posting for child in node for posting in find_job_postings(child)]
    if not isinstance(node, dict):
        return []
    if _is_job_posting(node):
        return [node]
    return [posting for child in node.values() for posting in find_job_postings(child)]


def posting_fields(
    posting: dict, *, page_url: str, fallback_company: str, index: int = 0
) -> dict[str, Any]:
    """The raw item fields of one JobPosting object found on `page_url`."""
    places = _parse_places(posting.get("jobLocation"))
    applicant_places = _parse_applicant_locations(posting.get("applicantLocationRequirements"))
    first = places[0] if places else {}
    labels = [_place_label(place) for place in places]
    labels = [label for label in labels if label] or applicant_places
    # A link that is not http(s) (`javascript:`...) is no link: the page is the posting's.
    url = http_url(urljoin(page_url, _value(posting.get("url")) or "")) or page_url
    fields = {
        "external_id": _parse_identifier(posting.get("identifier"))
        or (url if url != page_url or index == 0 else f"{page_url}#{index}"),
        "url": url,
        "title": _value(posting.get("title")) or _value(posting.get("name")),
        "company": _parse_organization(posting.get("hiringOrganization")) or fallback_company,
        "location": "; ".join(labels) or None,
        "locations": labels,
        "city": first.get("city"),
        "state": first.get("state"),
        "country": first.get("country"),
        "remote_hint": _parse_remote(posting, has_places=bool(places)),
        "employment_type": _parse_employment_type(posting.get("employmentType")),
        "posted_at": _value(posting.get("datePosted")),
        "description_html": _value(posting.get("description")),
        "education_hint": _parse_education(posting.get("educationRequirements")),
        **_parse_salary(posting),
    }
    return {key: value for key, value in fields.items() if value not in (None, "", [])}


def _first(value: Any) -> Any:
    return value[0] if isinstance(value, list) and value else value


def _name(value: Any) -> str | None:
    value = _first(value)
    return _value(value.get("name")) if isinstance(value, dict) else _value(value)


def _parse_education(value: Any) -> str | None:
    """schema.org educationRequirements: its words, or an EducationalOccupationalCredential's
    credentialCategory ("bachelor degree")."""
    value = _first(value)
    if isinstance(value, dict):
        return _value(value.get("credentialCategory")) or _value(value.get("name"))
    return _value(value)


def _parse_organization(value: Any) -> str | None:
    return _name(value)


def _parse_identifier(value: Any) -> str | None:
    value = _first(value)
    if isinstance(value, dict):
        return _value(value.get("value")) or _value(value.get("@id"))
    return _value(value)


def _parse_places(value: Any) -> list[dict[str, str | None]]:
    places = []
    for place in value if isinstance(value, list) else [value]:
        if isinstance(place, str) and _value(place):
            places.append({"text": _value(place)})
            continue
        if not isinstance(place, dict):
            continue
        address = place.get("address")
        if isinstance(address, str):
            places.append({"text": _value(address)})
        elif isinstance(address, dict):
            places.append(
                {
                    "city": _value(address.get("addressLocality")),
                    "state": _value(address.get("addressRegion")),
                    "postal": _value(address.get("postalCode")),
                    "country": _name(address.get("addressCountry")),
                }
            )
        elif _value(place.get("name")):
            places.append({"text": _value(place.get("name"))})
    return places


def _place_label(place: dict[str, str | None]) -> str | None:
    if place.get("text"):
        return place["text"]
    region = " ".join(filter(None, [place.get("state"), place.get("postal")]))
    return ", ".join(filter(None, [place.get("city"), region, place.get("country")])) or None


def _parse_applicant_locations(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [name for name in (_name(item) for item in items) if name]


def _parse_remote(posting: dict, *, has_places: bool) -> str | None:
    """TELECOMMUTE → remote; applicant location rules without an office also mean remote
    (schema.org: they are for jobs done from the applicant's place)."""
    kinds = posting.get("jobLocationType")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if any(isinstance(kind, str) and kind.strip().upper() == "TELECOMMUTE" for kind in kinds):
        return "remote"
    if posting.get("applicantLocationRequirements") and not has_places:
        return "remote"
    return None


def _parse_employment_type(value: Any) -> str | None:
    values = value if isinstance(value, list) else [value]
    return ", ".join(text for text in (_value(v) for v in values) if text) or None


def _parse_salary(posting: dict) -> dict[str, Any]:
    """baseSalary beats estimatedSalary (which marks the figures as an estimate)."""
    for key, estimated in (("baseSalary", False), ("estimatedSalary", True)):
        amounts = posting.get(key)
        for amount in amounts if isinstance(amounts, list) else [amounts]:
            pay = _parse_monetary_amount(amount, currency=_value(posting.get("salaryCurrency")))
            if pay:
                return {**pay, "salary_estimated": True} if estimated else pay
    return {}


def _parse_monetary_amount(amount: Any, *, currency: str | None) -> dict[str, Any]:
    """MonetaryAmount{currency, value: QuantitativeValue{minValue, maxValue, value, unitText}},
    a MonetaryAmount with a plain number, or a bare number (currency from salaryCurrency)."""
    unit = None
    if isinstance(amount, dict):
        currency = _value(amount.get("currency")) or currency
        value = amount.get("value")
        unit = _value(amount.get("unitText"))
        if isinstance(value, dict):
            unit = _value(value.get("unitText")) or unit
            low = value.get("minValue", value.get("value"))
            high = value.get("maxValue", value.get("value"))
        else:
            low = high = amount.get("minValue", value)
            high = amount.get("maxValue", high)
    else:
        low = high = amount
    low, high = _value(low), _value(high)
    if low is None and high is None:
        return {}
    return {
        key: value
        for key, value in {
            "salary_min": low,
            "salary_max": high,
            "salary_currency": currency,
            "salary_period": unit,
        }.items()
        if value is not None
    }


def _site_name(page_html: str) -> str | None:
    """The page's og:site_name, a fallback company for postings that name none."""
    match = re.search(
        r"<meta[^>]+property=[\"']og:site_name[\"'][^>]*content=[\"']([^\"']+)", page_html, re.I
    )
    return match[1].strip() if match else None
