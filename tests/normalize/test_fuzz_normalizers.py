"""Every normalizer, on any text at all, returns without raising; and on text built from the
forms it knows (pay, dates, states, places, links, requirement words, markup), it reads them:
a normalizer that returned nothing for everything would fail here.

tests/normalize/test_properties.py holds the same two promises for pay, credentials,
education, occupation and work arrangement on text shaped like pay ads.
"""

import inspect
import string
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.states import US_STATES
from spiders.normalize import (
    credentials,
    dates,
    education,
    facets,
    links,
    occupation,
    pay,
    place,
    requirement,
    text,
)

NOW = datetime(2026, 12, 1, 12, 0, tzinfo=UTC)

# Every normalizer of text, called as the pipelines call it.
TEXT_NORMALIZERS = {
    "credentials.find_credentials": credentials.find_credentials,
    "dates.days_ago": dates.days_ago,
    "dates.parse_posted_at": lambda value: dates.parse_posted_at(value, now=NOW),
    "education.education_floor": education.education_floor,
    "education.experience_years": education.experience_years,
    "education.education_from_code": education.education_from_code,
    "facets.find_facets": facets.find_facets,
    "links.http_url": links.http_url,
    "occupation.classify_occupation": lambda value: occupation.classify_occupation(value, value),
    "occupation.is_relevant": occupation.is_relevant,
    "pay.pay_from_text": pay.pay_from_text,
    "pay.pay_from_structured": lambda value: pay.pay_from_structured(value, value, period=value),
    "place.parse_place": place.parse_place,
    "place.states_named": place.states_named,
    "place.places_in_text": place.places_in_text,
    "place.cities_named": place.cities_named,
    "place.title_states": place.title_states,
    "place.us_state": place.us_state,
    "place.work_arrangement": lambda value: place.work_arrangement(value, value),
    "place.arrangement_said_by": lambda value: place.arrangement_said_by(value, value, value),
    "requirement.RequirementReader": lambda value: [
        requirement.RequirementReader(value).status(start, start + 4, alternatives=True)
        for start in range(0, len(value), 7)
    ],
    "text.sanitize_html": text.sanitize_html,
    "text.html_to_text": text.html_to_text,
    "text.tidy_text": text.tidy_text,
    "text.plain": text.plain,
    "text.clean_text": lambda value: text.clean_text(value, placeholders=("n/a",)),
    "text.unescape": text.unescape,
}
# Public functions that are not normalizers of text, and why.
NOT_OF_TEXT = {
    "pay.annualize": "a figure and a period the pay parsers chose",
    "requirement.strongest": "combines two statuses the reader gave",
}
MODULES = [credentials, dates, education, facets, links, occupation, pay, place, requirement, text]


def test_every_public_normalizer_is_fuzzed():
    public = {
        f"{module.__name__.rsplit('.', 1)[1]}.{name}"
        for module in MODULES
        for name, member in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(member) or inspect.isclass(member))
        and member.__module__ == module.__name__
        and name not in ("Pay", "Place")  # results, not readers
    }
    assert public == set(TEXT_NORMALIZERS) | set(NOT_OF_TEXT)


MARKUP = st.sampled_from(
    ["<p>", "</p>", "<br>", "<li>", "<script>", "</script>", "<!--", "-->", "&amp;", "&#x",
     "&nbsp;", "<a href='javascript:x'>", "\u200b", "\r\n", "\t", ":", "http://", "$", "%"]
)  # fmt: skip
ANY_TEXT = st.one_of(
    st.text(),
    st.text(string.printable),
    st.lists(st.one_of(st.text(max_size=10), MARKUP), max_size=30).map("".join),
)


@pytest.mark.parametrize("name", TEXT_NORMALIZERS)
@settings(max_examples=60, deadline=None)
@given(value=ANY_TEXT)
def test_a_normalizer_never_raises_on_any_text(name, value):
    TEXT_NORMALIZERS[name](value)


# -- text that certainly says something: it must be read --------------------------------------

STATES = sorted(US_STATES.items())
CITIES = st.sampled_from(["Tampa", "Columbus", "Boise", "Grand Rapids", "Salt Lake City"])
FILLER = st.sampled_from(["", "Join our HIM team. ", "Great benefits!\n", "<p>Apply today.</p>"])


@settings(max_examples=80, deadline=None)
@given(
    FILLER,
    st.integers(min_value=30, max_value=200),
    st.integers(min_value=0, max_value=60),
    st.sampled_from([("$%dK - $%dK a year", 1000), ("$%d,000 to $%d,000 per year", 1000),
                     ("USD %d,000 - %d,000 annually", 1000)]),
)  # fmt: skip
def test_yearly_pay_in_its_common_forms_is_read(before, low, spread, form_and_unit):
    form, unit = form_and_unit
    found = pay.pay_from_text(before + form % (low, low + spread))
    assert found is not None
    assert (found.annual_min, found.annual_max) == (low * unit, (low + spread) * unit)


@settings(max_examples=60, deadline=None)
@given(FILLER, st.integers(min_value=12, max_value=95), st.sampled_from(["/hr", " per hour"]))
def test_a_single_hourly_rate_is_read(before, rate, per_hour):
    found = pay.pay_from_text(f"{before}${rate}.50{per_hour}")
    assert found is not None and (found.min, found.period) == (rate + 0.5, "hour")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=29), st.sampled_from(["Posted", "posted", "POSTED"]))
def test_a_relative_posting_date_is_read(days, posted):
    wording = {0: "Today", 1: "Yesterday"}.get(days, f"{days} Days Ago")
    parsed = dates.parse_posted_at(f"{posted} {wording}", now=NOW)
    assert parsed == (NOW - timedelta(days=days)).replace(hour=0)


@settings(max_examples=60, deadline=None)
@given(st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2099, 1, 1)))
def test_an_iso_date_is_read(moment):
    stamp = moment.replace(microsecond=0)
    assert dates.parse_posted_at(stamp.isoformat() + "Z") == stamp.replace(tzinfo=UTC)


@pytest.mark.parametrize("value", ["²", "٣", "99999999999999999999", 10**20, -(10**20)])
def test_a_number_that_is_no_time_is_no_date(value):
    # "²" and "٣" are digits to str.isdigit, not all to int(); 10**20 seconds is past year 9999.
    assert dates.parse_posted_at(value, now=NOW) is None


def test_an_epoch_is_read():
    moment = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)
    seconds = int(moment.timestamp())
    assert dates.parse_posted_at(str(seconds)) == moment
    assert dates.parse_posted_at(seconds * 1000) == moment


@settings(max_examples=60, deadline=None)
@given(FILLER, st.sampled_from(STATES), st.sampled_from(STATES))
def test_states_named_in_text_are_found(before, first, second):
    found = place.states_named(f"{before}Openings in {first[1]} and {second[1]}.")
    assert {first[0], second[0]} <= set(found)
    assert place.us_state(first[1]) == first[0] == place.us_state(first[0])


@settings(max_examples=60, deadline=None)
@given(FILLER, st.sampled_from(["Location: ", "Work in "]), CITIES, st.sampled_from(STATES))
def test_a_city_and_state_where_the_work_is_are_found(before, cue, city, state):
    found = place.places_in_text(f"{before}{cue}{city}, {state[0]} with the team.")
    assert (city, state[0]) in {(p.city, p.state) for p in found}


HOSTS = st.from_regex(r"[a-z][a-z0-9-]{0,20}\.(org|com|net|jobs)", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["http", "https", "HTTPS"]),
    HOSTS,
    st.from_regex(r"(/[a-z0-9]{1,8}){0,3}", fullmatch=True),
)
def test_an_http_link_is_kept_and_another_scheme_refused(scheme, host, path):
    link = f"{scheme}://{host}{path}"
    assert links.http_url(link) == link
    assert links.http_url(f" {link} ") == link
    for hostile in ("javascript", "data", "vbscript", "file"):
        assert links.http_url(f"{hostile}://{host}{path}") is None


WORDS = st.from_regex(r"[A-Za-z]{1,12}", fullmatch=True)


@settings(max_examples=60, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=8), st.sampled_from(["p", "div", "h2", "td"]))
def test_the_words_of_markup_survive_its_conversion(words, tag):
    html = "".join(f"<{tag}>{word}</{tag}>" for word in words) + "<script>alert(1)</script>"
    assert text.html_to_text(html).split() == words
    assert text.plain(html).split() == words
    cleaned = text.sanitize_html(html)
    assert cleaned is not None and "script" not in cleaned
    assert all(word in cleaned for word in words)
    assert text.clean_text(f"  {' '.join(words)}\n ") == " ".join(words)


@settings(max_examples=60, deadline=None)
@given(
    st.sampled_from(["RHIT", "CCS", "CPC", "RHIA"]),
    st.sampled_from(["required", "preferred"]),
    FILLER,
)
def test_a_requirement_word_says_how_a_mention_is_asked(code, need, before):
    sentence = f"{before}{code} {need}."
    start = sentence.index(code)
    reader = requirement.RequirementReader(sentence)
    assert reader.status(start, start + len(code)) == need
