"""A saved search as an Atom feed (RFC 4287): its newest postings, each linking to the
employer's posting, with pay and place in the entry's summary."""

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any
from xml.etree import ElementTree as ET

from store.models import SavedSearch
from store.posting_summary import summary_line

ATOM = "http://www.w3.org/2005/Atom"
FEED_ENTRIES = 50


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    element.text = text
    return element


def _moment(value: datetime | None) -> str:
    return value.isoformat().replace("+00:00", "Z") if value is not None else ""


def atom_feed(
    saved: SavedSearch, postings: Iterable[Mapping[str, Any]], *, self_url: str, site_url: str
) -> bytes:
    """The feed document; `postings` newest first (rows of the postings table)."""
    postings = list(postings)
    feed = ET.Element("feed", {"xmlns": ATOM})
    _text(feed, "id", f"urn:hitboard:saved-search:{saved.id}")
    _text(feed, "title", f"hitboard: {saved.name}")
    newest = [p["listed_at"] or p["first_seen_at"] for p in postings]
    _text(feed, "updated", _moment(max(newest, default=saved.created_at)))
    ET.SubElement(feed, "link", {"rel": "self", "href": self_url})
    ET.SubElement(feed, "link", {"rel": "alternate", "href": site_url})
    author = ET.SubElement(feed, "author")
    _text(author, "name", "hitboard")
    for posting in postings:
        entry = ET.SubElement(feed, "entry")
        _text(entry, "id", f"urn:hitboard:posting:{posting['id']}")
        _text(entry, "title", posting["title"])
        ET.SubElement(entry, "link", {"rel": "alternate", "href": posting["url"]})
        _text(entry, "updated", _moment(posting["listed_at"] or posting["first_seen_at"]))
        if posting.get("posted_at") is not None:
            _text(entry, "published", _moment(posting["posted_at"]))
        _text(entry, "summary", summary_line(posting), type="text")
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True)
