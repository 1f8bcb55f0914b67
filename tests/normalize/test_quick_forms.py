"""Patterns and tests rewritten to be cheaper say what they said as first written.

Each first form is kept here, as the reference the quicker one is checked against on text built
from the words and marks they look for (and any text at all).
"""

import re

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from spiders.normalize import credentials, education, pay, text

PIECES = [
    "RHIT", "CCS", "ABC", "Chief Coding Specialist", "(", ")", " (", "( CPC )", "R.H.I.T.",
    "C.P.C.-A", "401", "403(b)", "457 (k)", "k", "K", "b", "$", "£", "€", "&#36;", "&dollar;",
    "USD", "eur", "EUR", "neurology", "55k", "55 K", "pay", "Salary", "WAGE", "rate", "hour",
    "1 234", "$34 584", " - ", "\n", "; ", ". ", "! ", "? ", ".", " OR ", " -OR- ", "A", "or",
    "  ", "\t", "\u00a0", "\u2003", "\u200b", "\r\n", "x", "2", " ", "_", "é", "\u212a",
    "\u017f", "substitute", "SUBSTITUTION of education for experience", "in lieu of",
    "qualify based on experience alone", "has no education requirement",
]  # fmt: skip
TEXTS = st.lists(st.sampled_from(PIECES) | st.text(max_size=2), max_size=25).map("".join)
EXAMPLES = ["Chief Coding Specialist (CCS) and X(ABC (words here))", "a.\nB; OR c. D! (e", ""]


def spans(pattern: re.Pattern[str], value: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(value)]


FIRST_ACRONYM_BEFORE_WORDS = re.compile(r"\b([A-Z]{3,5})\s*\(([^()\n]{3,80})\)")
FIRST_CLAUSE_BREAK = re.compile(r"\n|(?:;|[.!?](?=\s+[A-Z(]|\s*$))(?!\s*-?OR-?\s)")
FIRST_PLAN_NAMES = re.compile(r"\b(?:401|403|457)\s*\(?\s*[kb]\s*\)?", re.I | re.A)
FIRST_MONEY_HINT = re.compile(
    r"[$£€]|&(?:#36|#x24|dollar|pound|euro|#163|#8364);|\b(?:USD|CAD|GBP|EUR)\b|\d\s?[kK]\b"
    r"|pay|salar|wage|compens|rate|earn|range|hour|annual|month|week|daily|diem|dollar",
    re.I | re.A,
)
FIRST_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,5}(?:-?[A-Z]\.?)?(?![A-Za-z])")


def first_tidy_text(value: str) -> str:
    value = text._ZERO_WIDTH.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
    lines = [text._SPACES.sub(" ", line).strip() for line in value.split("\n")]
    return text._BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


@settings(max_examples=500, deadline=None)
@given(value=TEXTS)
@example(value=EXAMPLES[0])
@example(value=EXAMPLES[1])
@example(value=EXAMPLES[2])
def test_the_quick_forms_say_what_the_first_ones_said(value):
    assert spans(credentials._ACRONYM_BEFORE_WORDS, value) == spans(
        FIRST_ACRONYM_BEFORE_WORDS, value
    )
    assert spans(education._CLAUSE_BREAK, value) == spans(FIRST_CLAUSE_BREAK, value)
    assert spans(pay._PLAN_NAMES, value) == spans(FIRST_PLAN_NAMES, value)
    assert pay._money_hint(value) == bool(FIRST_MONEY_HINT.search(value))
    undotted = FIRST_DOTTED.sub(lambda m: m.group(0).replace(".", ""), value)
    assert credentials._undot(value) == undotted
    assert text.tidy_text(value) == first_tidy_text(value)


@settings(max_examples=500, deadline=None)
@given(value=TEXTS)
def test_what_a_pattern_needs_is_there_whenever_it_matches(value):
    if pay._SPACE_THOUSANDS.search(value):
        assert pay._SPACE_GROUPS.search(value)
    if education._EXPERIENCE_ROUTE.search(value):
        assert education._may_be_an_experience_route(value, value.lower())


@pytest.mark.parametrize(
    "value",
    [
        *(f"Our {word.upper()}s." for word in FIRST_MONEY_HINT.pattern.split("|")[-14:]),
        *(f"x {mark}5" for mark in "$£€"),
        "&#x24;5", "&EURO;5", "in CAD 5", "eurasia", "5 K", "5k-ish", "5kg", "no figure",
    ],
)  # fmt: skip
def test_each_money_hint_alone(value):
    assert pay._money_hint(value) == bool(FIRST_MONEY_HINT.search(value))
