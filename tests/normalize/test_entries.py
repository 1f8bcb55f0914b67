"""Trying a pattern only where one of its literal entry points occurs finds what a scan finds."""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from spiders.normalize import education
from spiders.normalize.entries import EntryPoints, entry_literals, word_starts, words_finder

PATTERNS = [
    education._FINDER,
    re.compile(r"(?<!not )\bcod(?:er|ing)\b|(?:^|(?<=\n))[ \t*-]*RHI[AT]\b", re.I | re.A),
    re.compile(r"\bB\.?[AS]\.?\b|(?i:ma)ster|[Xx]{2,}y", re.A),
    re.compile(r"(?=deg)degree|high[- ]school|ab?c?d", re.I | re.A),
]
WORDS = ["degree", "High School", "MASTER", "b.s.", "BA", "coder", "Coding", "RHIT", "xxy",
         "associate", "GED", "ms in", "abd", "acd", "not ", "\n", "\n- ", " ", ".",
         "ſ", "K"]  # fmt: skip
TEXTS = st.lists(st.sampled_from(WORDS) | st.text(max_size=3), max_size=30).map("".join)


def scanned(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple]:
    return [(m.span(), m.lastgroup) for m in pattern.finditer(text, start, end)]


def tried_at_entries(pattern: re.Pattern[str], text: str, start: int, end: int) -> list[tuple]:
    entries = EntryPoints(pattern)
    starts = entries.starts(text.lower())
    return [(m.span(), m.lastgroup) for m in entries.finditer(text, starts, start, end)]


@pytest.mark.parametrize("pattern", PATTERNS, ids=range(len(PATTERNS)))
@settings(max_examples=300, deadline=None)
@given(text=TEXTS, cut=st.integers(0, 40), tail=st.integers(0, 40))
@example(text="Education:\nAssociate (Required)\n- RHIT", cut=0, tail=0)  # at line starts
@example(text="a coding certificate program; xxxy", cut=0, tail=0)  # a match holding an entry
@example(text="a coding certificate program; xxxy", cut=3, tail=11)
def test_the_same_matches_as_a_scan(pattern, text, cut, tail):
    if len(text.lower()) != len(text):
        return  # callers scan such a text in full
    start, end = min(cut, len(text)), max(len(text) - tail, 0)
    assert tried_at_entries(pattern, text, start, end) == scanned(pattern, text, start, end)


def test_the_education_levels_start_with_their_literals():
    literals, line_starts = entry_literals(education._FINDER)
    assert {"bachel", "ged", "m.s.", "associ", "本科"} <= set(literals)
    assert line_starts  # "Education:\nAssociate (Required)" opens its line
    text = "Bachelor's degree required; an MBA or M.S. preferred."
    assert tried_at_entries(education._FINDER, text, 0, len(text)) == scanned(
        education._FINDER, text, 0, len(text)
    )


@pytest.mark.parametrize(
    "pattern",
    [r"\w+ degree", r"(?:x)?", r"[^a]bc", r"(?i)s", r".ab"],
)
def test_a_pattern_that_can_start_anywhere_has_no_entry_points(pattern):
    # "s" under Unicode case folding also matches "ſ", which lowercases to itself
    with pytest.raises(ValueError):
        entry_literals(re.compile(pattern))


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(st.text("abc. ", min_size=1, max_size=4), min_size=1, max_size=8),
    text=st.text("abc. \n", max_size=40),
)
def test_word_starts_gives_the_longest_word_at_every_place_one_starts(words, text):
    expected = []
    for at in range(len(text)):
        here = [word for word in words if text.startswith(word, at)]
        if here:
            expected.append((at, at + max(map(len, here))))
    found = [match.span() for match in word_starts(words_finder(words), text)]
    assert found == expected
