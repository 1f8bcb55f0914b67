"""Posting links: only http(s) addresses are stored, exported or offered to open.

A posting's link is what a job seeker clicks, so one with any other scheme (`javascript:`,
`data:`, `vbscript:`, `file:`…) is refused however it is dressed up: in any case, behind
spaces or control characters, as HTML entities (`&#106;avascript:`), or with tabs and line
breaks inside the scheme, which browsers drop before reading it.
"""

import html
import re
from urllib.parse import urlsplit

from w3lib.url import safe_url_string

# C0 controls, the space and DEL: browsers strip them around a URL and drop tabs and line
# breaks inside it, so the scheme is judged without any of them.
_INVISIBLE = re.compile(r"[\x00-\x20\x7f]+")
_EDGES = "".join(chr(code) for code in range(0x21)) + "\x7f"
SCHEMES = ("http", "https")


def http_url(value: object) -> str | None:
    """`value` as an http(s) URL fit to store, or None when it is not one. Spaces and
    control characters inside it are percent-encoded."""
    if not isinstance(value, str):
        return None
    text = value.strip(_EDGES)
    if not text or not all(_is_http(form) for form in (text, _unescaped(text))):
        return None
    if not _INVISIBLE.search(text):
        return text
    try:
        return safe_url_string(text)
    except ValueError:  # a control character inside the host: no address to go to
        return None


def _is_http(text: str) -> bool:
    try:
        split = urlsplit(_INVISIBLE.sub("", text))
        split.port  # noqa: B018 - raises for a port that is no number or out of range
    except ValueError:  # a malformed IPv6 host or port, say
        return False
    return split.scheme.lower() in SCHEMES and bool(split.netloc)


def _unescaped(text: str) -> str:
    """`text` with HTML entities decoded, entities inside entities too (`&amp;#106;`)."""
    for _ in range(3):
        decoded = html.unescape(text)
        if decoded == text:
            break
        text = decoded
    return text
