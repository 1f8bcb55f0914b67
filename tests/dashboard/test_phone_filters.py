"""The Jobs page's Filters button, and a state tile clicked on the Map, run by AppTest."""

import json

import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP
from tests.dashboard.test_jobs_page import run_app, shown_count

TIMEOUT = 60
FILTER_KEYS = ("jobs_state", "jobs_occupation", "jobs_credential", "jobs_arrangement")


def keys(block) -> set[str]:
    return {w.key for w in block.multiselect} | {w.key for w in block.selectbox}


@pytest.mark.usefixtures("filled_store")
def test_the_filters_button_brings_the_filters_into_the_page() -> None:
    app = run_app()
    assert set(FILTER_KEYS) <= keys(app.sidebar)
    assert not set(FILTER_KEYS) & keys(app.main)
    button = app.button(key="jobs_filters_button")
    assert button.label == "Filters"
    button.click().run()
    assert not app.exception
    assert set(FILTER_KEYS) <= keys(app.main)
    assert not set(FILTER_KEYS) & keys(app.sidebar)
    assert app.button(key="jobs_filters_button").label == "Hide filters"
    # The filters work where they now are, and stay there while they are used.
    before = shown_count(app)
    app.main.multiselect(key="jobs_state").set_value(["TX"]).run()
    assert not app.exception
    assert shown_count(app) == 1 < before
    assert "jobs_state" in keys(app.main)
    # Hidden again, they go back to the sidebar with the value they hold.
    app.button(key="jobs_filters_button").click().run()
    assert app.sidebar.multiselect(key="jobs_state").value == ["TX"]
    assert shown_count(app) == 1


def click_tile(app: AppTest, state: str) -> AppTest:
    """What the browser sends when a tile is clicked: the chart's selection, as its widget
    state (AppTest has no way to click a chart, so the run goes through its private path)."""
    (chart,) = app.get("vega_lite_chart")
    states = app._tree.get_widget_states()
    widget = states.widgets.add()
    widget.id = chart.proto.id
    widget.string_value = json.dumps({"selection": {"state_pick": [{"state": state}]}})
    app._run(states)
    assert not app.exception, [e.message for e in app.exception]
    return app


@pytest.mark.usefixtures("varied_store")
def test_clicking_a_state_tile_opens_its_jobs() -> None:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.run()
    app.switch_page("app_pages/map.py").run()
    assert [t.value for t in app.title] == ["Map"]
    click_tile(app, "FL")
    assert [t.value for t in app.title] == ["Health information jobs"]
    assert app.multiselect(key="jobs_state").value == ["FL"]
    assert shown_count(app) == 2  # the coder job's two copies
    assert app.query_params["state"] == "FL"
