"""What a new user found broken on the Jobs page, each pinned by a test."""

import re

import pandas as pd
import pytest

from dashboard.escape import csv_safe
from tests.dashboard.conftest import HOSTILE_TITLE, OPEN_RELEVANT, VARIED_JOBS
from tests.dashboard.test_jobs_page import all_text, pick, run_app, shown_count


@pytest.mark.usefixtures("filled_store")
def test_reset_clears_the_widgets_and_stays_cleared() -> None:
    app = run_app()
    app.text_input(key="jobs_keyword").input("coder").run()
    app.multiselect(key="jobs_state").set_value(["FL"]).run()
    app.number_input(key="jobs_pay_floor").set_value(50_000).run()
    assert shown_count(app) == 1
    reset = next(b for b in app.sidebar.button if b.label == "Reset filters")
    reset.click().run()
    assert app.text_input(key="jobs_keyword").value == ""
    assert app.multiselect(key="jobs_state").value == []
    assert app.number_input(key="jobs_pay_floor").value == 0
    assert shown_count(app) == OPEN_RELEVANT
    # The next change applies only itself, not the filters that were reset.
    app.selectbox(key="jobs_sort").set_value("newest").run()
    assert app.text_input(key="jobs_keyword").value == ""
    assert shown_count(app) == OPEN_RELEVANT
    assert "q" not in app.query_params


def table_rows(app) -> list[dict]:
    return app.dataframe[0].value.to_dict("records")


@pytest.mark.usefixtures("varied_store")
def test_picker_labels_are_unique_and_the_table_follows_the_picker() -> None:
    app = run_app()
    options = app.selectbox(key="jobs_detail").options
    assert len(options) == len(set(options)) == VARIED_JOBS
    hcc = [o for o in options if "HCC Coding Specialist — Summit Health Plan" in o]
    assert len(hcc) == 2
    # Each label starts with its row's number in the table.
    rows = table_rows(app)
    for option in options:
        number = int(option.split(".", 1)[0])
        assert option.split(". ", 1)[1].startswith(str(rows[number - 1]["title"]))
    before = app.dataframe[0].proto.id
    app.selectbox(key="jobs_detail").select(hcc[1]).run()
    assert app.subheader[0].value == "HCC Coding Specialist"
    # A new table: no row of the old one stays ticked beside another posting's detail.
    assert app.dataframe[0].proto.id != before


@pytest.mark.usefixtures("filled_store")
def test_a_director_is_compared_only_with_managers_and_told_no_state_figure() -> None:
    app = pick(run_app(), "Director of Health Information Management")
    text = all_text(app)
    assert "medical and health services managers nationally" in text
    assert "medical records specialists in MD" not in text
    assert "2016" not in text.split("#### Pay against the benchmarks")[1].split("####")[0]
    assert "There is no state figure for 11-9111" in text and "in MD in the store" in text
    (chart,) = app.get("vega_lite_chart")
    labels = str(chart.proto.spec) + "".join(str(d.data.data) for d in chart.proto.datasets)
    assert "29-2071" not in labels and "29-2072" not in labels


@pytest.mark.usefixtures("filled_store")
def test_benchmark_credits_name_publisher_series_and_link_to_bls() -> None:
    app = pick(run_app(), "Inpatient Coder II")
    captions = " ".join(c.value for c in app.caption)
    assert (
        "[BLS OEWS May 2024, national, SOC 29-2072](https://www.bls.gov/oes/2024/may/oes292072.htm)"
        in captions
    )
    assert "[BLS OEWS May 2023, state (FL), SOC 29-2072]" in captions
    assert "github" not in captions.lower() and "as copied" not in captions


@pytest.mark.usefixtures("varied_store")
def test_human_labels_not_slugs() -> None:
    app = run_app()
    ehr = app.multiselect(key="jobs_facet_ehr").options
    assert "Oracle Health (Cerner)" in ehr and "oracle_health" not in ehr
    assert "Professional fee (physician)" in app.multiselect(key="jobs_facet_settings").options
    employment = app.multiselect(key="jobs_employment_type").options
    assert employment == ["Full-time"]
    credentials = app.multiselect(key="jobs_credential").options
    assert "CCS — Certified Coding Specialist" in credentials
    # One "Full-time" choice finds both spellings the store holds.
    app.multiselect(key="jobs_employment_type").set_value(["FULL_TIME"]).run()
    assert shown_count(app) == 2
    assert sorted(app.query_params["employment_type"]) == ["FULL_TIME", "Full-time"]
    app = pick(run_app(), "Profee Coder")
    text = all_text(app)
    assert "Source: Demo sample on Greenhouse" in text
    assert "demo-" not in text
    assert "Pay read from the description" in text


@pytest.mark.usefixtures("varied_store")
def test_one_job_one_row_and_its_detail_lists_every_copy() -> None:
    app = run_app()
    rows = table_rows(app)
    coder = [r for r in rows if r["title"] == "Inpatient Coder II"]
    assert len(coder) == 1
    assert coder[0]["sources"] == "Acme Health on Greenhouse · Jobs Board on Adzuna"
    assert coder[0]["pay"] == "$26–$32/hr"
    assert (coder[0]["pay_from"], coder[0]["pay_to"]) == (54080, 66560)
    assert coder[0]["credentials"] == "CCS required · RHIT preferred"
    # First posted two days ago, last seen half an hour ago: one full day open.
    assert coder[0]["days_open"] == 1 and coder[0]["reposted"] == 0
    # The count says how many jobs the postings are: the two copies are one.
    count_line = next(m.value for m in app.markdown if "postings match" in m.value)
    assert f"**{shown_count(app) - 1}** jobs, each shown once" in count_line
    assert len(rows) == shown_count(app) - 1
    app = pick(app, "Inpatient Coder II")
    assert "This job is posted 2 times" in all_text(app)
    copies = app.dataframe[1].value
    assert list(copies["source"]) == ["Acme Health on Greenhouse", "Jobs Board on Adzuna"]


@pytest.mark.usefixtures("varied_store")
def test_untrusted_text_is_escaped_everywhere() -> None:
    app = pick(run_app(), HOSTILE_TITLE)
    sources = [m.value for m in app.markdown] + [c.value for c in app.caption]
    sources += [h.value for h in app.subheader] + [w.value for w in app.warning]
    joined = "\n".join(sources)
    assert "![x](" not in joined
    assert "](javascript:" not in joined
    assert not re.search(r"(?<!\\)<(script|img)", joined)  # only as escaped, inert text
    assert r"\!\[x\]\(http" in app.subheader[0].value
    assert "“\\=HYPERLINK" in joined


def test_csv_cells_that_spreadsheets_would_run_are_quoted() -> None:
    frame = pd.DataFrame(
        {
            "title": ["=1+2", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx", "Coder", "a=b"],
            "pay": [1.0, -2.0, 3.0, 4.0, 5.0, 6.0, 7.0, 8.0],
        }
    )
    safe = csv_safe(frame)
    assert list(safe["title"]) == ["'=1+2", "'+SUM(A1)", "'-2+3", "'@cmd", "'\tx", "'\rx",
                                   "Coder", "a=b"]  # fmt: skip
    assert list(safe["pay"]) == list(frame["pay"])  # numbers stay numbers


@pytest.mark.usefixtures("varied_store")
def test_the_page_offers_its_rows_as_csv() -> None:
    app = run_app()
    (button,) = app.get("download_button")
    assert button.proto.label == "Download this page (CSV)"
