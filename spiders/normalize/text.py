"""HTML in, safe HTML or tidy plain text out.

Descriptions arrive as untrusted HTML, sometimes escaped twice (Greenhouse sends
``&lt;p&gt;``), sometimes with entities inside plain text. Everything downstream (pay,
credentials, occupation) reads the plain text this module makes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Collection
from functools import lru_cache

import nh3

_ALLOWED_TAGS = {
    "a", "b", "blockquote", "br", "code", "div", "em", "h1", "h2", "h3", "h4", "h5", "h6",
    "hr", "i", "li", "ol", "p", "pre", "span", "strong", "sub", "sup", "table", "tbody",
    "td", "tfoot", "th", "thead", "tr", "u", "ul",
}  # fmt: skip
_ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "td": {"colspan", "rowspan"}}
_URL_SCHEMES = {"http", "https", "mailto"}

_ESCAPED_MARKUP = re.compile(r"&lt;/?[a-zA-Z][a-zA-Z0-9]*[\s&/]|&lt;[a-zA-Z]+&gt;")
_DROP_WHOLE = re.compile(r"<(script|style|head|template)\b.*?</\1\s*>", re.I | re.S)
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_LINE_BREAK = re.compile(r"<br\s*/?>", re.I | re.A)
_LIST_ITEM = re.compile(r"<li\b[^>]*>", re.I | re.A)
_BLOCK = re.compile(
    r"</?(?:p|div|section|article|header|footer|h[1-6]|ul|ol|tr|table|thead|tbody|"
    r"blockquote|pre|hr|dl|dt|dd|figure|figcaption|address|main|nav|aside)\b[^>]*>",
    re.I | re.A,
)
_CELL = re.compile(r"</t[dh]\s*>", re.I | re.A)
_TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# Runs of two or more, or one odd space: a lone " " is already right, and rewriting every one
# of them was most of the cost of reading a description.
_ODD_SPACE = r"\t\f\v\u00a0\u2000-\u200a\u202f\u205f\u3000"
_SPACES = re.compile(rf"[ {_ODD_SPACE}]{{2,}}|[{_ODD_SPACE}]")
_ODD_SPACES = re.compile(rf"[{_ODD_SPACE}]")
_ZERO_WIDTH = re.compile(r"[\u200b-\u200d\ufeff]")
_BLANK_LINES = re.compile(r"\n{3,}")
_WHITESPACE = re.compile(r"\s+")


def _unescape_markup(text: str) -> str:
    """Undo one level of escaping when the source escaped its own HTML."""
    if "<" not in text and _ESCAPED_MARKUP.search(text):
        return unescape(text)
    return text


# The entities of escaped markup, nearly all that escaped HTML holds: replaced by plain
# str.replace, where html.unescape calls a Python function for each one (a tag is two).
_MARKUP_ENTITIES = (("&lt;", "<"), ("&gt;", ">"), ("&quot;", '"'), ("&#39;", "'"))


def unescape(text: str) -> str:
    """html.unescape(text), faster on escaped HTML. None of the four entities replaced first
    can be part of another one, and what replaces them holds no "&", so html.unescape then
    reads the rest ("&amp;nbsp;" stays "&nbsp;") as it would have."""
    for entity, character in _MARKUP_ENTITIES:
        text = text.replace(entity, character)
    return html.unescape(text) if "&" in text else text


def sanitize_html(html_text: str | None) -> str | None:
    """Untrusted HTML → HTML safe to render (allowlist of tags, no scripts, no styles)."""
    if html_text is None:
        return None
    cleaned = nh3.clean(
        _unescape_markup(html_text),
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        url_schemes=_URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
    ).strip()
    return cleaned or None


def html_to_text(html_text: str | None) -> str:
    """HTML (or text with entities) → plain text: blocks on their own lines, entities decoded."""
    if not html_text:
        return ""
    text = _unescape_markup(html_text)
    text = _COMMENT.sub("", text)
    text = _DROP_WHOLE.sub("", text)
    text = _LINE_BREAK.sub("\n", text)
    text = _LIST_ITEM.sub("\n- ", text)
    text = _BLOCK.sub("\n", text)
    text = _CELL.sub(" ", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    return tidy_text(text)


def tidy_text(text: str) -> str:
    """Collapse runs of spaces, trim every line, keep at most one blank line in a row."""
    text = _ZERO_WIDTH.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if "  " in text or _ODD_SPACES.search(text):
        lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    else:  # no run to collapse: a scan of every line for one would find none
        lines = [line.strip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain(text: str | None) -> str:
    """Whatever a field holds (HTML, entities, plain) as plain text for the parsers."""
    if not text:
        return ""
    if "<" in text or "&" in text:
        return _html_to_text_cached(text)
    return text


# Every normalizer reads the same description (pay, place, credentials, education...): the
# first one converts it, the others reuse the result. Small, because postings come one by one.
@lru_cache(maxsize=16)
def _html_to_text_cached(text: str) -> str:
    return html_to_text(text)


def clean_text(
    value: object, *, keep_lines: bool = False, placeholders: Collection[str] = ()
) -> str | None:
    """A source's field as trimmed text, or None when it says nothing.

    Numbers become their digits; anything else that is not text (None, lists, objects) is
    None, as is empty text and any of `placeholders` (lowercase, e.g. "n/a"). Runs of
    whitespace become one space, except with `keep_lines` (descriptions keep their layout).
    """
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        return None
    text = value.strip() if keep_lines else _WHITESPACE.sub(" ", value).strip()
    if not text or text.lower() in placeholders:
        return None
    return text
