"""The Jobs page keeps its search in the URL: a link or a reload opens the same search."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from streamlit.testing.v1 import AppTest

from dashboard import search_url as su
from store.db import init_db, session_scope
from store.job_search import JobSearch
from store.models import Posting
from store.postings import upsert_postings
from tests.dashboard.conftest import APP, NOW, _record
from tests.dashboard.test_jobs_page import TIMEOUT, detail_titles, shown_count, unescaped


def open_link(query: dict) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.query_params.update(query)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def table_titles(app: AppTest) -> list[str]:
    return list(app.dataframe[0].value["title"])


@pytest.mark.usefixtures("filled_store")
def test_a_link_opens_its_search_in_the_widgets():
    app = open_link({"state": ["TX", "CO"], "remote_anywhere": "1", "sort": "pay"})
    assert app.multiselect(key="jobs_state").value == ["CO", "TX"]
    assert app.checkbox(key="jobs_remote_anywhere").value is True
    assert app.selectbox(key="jobs_sort").value == "pay"
    # Registrar (CO, $85,000), the two remote coding jobs, then ROI (TX) without pay.
    assert table_titles(app) == [
        "Cancer Registrar",
        "Inpatient Coder II",
        "Risk Adjustment Coder",
        "Release of Information Specialist",
    ]


@pytest.mark.usefixtures("filled_store")
def test_changing_filters_writes_the_url_and_the_url_brings_them_back():
    app = open_link({})
    assert app.query_params == {}
    app.text_input(key="jobs_keyword").input("coder").run()
    app.multiselect(key="jobs_credential").set_value(["CCS", "CPC"]).run()
    app.number_input(key="jobs_pay_floor").set_value(55_000).run()
    app.toggle(key="jobs_open_only").set_value(False).run()
    app.selectbox(key="jobs_pay_basis").set_value("hourly").run()
    assert shown_count(app) == 1
    assert app.query_params == {
        "q": "coder",
        "credential": ["CCS", "CPC"],
        "min_pay": "55000",
        "pay_basis": "hourly",
        "include_closed": "1",
    }
    reloaded = open_link(app.query_params)
    assert shown_count(reloaded) == 1
    assert detail_titles(reloaded)[0] == "Inpatient Coder II"
    assert reloaded.text_input(key="jobs_keyword").value == "coder"
    assert reloaded.multiselect(key="jobs_credential").value == ["CCS", "CPC"]
    assert reloaded.number_input(key="jobs_pay_floor").value == 55_000
    assert reloaded.toggle(key="jobs_open_only").value is False


@pytest.mark.usefixtures("filled_store")
def test_the_copy_link_holds_the_search():
    app = open_link({"state": "FL", "q": "coder"})
    (link,) = [code.value for code in app.code]
    assert link == "?q=coder&state=FL"


@pytest.mark.usefixtures("filled_store")
def test_a_bad_parameter_is_named_and_the_rest_kept():
    app = open_link({"state": ["Texas"], "credential": "RHIA", "utm_source": "mail"})
    warning = unescaped(" ".join(w.value for w in app.warning))
    assert "`state`" in warning and "two-letter" in warning
    assert "utm_source" not in warning  # not a search parameter: ignored quietly
    assert shown_count(app) == 1
    assert detail_titles(app)[0] == "Director of Health Information Management"
    assert app.query_params == {"credential": "RHIA"}


def store_coders(url: str, count: int):
    """A store of `count` coder jobs, "Coder 000" newest; its engine."""
    engine = init_db(url)
    records = [
        _record(f"coder-{n}", f"Coder {n:03d}", posted_at=NOW - timedelta(hours=n))
        for n in range(count)
    ]
    with session_scope(engine) as session:
        upsert_postings(session=session, records=records, seen_at=NOW, run_id=None)
    return engine


def test_pages_of_fifty_and_the_page_in_the_url(sqlite_url, monkeypatch):
    store_coders(sqlite_url, 120)
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)

    app = open_link({})
    assert shown_count(app) == 120
    assert table_titles(app)[0] == "Coder 000" and len(table_titles(app)) == 50
    app.number_input(key="jobs_page").set_value(3).run()
    assert table_titles(app) == [f"Coder {n:03d}" for n in range(100, 120)]
    assert app.query_params == {"page": "3"}
    reloaded = open_link({"page": "2"})
    assert table_titles(reloaded)[0] == "Coder 050"
    reloaded.text_input(key="jobs_keyword").input("coder").run()  # a new search: page 1
    assert reloaded.number_input(key="jobs_page").value == 1
    assert table_titles(reloaded)[0] == "Coder 000"


def test_a_job_has_one_row_on_every_page_not_one_per_page(sqlite_url, monkeypatch):
    with session_scope(store_coders(sqlite_url, 60)) as session:
        # Coder 010 and Coder 055 are one job: its row is on page 1, where its first copy is.
        session.execute(
            update(Posting)
            .where(Posting.external_id.in_(["coder-10", "coder-55"]))
            .values(cluster_id="same-job")
        )
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)

    app = open_link({})
    first = table_titles(app)
    assert len(first) == 50 and "Coder 010" in first and "Coder 055" not in first
    count_line = next(m.value for m in app.markdown if "postings match" in m.value)
    assert "**60** of 60" in count_line and "**59** jobs, each shown once" in count_line
    app.number_input(key="jobs_page").set_value(2).run()
    second = table_titles(app)
    assert second == [f"Coder {n:03d}" for n in range(50, 60) if n != 55]
    captions = " ".join(c.value for c in app.caption)
    assert "1 of this page's 10 postings is a copy of a job listed in another row" in captions


def test_widgets_and_search_convert_both_ways():
    search = JobSearch.from_params(
        {"q": "coder", "state": ["FL"], "min_pay": "40000", "include_closed": "1",
         "arrangement": "unstated", "ehr": "Epic", "sort": "newest", "posted_within": "7"}
    )  # fmt: skip
    state = su.widget_state(search)
    assert state["jobs_open_only"] is False and state["jobs_pay_floor"] == 40000
    assert state["jobs_arrangement"] == ["unstated"] and state["jobs_sort"] == "newest"
    assert su.search_from_widgets(state) == search
    assert su.search_from_widgets(su.widget_state(JobSearch())) == JobSearch()
    assert su.url_params(search, 2)["page"] == "2"
    assert su.share_link("http://host/", {}) == "http://host/"
    assert su.read_url({"page": ["x"]})[2] == {"page": "'x' is not a page number"}


@pytest.mark.usefixtures("filled_store")
def test_a_hostile_value_in_a_link_is_named_as_text() -> None:
    app = open_link({"state": ["![x](http://evil.example/p.png)"]})
    warning = " ".join(w.value for w in app.warning)
    assert "![x](" not in warning
    assert "\\!\\[x\\]\\(http" in warning


@pytest.mark.usefixtures("filled_store")
def test_the_agency_filter_lives_in_the_url():
    app = open_link({})
    everyone = shown_count(app)
    app.selectbox(key="jobs_agency").set_value(True).run()
    assert app.query_params == {"posted_by_agency": "1"}
    assert shown_count(app) == 0  # the seeded store holds no agency postings
    app.selectbox(key="jobs_agency").set_value(False).run()
    assert app.query_params == {"posted_by_agency": "0"}
    assert shown_count(app) == everyone
    reloaded = open_link({"posted_by_agency": "1"})
    assert reloaded.selectbox(key="jobs_agency").value is True


def test_single_choice_filters_show_their_any_choice_not_an_empty_box(filled_store):
    """With nothing chosen, each single-choice filter shows its "Any" option, chosen (a box
    holding None is shown empty, "Choose an option"), before and after a reset."""
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    expected = {"jobs_pay_basis": "Any", "jobs_posted_within": "Any time",
                "jobs_education": "Any", "jobs_agency": "Shown"}  # fmt: skip
    for key, shown in expected.items():
        box = app.selectbox(key=key)
        assert box.index == 0 and box.format_func(box.value) == shown, key
    app.selectbox(key="jobs_agency").set_value(True).run()
    assert app.selectbox(key="jobs_agency").index == 2
