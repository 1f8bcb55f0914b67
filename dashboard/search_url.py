"""The Jobs page's search in its URL and in its widgets: one JobSearch, three forms.

The URL holds JobSearch.to_params() plus `page`; the widgets hold the same values under the
page's keys. Reading a URL is lenient: a bad parameter is dropped (and reported), the rest is
kept, so an old or hand-edited link still opens a search.
"""

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from store.job_search import InvalidSearch, JobSearch

KEY = "jobs_"  # prefix of the Jobs page's widget keys
# A single-choice widget holds ANY for "no choice" (a field's None): Streamlit shows a select
# box holding None as empty ("Choose an option"), not as its "Any" option.
ANY = "any"
CHOICES = ("posted_within", "education", "pay_basis", "agency")
PAGE_PARAM = "page"
# widget key (after KEY) -> JobSearch field, for widgets that hold a field as it is.
SAME = {
    "keyword": "keyword",
    "occupation": "occupations",
    "state": "states",
    "remote_anywhere": "remote_anywhere",
    "arrangement": "arrangements",
    "credential": "credentials",
    "include_without_pay": "include_no_pay",
    "posted_within": "posted_within_days",
    "education": "max_education",
    "employment_type": "employment_types",
    "pay_basis": "pay_basis",
    "agency": "posted_by_agency",
    "facet_settings": "settings",
    "facet_code_sets": "code_sets",
    "facet_ehr": "ehr",
    "sort": "sort",
}


def widget_state(search: JobSearch) -> dict[str, Any]:
    """The widgets' values (by key) that show `search`."""
    state: dict[str, Any] = {}
    for key, name in SAME.items():
        value = getattr(search, name)
        if isinstance(value, tuple):
            value = [str(v) for v in value]
        elif hasattr(value, "value"):  # an enum member: widgets hold its plain value
            value = value.value
        elif value is None and key in CHOICES:
            value = ANY
        state[KEY + key] = value
    state[KEY + "open_only"] = not search.include_closed
    state[KEY + "relevant_only"] = not search.include_unrelated
    state[KEY + "pay_floor"] = search.min_pay or 0
    return state


def search_from_widgets(state: Mapping[str, Any]) -> JobSearch:
    """The search the widgets show (keys missing from `state` keep their defaults)."""
    fields: dict[str, Any] = {}
    for key, name in SAME.items():
        if KEY + key in state:
            value = state[KEY + key]
            if key in CHOICES and value == ANY:
                value = None
            fields[name] = tuple(value) if isinstance(value, list) else value
    if KEY + "open_only" in state:
        fields["include_closed"] = not state[KEY + "open_only"]
    if KEY + "relevant_only" in state:
        fields["include_unrelated"] = not state[KEY + "relevant_only"]
    if state.get(KEY + "pay_floor"):
        fields["min_pay"] = int(state[KEY + "pay_floor"])
    return JobSearch(**fields)


def read_url(params: Mapping[str, list[str]]) -> tuple[JobSearch, int, dict[str, str]]:
    """(search, page, problems) of a URL's query parameters; bad parameters are left out."""
    given = {key: values for key, values in params.items() if key != PAGE_PARAM}
    problems: dict[str, str] = {}
    try:
        search = JobSearch.from_params(given, ignore_unknown=True)
    except InvalidSearch as error:
        problems.update(error.problems)
        kept = {key: value for key, value in given.items() if key not in error.problems}
        search = JobSearch.from_params(kept, ignore_unknown=True)
    page = 1
    pages = params.get(PAGE_PARAM) or []
    if pages:
        if pages[-1].isdigit() and int(pages[-1]) >= 1:
            page = int(pages[-1])
        else:
            problems[PAGE_PARAM] = f"{pages[-1]!r} is not a page number"
    return search, page, problems


def url_params(search: JobSearch, page: int = 1) -> dict[str, str | list[str]]:
    params = search.to_params()
    if page > 1:
        params[PAGE_PARAM] = str(page)
    return params


def share_link(base: str | None, params: Mapping[str, str | list[str]]) -> str:
    """The link that opens this search: `base` (the page's address) plus its parameters."""
    query = urlencode(params, doseq=True)
    return f"{base or ''}?{query}" if query else (base or "?")
