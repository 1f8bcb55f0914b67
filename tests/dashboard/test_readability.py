"""What every page's tables and charts show a reader: a dash for a missing value, human
column headers, columns wide enough, chart text inside the chart. AppTest over a real store."""

import json

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts
from dashboard.labels import MISSING
from tests.dashboard.conftest import APP

TIMEOUT = 60
PAGES = ("jobs", "pay", "map", "career")
RAW_MISSING = {"None", "none", "nan", "NaN", "NaT", "null", "<NA>"}


def open_page(name: str) -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=TIMEOUT)
    app.run()
    if name != "jobs":
        app.switch_page(f"app_pages/{name}.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def columns(table) -> dict:
    return json.loads(table.proto.columns or "{}")


@pytest.mark.usefixtures("varied_store")
@pytest.mark.parametrize("name", PAGES)
def test_every_table_shows_a_dash_for_a_missing_value(name: str) -> None:
    app = open_page(name)
    assert app.dataframe, f"no table on the {name} page"
    for table in app.dataframe:
        assert table.proto.placeholder == MISSING
        frame: pd.DataFrame = table.value
        for column in frame.columns:
            words = {str(v) for v in frame[column] if isinstance(v, str)}
            assert not words & RAW_MISSING, (name, column, words & RAW_MISSING)


@pytest.mark.usefixtures("varied_store")
def test_the_pay_laws_table_has_human_headers() -> None:
    app = open_page("pay")
    laws = next(t for t in app.dataframe if "binds" in t.value.columns)
    config = columns(laws)
    for column in laws.value.columns:
        label = (config.get(column) or {}).get("label")
        assert label and label != column and label[0].isupper(), (column, label)
    # A state without a law shows the dash, not an empty cell.
    states = app.dataframe[0].value.set_index("state")
    assert pd.isna(states.loc["TX", "law"])


@pytest.mark.usefixtures("varied_store")
def test_the_jobs_table_title_column_fits_a_long_title() -> None:
    app = open_page("jobs")
    config = columns(app.dataframe[0])
    # ~7 px a character at the table's font: the longest seeded title needs about 290 px.
    longest = max(len(t) for t in app.dataframe[0].value["title"] if "<" not in t)
    assert longest >= 40
    assert config["title"]["width"] >= 7 * longest


def _layers(spec: dict):
    yield spec
    for layer in spec.get("layer", []):
        yield from _layers(layer)


def _pay_chart_spec() -> dict:
    bins = [{"low": 40000, "high": 50000, "postings": 2}, {"low": 50000, "high": 60000,
                                                          "postings": 5}]  # fmt: skip
    bands = [
        {"series": "BLS OEWS May 2024, SOC 29-2072 (now)", "p10": 35000, "p25": 40000,
         "p50": 48000, "p75": 58000, "p90": 70000},
        {"series": "BLS OES May 2016, SOC 29-2071 (the article)", "p10": 25000, "p25": 30000,
         "p50": 38000, "p75": 48000, "p90": 60000},
    ]  # fmt: skip
    return charts.pay_distribution(bins, bands).to_dict()


def test_pay_chart_names_each_benchmark_above_its_band_and_has_no_legend() -> None:
    spec = _pay_chart_spec()
    layers = list(_layers(spec))
    # No legend: a legend's long labels ran past a phone's edge.
    for layer in layers:
        for channel in layer.get("encoding", {}).values():
            if isinstance(channel, dict) and "legend" in channel:
                assert channel["legend"] is None
    height = spec["height"]
    names = [layer for layer in layers if _mark(layer) == "text"]
    assert len(names) == 1
    name_layer = names[0]
    assert name_layer["encoding"]["text"]["field"] == "series"
    assert name_layer["encoding"]["x"] == {"value": 0}  # from the chart's left edge
    assert name_layer["mark"]["dy"] < 0 and name_layer["mark"]["baseline"] == "bottom"
    dataset = next(v for v in spec["datasets"].values() if v and "series" in v[0])
    levels = [row["level"] for row in dataset]
    # Bands in rows above the histogram (its bars fill the bottom BARS_HEIGHT pixels), one
    # row each, first at the top.
    assert all(level > charts.BARS_HEIGHT for level in levels)
    assert levels == sorted(levels, reverse=True) and height - levels[0] < charts.BAND_ROW
    # Axis labels at the ends stay inside the chart.
    x_axes = [_channel(layer, "x").get("axis") for layer in layers]
    x_axes = [axis for axis in x_axes if axis]
    assert x_axes and all(axis["labelFlush"] for axis in x_axes)


def test_percentile_bands_write_each_name_above_its_band() -> None:
    rows = [{"benchmark": "Medical records specialists · US · May 2024 · SOC 29-2072",
             "p10": 35000, "p25": 40000, "p50": 48000, "p75": 58000, "p90": 70000}]  # fmt: skip
    spec = charts.percentile_bands(rows, pay=50000).to_dict()
    layers = list(_layers(spec))
    y_channels = [_channel(layer, "y") for layer in layers]
    assert all(y.get("axis", {}) is None for y in y_channels if "field" in y)
    names = [
        layer for layer in layers
        if _mark(layer) == "text" and layer.get("encoding", {}).get("text", {}).get("field")
    ]  # fmt: skip
    assert len(names) == 1 and names[0]["encoding"]["text"]["field"] == "benchmark"
    assert names[0]["mark"]["dy"] < -charts.BAND_HALF  # above the box


def _mark(layer: dict) -> str | None:
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def _channel(layer: dict, name: str) -> dict:
    return layer.get("encoding", {}).get(name) or {}
