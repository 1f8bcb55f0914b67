"""Whatever the text, the parsers never raise and never report impossible pay; and where the
text certainly says something (pay, a credential, a degree, a place), they read it."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from core.states import US_STATES
from core.vocabulary import CREDENTIAL_CODES
from spiders.normalize.credentials import find_credentials
from spiders.normalize.education import education_floor, experience_years
from spiders.normalize.facets import find_facets
from spiders.normalize.occupation import classify_occupation
from spiders.normalize.pay import ANNUAL_CEILING, ANNUAL_FLOOR, pay_from_structured, pay_from_text
from spiders.normalize.place import parse_place, work_arrangement

PER_HOUR = ["per hour", "an hour", "/hr", "hourly"]
EDUCATION_PHRASES = {
    "High school diploma or GED": "high_school",
    "Associate degree in Health Information Technology": "associate",
    "Bachelor's degree in Health Information Management": "bachelor",
    "Master's degree": "master",
}
ARRANGEMENT_PHRASES = {
    "Remote": "remote",
    "Fully remote position": "remote",
    "Hybrid (3 days on site)": "hybrid",
    "On-site": "onsite",
}
OCCUPATION_TITLES = {
    "Medical Coder": "29-2072",
    "Medical Records Clerk": "29-2072",
    "Cancer Registrar": "29-9021",
    "Clinical Documentation Specialist": "29-9021",
    "Director of Health Information Management": "11-9111",
}
STATES = sorted(US_STATES)

# Text built from the pieces pay ads are made of, so the search reaches the interesting paths.
_PIECES = st.sampled_from(
    [
        "$", "K", "k", ",", ".", "-", "–", " to ", " and ", "between ", "up to ", "starting at ",
        "from ", "/hr", " per hour", " an hour", " annually", " per year", " monthly",
        " bi-weekly", " weekly", " daily", " per diem", " per chart", " sign-on bonus",
        " 401(k)", " USD", "+", " ", "\n", "Pay: ", "Salary range: ", "&nbsp;", "&ndash;",
        "<p>", "</p>", " charts per hour", " years", "Minimum: ", " Maximum: ", " hr",
        " | mid ", " | max ", "min ", " tops out at ", " W-2 or ", ", up to ", "; top of range ",
    ]
)  # fmt: skip
_NUMBERS = st.one_of(
    st.integers(min_value=0, max_value=10_000_000).map(str),
    st.floats(min_value=0, max_value=1e7, allow_nan=False).map(lambda f: f"{f:,.2f}"),
)
PAYISH = st.lists(st.one_of(_PIECES, _NUMBERS), max_size=25).map("".join)
ANY_TEXT = st.one_of(st.text(max_size=300), PAYISH, st.text(string.printable, max_size=300))


def _sane(pay) -> None:
    if pay is None:
        return
    if pay.min is not None and pay.max is not None:
        assert pay.min <= pay.max
    if pay.annual_min is not None and pay.annual_max is not None:
        assert pay.annual_min <= pay.annual_max
    for annual in (pay.annual_min, pay.annual_max):
        assert annual is None or ANNUAL_FLOOR <= annual <= ANNUAL_CEILING


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_pay_from_text_is_sane(text):
    _sane(pay_from_text(text))


@settings(max_examples=200, deadline=None)
@given(
    st.one_of(st.none(), st.integers(-10, 10**7), st.floats(allow_nan=True), st.text(max_size=12)),
    st.one_of(st.none(), st.integers(-10, 10**7), st.floats(allow_nan=True), st.text(max_size=12)),
    st.one_of(st.none(), st.sampled_from(["YEAR", "HOUR", "PA", "PH", "month", "BW", "x"])),
)
def test_pay_from_structured_is_sane(low, high, period):
    _sane(pay_from_structured(low, high, period=period))


@settings(max_examples=150, deadline=None)
@given(ANY_TEXT)
def test_other_parsers_never_raise(text):
    find_credentials(text)
    education_floor(text)
    experience_years(text)
    find_facets(text)
    parse_place(text)
    work_arrangement(text, text)
    classify_occupation(text, text)


# Inputs that certainly state something: a parser that found nothing would fail these.
_HOURLY = st.integers(min_value=12, max_value=95)
_YEARLY = st.integers(min_value=30, max_value=250).map(lambda k: k * 1000)
_FILLER = st.sampled_from(["", "Great benefits. ", "Join our HIM team! ", "Apply today.\n"])


@settings(max_examples=150, deadline=None)
@given(_FILLER, _HOURLY, st.integers(min_value=0, max_value=20), st.sampled_from(PER_HOUR))
def test_a_stated_hourly_range_is_read_and_annualized(before, low, spread, per_hour):
    high = low + spread
    pay = pay_from_text(f"{before}Pay: ${low}.00 - ${high}.00 {per_hour}")
    assert pay is not None
    assert (pay.min, pay.max, pay.period) == (low, high, "hour")
    assert (pay.annual_min, pay.annual_max) == (low * 2080, high * 2080)


@settings(max_examples=150, deadline=None)
@given(_FILLER, _YEARLY, st.sampled_from(["per year", "annually", "a year", "/yr"]))
def test_a_stated_yearly_salary_is_read(before, amount, per_year):
    pay = pay_from_text(f"{before}Salary: ${amount:,} {per_year}.")
    assert pay is not None
    assert (pay.annual_min, pay.annual_max, pay.period) == (amount, amount, "year")


@settings(max_examples=100, deadline=None)
@given(_YEARLY, st.integers(min_value=0, max_value=40_000))
def test_structured_yearly_pay_is_kept_as_given(low, spread):
    pay = pay_from_structured(low, low + spread, period="YEAR")
    assert pay is not None and (pay.annual_min, pay.annual_max) == (low, low + spread)


@settings(max_examples=150, deadline=None)
@given(_FILLER, st.sampled_from(CREDENTIAL_CODES), st.sampled_from(["required", "preferred"]))
def test_a_named_credential_is_found_with_how_it_is_asked(before, code, need):
    # In a health-information context, where the codes that mean other things elsewhere
    # (CPC in marketing, CHP, CRC, CIC...) are credentials too.
    found = find_credentials(
        f"{before}Health information coding and privacy role: {code} certification {need}."
    )
    assert found.get(code) == need


@settings(max_examples=100, deadline=None)
@given(_FILLER, st.sampled_from(list(EDUCATION_PHRASES.items())))
def test_a_required_degree_sets_the_education_floor(before, phrase_and_level):
    phrase, level = phrase_and_level
    assert education_floor(f"{before}Requirements: {phrase} required.") == level


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(["Tampa", "Columbus", "Boise", "Springfield"]), st.sampled_from(STATES))
def test_city_and_state_code_give_the_state(city, state):
    place = parse_place(f"{city}, {state}")
    assert (place.city, place.state, place.country) == (city, state, "US")


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(list(ARRANGEMENT_PHRASES.items())))
def test_a_stated_arrangement_is_read(phrase_and_arrangement):
    phrase, arrangement = phrase_and_arrangement
    assert work_arrangement(None, phrase) == arrangement


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(list(OCCUPATION_TITLES.items())), st.sampled_from(["", "Senior ", "Lead "]))
def test_field_titles_get_their_occupation(title_and_code, level):
    title, code = title_and_code
    assert classify_occupation(f"{level}{title}", "") == code


@settings(max_examples=60, deadline=None)
@given(_FILLER, st.integers(min_value=1, max_value=10))
def test_stated_years_of_experience_are_read(before, years):
    text = f"{before}Requirements: {years} years of medical coding experience required."
    assert experience_years(text) == years


@settings(max_examples=60, deadline=None)
@given(_FILLER, st.sampled_from([("ICD-10-CM", "code_sets"), ("CPT", "code_sets")]))
def test_named_code_sets_are_found(before, code_and_facet):
    code, facet = code_and_facet
    assert code in find_facets(f"{before}Codes {code} for inpatient stays.")[facet]
