"""The search the pages share: the Jobs page's, carried to the Pay and Map pages.

A page's own URL wins (a shared link opens the same figures); else the last search made on
the Jobs page in this session; else every open posting of the field.
"""

import streamlit as st

from dashboard import labels
from dashboard import search_url as su
from dashboard import transforms as tf
from dashboard.escape import md
from store.job_search import JobSearch

LAST_SEARCH = "last_jobs_search"  # the Jobs page's search parameters, kept for the session
PENDING_SEARCH = "jobs_pending_search"  # a search another page opens the Jobs page with
PAY_BASES = {None: "Any", "hourly": "Hourly", "salaried": "Salaried"}
ARRANGEMENT_CHOICES = {**tf.ARRANGEMENTS, "unstated": "Not stated"}


def current_search() -> JobSearch:
    """The search this page shows, written back to its URL."""
    params = {key: st.query_params.get_all(key) for key in st.query_params}
    if any(key != su.PAGE_PARAM for key in params):
        search, _, _ = su.read_url(params)
    else:
        search = JobSearch.from_params(st.session_state.get(LAST_SEARCH, {}))
    st.query_params.from_dict(search.to_params())
    return search


def describe(search: JobSearch, credentials: list[dict], tail: str) -> None:
    """A caption naming the search a page's figures are for."""
    phrases = filter_phrases(search, {c["code"]: c["name"] for c in credentials})
    st.caption(
        "For the search "
        + (" · ".join(md(p) for p in phrases) if phrases else "of every open posting")
        + tail
    )


def filter_phrases(search: JobSearch, credential_names: dict[str, str]) -> list[str]:
    """The search in words, one short phrase per filter (what a phone shows above the list)."""
    phrases = []
    if search.keyword:
        phrases.append(f"“{search.keyword}”")
    phrases += [tf.occupation_label(code) for code in search.occupations]
    if search.states:
        phrases.append(", ".join(search.states) + (" or remote" if search.remote_anywhere else ""))
    phrases += [ARRANGEMENT_CHOICES.get(a.value, a.value) for a in search.arrangements]
    phrases += [labels.credential_option(c, credential_names) for c in search.credentials]
    if search.min_pay:
        phrases.append(f"pay from {tf.money(search.min_pay)} a year")
    if search.pay_basis is not None:
        phrases.append(PAY_BASES[search.pay_basis.value])
    if search.posted_within_days:
        phrases.append(f"posted in the last {search.posted_within_days} days")
    if search.max_education:
        phrases.append("education at most " + tf.EDUCATION_LEVELS[search.max_education].lower())
    phrases += list(dict.fromkeys(labels.employment_label(t) for t in search.employment_types))
    phrases += [labels.facet_label(v) for v in (*search.settings, *search.code_sets, *search.ehr)]
    if search.include_closed:
        phrases.append("closed postings too")
    if search.include_unrelated:
        phrases.append("jobs outside the field too")
    return phrases
