"""Operations: a saved schedule shows at once; "run now" says when nothing will run it."""

from tests.dashboard.test_jobs_page import unescaped
from tests.scheduler.test_operations_page import PASSWORD, _page, _sign_in, store  # noqa: F401


def schedule_table(app):
    return next(f.value for f in app.dataframe if "cron" in f.value.columns)


def test_a_saved_schedule_appears_at_once(store) -> None:  # noqa: F811
    app = _sign_in(_page(), PASSWORD)
    assert list(schedule_table(app)["source"]) == ["acme"]
    app.selectbox(key="ops_new_source").select("beta")
    form_cron = next(t for t in app.text_input if t.label.startswith("Cron"))
    form_cron.input("15 3 * * *")
    next(b for b in app.button if b.label == "Save schedule").click().run()
    assert not app.exception
    table = schedule_table(app)
    assert sorted(table["source"]) == ["acme", "beta"]
    assert "15 3 * * *" in set(table["cron"])
    assert any("beta: scheduled 15 3 * * *" in unescaped(s.value) for s in app.success)


def test_run_now_says_no_scheduler_is_running(store) -> None:  # noqa: F811
    app = _sign_in(_page(), PASSWORD)
    app.selectbox(key="ops_chosen").select("acme")
    app.button(key="ops_run_now").click().run()
    assert not app.exception
    assert any("run requested" in s.value for s in app.success)
    assert any("No scheduler is running, so this crawl waits" in w.value for w in app.warning)


def test_charts_and_tables_read_well(store) -> None:  # noqa: F811
    import json

    from dashboard.labels import MISSING

    app = _sign_in(_page(), PASSWORD)
    charts = [json.loads(c.proto.spec) for c in app.get("vega_lite_chart")]
    assert len(charts) == 2
    for spec in charts:
        encodings = [spec.get("encoding", {})] + [
            layer.get("encoding", {}) for layer in spec.get("layer", [])
        ]
        for encoding in encodings:
            for name in ("x", "y"):
                axis = encoding.get(name, {}).get("axis")
                if axis is None:
                    continue
                # Labels and titles large and dark enough to read (Vega's default is 10 px grey).
                assert axis["labelFontSize"] >= 12 and axis["titleFontSize"] >= 12
                assert axis["labelColor"] == axis["titleColor"] == "#333333"
            color = encoding.get("color")
            if color:
                # One distinct hue per source, named in a legend.
                assert color["scale"]["scheme"] == "tableau10" and color["legend"]
    for table in app.dataframe:
        assert table.proto.placeholder == MISSING
