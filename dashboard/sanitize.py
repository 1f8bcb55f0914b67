"""Make a posting's description safe to show.

Descriptions come from employers' sites and boards, so they are untrusted: the store keeps a
sanitized copy, and the dashboard cleans it again right before display with a tighter
allowlist (no images, no styles, links only to http(s) and mailto), so nothing that slipped
into the store can run in a job seeker's browser.
"""

import html

import nh3

ALLOWED_TAGS = {
    "a", "b", "strong", "i", "em", "u", "p", "br", "div", "span", "ul", "ol", "li",
    "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "thead", "tbody", "tr", "th",
    "td", "hr", "sub", "sup", "dl", "dt", "dd",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}
# Tags whose content is dropped along with the tag, not kept as text.
DROPPED_WITH_CONTENT = {"script", "style", "noscript", "template", "iframe", "object", "svg"}


def safe_description_html(description_html: str | None, description_text: str | None) -> str:
    """HTML to display: the cleaned description, or the plain text as escaped paragraphs."""
    if description_html and description_html.strip():
        cleaned = nh3.clean(
            description_html,
            tags=ALLOWED_TAGS,
            clean_content_tags=DROPPED_WITH_CONTENT,
            attributes=ALLOWED_ATTRIBUTES,
            url_schemes=URL_SCHEMES,
            link_rel="noopener noreferrer nofollow",
            strip_comments=True,
        )
        if cleaned.strip():
            return cleaned
    if description_text and description_text.strip():
        return text_to_html(description_text)
    return ""


def text_to_html(text: str) -> str:
    """Plain text as HTML paragraphs, every character escaped."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n")]
    return "".join("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs if p)
