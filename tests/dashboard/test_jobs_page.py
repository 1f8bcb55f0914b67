"""The Jobs page, run by Streamlit's AppTest against a real SQLite store."""

import re

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP, OPEN_RELEVANT

TIMEOUT = 60


def run_app() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def shown_count(app: AppTest) -> int:
    """The number the count line reports ("**3** of 5 open ... postings match.")."""
    for markdown in app.markdown:
        found = re.match(r"\*\*([\d,]+)\*\* of [\d,]+ .*match[.:]", markdown.value)
        if found:
            return int(found.group(1).replace(",", ""))
    if any("No postings match" in info.value for info in app.info):
        return 0
    raise AssertionError("no count line on the page")


def chart_rows(arrow_bytes: bytes) -> list[dict]:
    return pa.ipc.open_stream(arrow_bytes).read_all().to_pylist()


def detail_titles(app: AppTest) -> list[str]:
    return [header.value for header in app.subheader]


def unescaped(markdown: str) -> str:
    """Markdown source as the reader sees it: backslash escapes removed."""
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace("\u2060", "")


def all_text(app: AppTest) -> str:
    parts = [unescaped(m.value) for m in app.markdown]
    parts += [unescaped(c.value) for c in app.caption]
    parts += [h.proto.body for h in app.get("html")]
    return "\n".join(parts)


def pick(app: AppTest, title: str) -> AppTest:
    box = app.selectbox(key="jobs_detail")
    choice = next(o for o in box.options if re.match(rf"\d+\. {re.escape(title)} —", o))
    box.select(choice).run()
    assert not app.exception
    return app


@pytest.mark.usefixtures("filled_store")
def test_lists_open_relevant_postings_by_default() -> None:
    app = run_app()
    assert shown_count(app) == OPEN_RELEVANT
    titles = app.selectbox(key="jobs_detail").options
    assert not any("Python Coder" in t for t in titles)  # not relevant
    assert not any("Medical Records Clerk" in t for t in titles)  # closed
    assert app.dataframe[0].value.shape[0] == OPEN_RELEVANT


@pytest.mark.usefixtures("filled_store")
def test_toggles_show_closed_and_unrelated_postings() -> None:
    app = run_app()
    app.toggle(key="jobs_open_only").set_value(False).run()
    assert shown_count(app) == OPEN_RELEVANT + 1
    app.toggle(key="jobs_relevant_only").set_value(False).run()
    assert shown_count(app) == OPEN_RELEVANT + 2


@pytest.mark.usefixtures("filled_store")
def test_keyword_searches_descriptions_too() -> None:
    app = run_app()
    app.text_input(key="jobs_keyword").input("hipaa").run()  # only in a description
    assert shown_count(app) == 1
    assert detail_titles(app)[0] == "Release of Information Specialist"
    app.text_input(key="jobs_keyword").input("coder Summit").run()  # every word must match
    assert shown_count(app) == 1


@pytest.mark.usefixtures("filled_store")
def test_state_and_remote_filters() -> None:
    app = run_app()
    app.multiselect(key="jobs_state").set_value(["TX"]).run()
    assert shown_count(app) == 1
    app.checkbox(key="jobs_remote_anywhere").check().run()
    assert shown_count(app) == 3  # plus the two remote coding jobs
    app = run_app()
    app.multiselect(key="jobs_arrangement").set_value(["hybrid"]).run()
    assert shown_count(app) == 1


@pytest.mark.usefixtures("filled_store")
def test_pay_floor_and_postings_without_pay() -> None:
    app = run_app()
    app.number_input(key="jobs_pay_floor").set_value(65_000).run()
    # Coder (up to $66,560), registrar, director; the ROI job states no pay.
    assert shown_count(app) == 3
    assert "hides 1 that state no pay" in all_text(app)
    app.checkbox(key="jobs_include_without_pay").check().run()
    assert shown_count(app) == 4


@pytest.mark.usefixtures("filled_store")
def test_credential_occupation_recency_and_education_filters() -> None:
    app = run_app()
    app.multiselect(key="jobs_credential").set_value(["CPC", "RHIA"]).run()
    assert shown_count(app) == 2
    app = run_app()
    app.multiselect(key="jobs_occupation").set_value(["29-9021", "11-9111"]).run()
    assert shown_count(app) == 2
    app = run_app()
    # The director posting has no date of its own and was first seen 40 days ago.
    app.selectbox(key="jobs_posted_within").set_value(30).run()
    assert shown_count(app) == OPEN_RELEVANT - 1
    app.selectbox(key="jobs_posted_within").set_value(3).run()
    assert shown_count(app) == 2
    app = run_app()
    app.selectbox(key="jobs_education").set_value("associate").run()
    assert shown_count(app) == OPEN_RELEVANT - 1  # not the bachelor's-level director


@pytest.mark.usefixtures("filled_store")
def test_facet_filter() -> None:
    app = run_app()
    app.multiselect(key="jobs_facet_ehr").set_value(["Cerner"]).run()
    assert shown_count(app) == 1
    assert detail_titles(app)[0] == "Risk Adjustment Coder"


@pytest.mark.usefixtures("filled_store")
def test_detail_places_pay_against_benchmarks() -> None:
    app = pick(run_app(), "Inpatient Coder II")
    text = all_text(app)
    assert detail_titles(app)[0] == "Inpatient Coder II"
    assert "$26.00 - $32.00 per hour" in text
    assert "$54,080 – $66,560 a year" in text
    # Middle of the range $60,320 sits between the May 2024 median ($50,250) and 75th
    # percentile ($64,070) of 29-2072: 50 + 25 × 10,070 / 13,820 ≈ 68.
    assert (
        "pays about the 68th percentile of medical records specialists nationally "
        "(BLS OEWS May 2024, SOC 29-2072)" in text
    )
    assert "the May 2023 mean for medical records specialists in FL ($50,230" in text
    assert "BLS OES May 2016, SOC 29-2071" in text
    assert "**CCS** (Certified Coding Specialist) — required" in text
    assert "**RHIT** (Registered Health Information Technician) — preferred" in text
    (chart,) = app.get("vega_lite_chart")
    datasets = [
        pa.ipc.open_stream(d.data.data).read_all().to_pylist() for d in chart.proto.datasets
    ]
    assert [{"pay": 60320.0, "label": "This posting"}] in datasets
    benchmark_rows = next(rows for rows in datasets if rows and "benchmark" in rows[0])
    assert [row["benchmark"] for row in benchmark_rows] == [
        "Medical records specialists · US · May 2024 · SOC 29-2072",
        "Records & HI technicians · US · May 2016 · SOC 29-2071",
        "Medical records specialists · FL mean · May 2023 · SOC 29-2072",
    ]


@pytest.mark.usefixtures("filled_store")
def test_missing_pay_shows_a_dash_and_places_name_no_arrangement_twice() -> None:
    app = run_app()
    (table,) = app.dataframe
    assert table.proto.placeholder == "—"
    app.toggle(key="jobs_relevant_only").set_value(False).run()
    text = all_text(pick(app, "Risk Adjustment Coder"))
    assert "Summit Health Plan · United States · Remote" in text
    text = all_text(pick(app, "Python Coder"))  # posted as just "Remote"
    assert "Acme Software · Remote" in text
    assert "Remote · Remote" not in text


@pytest.mark.usefixtures("filled_store")
def test_detail_of_a_manager_uses_its_own_occupation() -> None:
    app = pick(run_app(), "Director of Health Information Management")
    assert (
        "of medical and health services managers nationally (BLS OEWS May 2024, SOC 11-9111)"
        in all_text(app)
    )


@pytest.mark.usefixtures("filled_store")
def test_description_html_is_sanitized() -> None:
    app = pick(run_app(), "Inpatient Coder II")
    bodies = [h.proto.body for h in app.get("html")]
    assert any("Code inpatient records" in body for body in bodies)
    assert any('href="https://careers.example.org/apply"' in body for body in bodies)
    for body in bodies:
        lowered = body.lower()
        assert "<script" not in lowered
        assert "alert(" not in lowered
        assert "onerror" not in lowered
        assert "onclick" not in lowered
        assert "javascript:" not in lowered


def test_demo_banner(demo_store: str) -> None:
    app = run_app()
    assert any(
        "Demo sample: synthetic postings, not real jobs" in warning.value for warning in app.warning
    )


@pytest.mark.usefixtures("filled_store")
def test_no_demo_banner_for_real_sources() -> None:
    app = run_app()
    assert not any("Demo sample" in warning.value for warning in app.warning)


def test_empty_store_says_how_to_crawl(empty_store: str) -> None:
    app = run_app()
    text = " ".join(info.value for info in app.info)
    assert "hitboard crawl --sources sources.toml" in text
    assert "hitboard demo" in text
    assert not app.dataframe
