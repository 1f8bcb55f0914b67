"""Job feeds: RSS 2.0, Atom, and XML feeds of `<job>` elements (Appcast / Indeed style).

`GET {url}` once; the format is told from the root element. Nodes are streamed with
Scrapy's `xmliter_lxml` (job feeds run to many megabytes). Child elements are matched by
local name, case-insensitively, so `<referencenumber>`, `<job_reference>` and
`<job:company>` all work. Bodies are HTML, whether CDATA or entity-escaped.

A feed without a company per item takes `params.company`, else the "Company: Title"
prefix that job-board RSS feeds put in titles, else the channel's title.
"""

import re
from collections.abc import AsyncIterator, Iterator
from email.utils import parsedate_to_datetime
from typing import Any

from lxml import etree
from parsel import Selector
from scrapy.http import Response
from scrapy.utils.iterators import xmliter_lxml

from spiders.items import JobPostingItem
from spiders.raw import MalformedRecord
from spiders.sources.base import SourceSpider

ATOM = "http://www.w3.org/2005/Atom"
ROOT_TAG = re.compile(rb"<(?!\?|!)([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)")
TITLE_COMPANY = re.compile(r"^(?P<company>[^:|]{2,80}?)\s*:\s+(?P<title>\S.*)$")

# Element names (lower-case local names) for each field, best first.
FIELD_TAGS = {
    "title": ("title", "jobtitle", "job_title", "name"),
    "url": ("url", "link", "apply_url", "applyurl", "joburl", "job_url"),
    "external_id": (
        "referencenumber",
        "reference_number",
        "job_reference",
        "reqid",
        "requisitionid",
        "jobid",
        "job_id",
        "id",
        "guid",
    ),
    "company": ("company", "companyname", "company_name", "employer", "hiringorganization"),
    "description_html": ("encoded", "content", "description", "body", "jobdescription", "summary"),
    "posted_at": (
        "date",
        "posted_at",
        "dateposted",
        "date_posted",
        "pubdate",
        "published",
        "updated",
        "date_updated",
    ),
    "city": ("city",),
    "state": ("state", "region_code", "province"),
    "country": ("country", "country_code"),
    "postal": ("postalcode", "postal_code", "zip", "zipcode"),
    "location": ("location", "joblocation", "job_location", "region", "formattedlocation"),
    "employment_type": ("jobtype", "job_type", "employmenttype", "employment_type", "type"),
    "salary_text": ("salary", "compensation", "pay"),
    "salary_min": ("salary_min", "salarymin", "min_salary"),
    "salary_max": ("salary_max", "salarymax", "max_salary"),
    "salary_currency": ("salary_currency", "salarycurrency", "currency"),
    "salary_period": ("salary_period", "salary_type", "salarytype", "salaryperiod"),
    "remote": (
        "remote",
        "remotetype",
        "remote_type",
        "is_remote",
        "isremote",
        "worklocationtype",
        "jobLocationType".lower(),
    ),
    "author": ("creator", "author"),
}
YES = {"yes", "true", "1", "y", "remote", "fully remote", "telecommute", "100% remote"}
NO = {"no", "false", "0", "n", "onsite", "on-site", "on site", "in person", "in-person"}


class FeedSpider(SourceSpider):
    name = "feed"

    async def start(self) -> AsyncIterator[Any]:
        yield self.list_request(self.source.url, self.parse)

    def parse(self, response: Response) -> Iterator[JobPostingItem]:
        kind = feed_kind(response.body)
        if kind is None:
            reason = f"HTTP {response.status} but not an RSS, Atom or job feed"
            self.record_error(response.url, reason, fatal=True)
            return
        company = self.source.params.get("company")
        try:
            for fields in feed_postings(response, kind=kind, company=company):
                if not fields.get("title") or not fields.get("external_id"):
                    problem = MalformedRecord("a feed entry without title or link")
                    self.skip_malformed(response.url, fields.get("external_id"), problem)
                    continue
                yield from self.read_records(response.url, [fields], dict)
        except etree.XMLSyntaxError as exc:
            self.record_error(response.url, f"broken XML feed ({exc})", fatal=True)


# -- pure extraction ------------------------------------------------------------


def feed_kind(body: bytes) -> str | None:
    """'rss', 'atom' or 'jobs' from the root element; None when it is not a feed."""
    head = body[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    match = ROOT_TAG.search(head)
    if not match:
        return None
    root = match[2].lower()
    if root == b"html" or root == b"body":
        return None
    if root in (b"rss", b"rdf"):
        return "rss"
    if root == b"feed":
        return "atom"
    return "jobs"


def feed_postings(
    response: Response, *, kind: str, company: str | None = None
) -> Iterator[dict[str, Any]]:
    """Raw item fields for every entry of a feed (kind from `feed_kind`)."""
    if kind == "atom":
        channel = _channel_title(response.body, f"{{{ATOM}}}title")
        nodes = xmliter_lxml(response, "entry", namespace=ATOM, prefix="atom")
    elif kind == "rss":
        channel = _channel_title(response.body, "title")
        nodes = xmliter_lxml(response, "item")
    else:
        channel = None
        nodes = xmliter_lxml(response, "job")
    for node in nodes:
        yield entry_fields(
            node, company=company, channel_title=channel, title_company=kind != "jobs"
        )


def entry_fields(
    node: Selector,
    *,
    company: str | None = None,
    channel_title: str | None = None,
    title_company: bool = False,
) -> dict[str, Any]:
    """The raw fields of one `<item>`, `<entry>` or `<job>` node.

    title_company: read "Company: Title" titles (a job-board RSS habit) when the entry
    names no company and the source gives none.
    """
    children = _children(node.root)
    pick = {field: _pick(children, tags) for field, tags in FIELD_TAGS.items()}
    link = _atom_link(node.root) or pick["url"]
    title = pick["title"]
    own_company = pick["company"]
    if (
        title_company
        and not own_company
        and not company
        and title
        and (match := TITLE_COMPANY.match(title))
    ):
        own_company, title = match["company"].strip(), match["title"].strip()
    state = pick["state"]
    region = " ".join(filter(None, [state, pick["postal"]]))
    place = ", ".join(filter(None, [pick["city"], region]))
    fields = {
        "external_id": pick["external_id"] or link,
        "url": link,
        "title": title,
        "company": own_company or company or pick["author"] or channel_title,
        "location": pick["location"] or place or None,
        "city": pick["city"],
        "state": state,
        "country": pick["country"],
        "employment_type": pick["employment_type"],
        "posted_at": _parse_date(pick["posted_at"]),
        "description_html": pick["description_html"],
        "salary_text": pick["salary_text"],
        "salary_min": pick["salary_min"],
        "salary_max": pick["salary_max"],
        "salary_currency": pick["salary_currency"],
        "salary_period": pick["salary_period"],
        "remote_hint": _parse_remote(pick["remote"]),
    }
    return {key: value for key, value in fields.items() if value not in (None, "")}


def _local(tag: Any) -> str:
    """A tag's lower-case local name: "{ns}creator" and "dc:creator" (a prefix a broken
    page left undeclared, which lxml's QName refuses) are both "creator"."""
    if not isinstance(tag, str):
        return ""
    return tag.rpartition("}")[2].rpartition(":")[2].lower()


def _children(element: etree._Element) -> dict[str, str]:
    """Direct children by lower-case local name → text (first one wins; CDATA included).
    A child with element children (Atom's <author><name>) gives its first child's text."""
    found: dict[str, str] = {}
    for child in element:
        name = _local(child.tag)
        if not name or name in found:
            continue
        text = child.text or ""
        if not text.strip() and len(child):
            text = child[0].text or ""
        if name == "content" or name == "summary":
            text = _inner_xml(child) if len(child) else text
        if text.strip():
            found[name] = text.strip()
    return found


def _inner_xml(element: etree._Element) -> str:
    """An Atom type="xhtml" content: its child markup as text."""
    parts = [element.text or ""]
    parts += [etree.tostring(child, encoding="unicode") for child in element]
    return "".join(parts)


def _pick(children: dict[str, str], tags: tuple[str, ...]) -> str | None:
    return next((children[tag] for tag in tags if children.get(tag)), None)


def _atom_link(element: etree._Element) -> str | None:
    links = [child for child in element if _local(child.tag) == "link" and child.get("href")]
    for link in links:
        if link.get("rel", "alternate") == "alternate":
            return link.get("href").strip()
    return links[0].get("href").strip() if links else None


def _parse_date(value: str | None) -> str | None:
    """RSS's RFC 822 dates ("Fri, 11 Sep 2026 07:30:48 +0000") as ISO 8601; others as given."""
    if not value or not re.match(r"^[A-Za-z]{3},|^\d{1,2} [A-Za-z]{3} \d{4}", value):
        return value
    try:
        return parsedate_to_datetime(value).isoformat()
    except (TypeError, ValueError, IndexError):
        return value


def _parse_remote(value: str | None) -> str | None:
    if not value:
        return None
    lowered = value.strip().lower()
    if "hybrid" in lowered:
        return "hybrid"
    if lowered in YES or "remote" in lowered:
        return "remote"
    if lowered in NO:
        return "onsite"
    return value.strip()


def _channel_title(body: bytes, tag: str) -> str | None:
    """The feed's own title (RSS channel/title, Atom feed/title), read without the items."""
    try:
        for _event, element in etree.iterparse(
            _BytesReader(body), events=("end",), tag=tag, resolve_entities=False, recover=True
        ):
            parent = element.getparent()
            if parent is not None and _local(parent.tag) in ("channel", "feed"):
                return (element.text or "").strip() or None
    except etree.XMLSyntaxError:
        return None
    return None


class _BytesReader:
    """A file-like view of bytes for lxml's iterparse."""

    def __init__(self, data: bytes):
        self._data = memoryview(data)
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        end = len(self._data) if size < 0 else self._pos + size
        chunk = bytes(self._data[self._pos : end])
        self._pos += len(chunk)
        return chunk
