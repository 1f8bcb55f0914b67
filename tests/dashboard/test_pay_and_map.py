"""The Pay and Map pages, run by AppTest over a real SQLite store."""

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from store.pay_laws import pay_laws
from tests.dashboard.conftest import APP
from tests.dashboard.test_jobs_page import all_text, run_app, shown_count

TIMEOUT = 60


def open_page(name: str, params: dict | None = None) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    for key, value in (params or {}).items():
        app.query_params[key] = value
    app.run()
    app.switch_page(f"app_pages/{name}.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def test_every_law_is_dated_and_sourced() -> None:
    laws = pay_laws()
    assert {law.state for law in laws} >= {"CO", "CA", "WA", "NY", "IL", "MD"}
    for law in laws:
        assert law.citation and law.employers
        assert law.url == "" or law.url.startswith("https://")
    colorado = next(law for law in laws if law.state == "CO")
    assert colorado.effective.isoformat() == "2021-01-01"


@pytest.mark.usefixtures("varied_store")
def test_pay_page_places_posted_pay_and_states_beside_their_laws() -> None:
    app = open_page("pay")
    text = all_text(app)
    assert "Posted pay against the benchmarks" in [h.value for h in app.subheader]
    assert "29-2072 Medical Records Specialists" in text or "29-2072" in text
    assert "violation" not in text.lower()
    assert "Likely covered" in text
    states = app.dataframe[0].value.set_index("state")
    # Colorado's law binds every employer since 2021: the registrar job is likely covered.
    assert states.loc["CO", "law"] == "Equal Pay for Equal Work Act"
    assert states.loc["CO", "likely_covered"] == 1
    assert states.loc["CO", "covered_stating_pay"] == 1.0
    # Texas has no such law; its posting states no pay.
    assert pd.isna(states.loc["TX", "law"])
    assert states.loc["TX", "share_stating_pay"] == 0.0
    assert "github" not in " ".join(c.value for c in app.caption).lower()


@pytest.mark.usefixtures("varied_store")
def test_pay_page_follows_the_search_in_its_link() -> None:
    app = open_page("pay", {"state": "CO"})
    states = app.dataframe[0].value
    assert list(states["state"]) == ["CO"]
    assert app.query_params["state"] == "CO"


@pytest.mark.usefixtures("varied_store")
def test_map_draws_every_state_offline_and_a_state_opens_its_jobs() -> None:
    app = open_page("map")
    (chart,) = app.get("vega_lite_chart")
    spec = chart.proto.spec
    assert "topojson" not in spec.lower() and '"url"' not in spec  # no data fetched
    table = app.dataframe[0].value.set_index("state")
    assert table.loc["FL", "postings"] == 2  # the coder job's two copies
    app.selectbox(key="map_state").select("FL").run()
    assert not app.exception
    assert shown_count(app) == 2
    assert app.multiselect(key="jobs_state").value == ["FL"]


@pytest.mark.usefixtures("filled_store")
def test_jobs_page_keeps_its_search_after_another_page() -> None:
    app = run_app()
    app.multiselect(key="jobs_state").set_value(["TX"]).run()
    app.switch_page("app_pages/career.py").run()
    app.switch_page("app_pages/jobs.py").run()
    assert app.multiselect(key="jobs_state").value == ["TX"]
    assert shown_count(app) == 1
