"""Whatever the text, the parsers never raise and never report impossible pay."""

import string

from hypothesis import given, settings
from hypothesis import strategies as st

from spiders.normalize.credentials import find_credentials
from spiders.normalize.education import education_floor, experience_years
from spiders.normalize.facets import find_facets
from spiders.normalize.occupation import classify_occupation
from spiders.normalize.pay import ANNUAL_CEILING, ANNUAL_FLOOR, pay_from_structured, pay_from_text
from spiders.normalize.place import parse_place, work_arrangement

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
