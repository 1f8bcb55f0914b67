"""A search and its URL parameters: the round trip, the forms accepted, the errors."""

import json
from urllib.parse import parse_qs, urlencode

import pytest

from store.job_search import InvalidSearch, JobSearch

EVERY_FILTER = {
    "q": "coder remote",
    "state": ["FL", "GA"],
    "remote_anywhere": "1",
    "arrangement": ["hybrid", "remote", "unstated"],
    "credential": ["CCS", "ODS-C"],
    "min_pay": "55000",
    "include_no_pay": "1",
    "posted_within": "7",
    "occupation": ["29-2072"],
    "education": "associate",
    "employment_type": ["Full-time"],
    "pay_basis": "hourly",
    "setting": ["hospital"],
    "code_set": ["ICD-10-CM"],
    "ehr": ["Epic"],
    "posted_by_agency": "0",
    "include_closed": "1",
    "include_unrelated": "1",
    "sort": "pay",
}


def test_every_filter_survives_url_and_json_round_trips():
    search = JobSearch.from_params(EVERY_FILTER)
    assert search.to_params() == EVERY_FILTER
    # As a link: repeated keys for lists.
    query = urlencode(search.to_params(), doseq=True)
    assert "state=FL&state=GA" in query
    assert JobSearch.from_params(parse_qs(query)) == search
    # As a saved search stores it.
    assert JobSearch.from_params(json.loads(json.dumps(search.to_params()))) == search


def test_defaults_leave_no_parameters():
    assert JobSearch().to_params() == {}
    assert JobSearch.from_params({}) == JobSearch()
    assert JobSearch.from_params({"q": "", "state": [], "min_pay": ""}) == JobSearch()
    search = JobSearch()
    assert not search.include_closed and not search.include_unrelated
    assert search.sort == "relevance"


def test_values_are_tidied_into_one_form():
    search = JobSearch.from_params(
        {"q": "  medical   coder ", "state": "fl,tx,FL", "credential": ["ctr", "ccs-p"]}
    )
    assert search.keyword == "medical coder"
    assert search.states == ("FL", "TX")
    assert search.credentials == ("CCS-P", "ODS-C")  # CTR is stored as ODS-C
    # Free-text values keep their commas.
    assert JobSearch.from_params({"employment_type": "Full-time, Regular"}).employment_types == (
        "Full-time, Regular",
    )
    # Python names work too.
    assert JobSearch(states=("ny",), min_pay=40000).to_params() == {
        "state": ["NY"],
        "min_pay": "40000",
    }


@pytest.mark.parametrize(
    ("params", "parameter", "says"),
    [
        ({"state": "Florida"}, "state", "two-letter"),
        ({"state": ["FL", "ZZZ"]}, "state", "'ZZZ'"),
        ({"credential": "CPA"}, "credential", "not a credential"),
        ({"min_pay": "lots"}, "min_pay", "integer"),
        ({"min_pay": "-5"}, "min_pay", "greater than or equal to 0"),
        ({"min_pay": ["1", "2"]}, "min_pay", "one value, not 2"),
        ({"posted_within": "0"}, "posted_within", "greater than or equal to 1"),
        ({"education": "phd"}, "education", "high_school"),
        ({"occupation": "clerk"}, "occupation", "SOC code"),
        ({"arrangement": "moon"}, "arrangement", "remote"),
        ({"pay_basis": "weekly"}, "pay_basis", "hourly"),
        ({"include_closed": "maybe"}, "include_closed", "yes/no"),
        ({"posted_by_agency": "agency"}, "posted_by_agency", "yes/no"),
        ({"sort": "random"}, "sort", "relevance"),
        ({"page_size": "9"}, "page_size", "not a search parameter"),
    ],
)
def test_bad_values_name_their_parameter(params, parameter, says):
    with pytest.raises(InvalidSearch) as caught:
        JobSearch.from_params(params)
    assert list(caught.value.problems) == [parameter]
    assert says in caught.value.problems[parameter]
    assert str(caught.value).startswith(f"{parameter}: ")


def test_the_agency_filter_has_three_states_in_the_url():
    assert JobSearch().posted_by_agency is None
    for given, meant in (("1", True), ("0", False), ("no", False)):
        search = JobSearch.from_params({"posted_by_agency": given})
        assert search.posted_by_agency is meant
        assert JobSearch.from_params(search.to_params()) == search
    assert JobSearch(posted_by_agency=True).to_params() == {"posted_by_agency": "1"}


def test_every_problem_is_reported_at_once():
    with pytest.raises(InvalidSearch) as caught:
        JobSearch.from_params({"state": "Florida", "min_pay": "x", "sort": "?"})
    assert set(caught.value.problems) == {"state", "min_pay", "sort"}


def test_unknown_parameters_may_be_ignored():
    params = {"q": "coder", "utm_source": "mail", "page": "3"}
    assert JobSearch.from_params(params, ignore_unknown=True) == JobSearch(keyword="coder")


def test_education_ceiling_keeps_the_levels_up_to_it():
    assert JobSearch(max_education="associate").education_allowed == (
        "high_school",
        "certificate",
        "associate",
    )
    assert JobSearch().education_allowed is None
