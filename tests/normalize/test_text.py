import html

from hypothesis import given
from hypothesis import strategies as st

from spiders.normalize.text import html_to_text, sanitize_html, unescape


def test_html_to_text_decodes_entities_and_breaks_blocks():
    html = "<p>Pay&nbsp;range&#58; $20&ndash;$25</p><ul><li>RHIT</li><li>CCS</li></ul>"
    assert html_to_text(html) == "Pay range: $20–$25\n\n- RHIT\n- CCS"


def test_html_to_text_unescapes_escaped_markup():
    # Greenhouse-style: the HTML itself is escaped, so a literal "&" arrives as "&amp;amp;"
    assert html_to_text("&lt;p&gt;Coder &amp;amp; auditor&lt;/p&gt;") == "Coder & auditor"


def test_html_to_text_drops_scripts_and_keeps_less_than():
    assert html_to_text("<script>x=1</script>Needs <5 years & RHIT") == "Needs <5 years & RHIT"


def test_html_to_text_empty():
    assert html_to_text(None) == ""
    assert html_to_text("") == ""


def test_sanitize_html_removes_scripts_and_handlers():
    cleaned = sanitize_html(
        '<p onclick="x()">Hi<script>alert(1)</script></p><a href="javascript:x">a</a>'
    )
    assert "script" not in cleaned and "onclick" not in cleaned and "javascript" not in cleaned
    assert cleaned.startswith("<p>Hi")


def test_sanitize_html_keeps_links_safely():
    cleaned = sanitize_html('<a href="https://example.org/job">Apply</a>')
    assert 'href="https://example.org/job"' in cleaned and "noopener" in cleaned


def test_sanitize_html_none():
    assert sanitize_html(None) is None


PIECES = ["&", ";", "#", "lt", "gt", "amp", "quot", "39", "390", "not", "nbsp", "x", " ", '"', "<"]


@given(st.lists(st.sampled_from(PIECES), max_size=30).map("".join))
def test_unescape_reads_escaped_html_as_html_unescape_does(text):
    assert unescape(text) == html.unescape(text)


def test_unescape_leaves_an_escaped_entity_escaped_once():
    escaped = "&lt;p&gt;R&amp;D &amp;nbsp;&amp;lt;b&amp;gt; &amp&lt;i&gt; &#39;x&#39; &not&quot;"
    assert unescape(escaped) == html.unescape(escaped)
    assert unescape(escaped) == "<p>R&D &nbsp;&lt;b&gt; &<i> 'x' ¬\""
