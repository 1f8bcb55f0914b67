"""The Jobs page's saved searches, run by Streamlit's AppTest against a real SQLite store."""

from streamlit.testing.v1 import AppTest

from store import saved_searches as saved
from store.db import init_db, session_scope
from store.job_search import JobSearch
from tests.dashboard.conftest import APP

TIMEOUT = 60


def run(app_or_widget) -> AppTest:
    """Run the page (after a change to one of its widgets); it must not raise."""
    app = app_or_widget.run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def stored(url: str) -> dict[str, JobSearch]:
    with session_scope(init_db(url), readonly=True) as session:
        return {s.name: saved.job_search_of(s) for s in saved.list_searches(session=session)}


def click(app: AppTest, key: str) -> AppTest:
    return run(app.button(key=key).click())


def test_save_open_rename_and_delete_from_the_jobs_page(filled_store) -> None:
    app = run(AppTest.from_file(str(APP), default_timeout=TIMEOUT))
    app.text_input(key="jobs_keyword").input("coder")
    app.multiselect(key="jobs_state").set_value(["TX"])
    run(app)
    app.text_input(key="jobs_saved_name").input("Texas coders")
    click(app, "jobs_saved_save")
    assert stored(filled_store.url) == {"Texas coders": JobSearch(keyword="coder", states=("TX",))}
    assert any("Saved “Texas coders”" in c.value for c in app.caption)

    app.text_input(key="jobs_saved_name").input("Texas coders")  # the name is taken
    click(app, "jobs_saved_save")
    assert any("Not saved: name:" in c.value for c in app.caption)

    app.text_input(key="jobs_keyword").input("registrar")  # another search on screen
    run(app.multiselect(key="jobs_state").set_value([]))
    assert app.text_input(key="jobs_keyword").value == "registrar"
    click(app, "jobs_saved_open")
    assert app.text_input(key="jobs_keyword").value == "coder"
    assert app.multiselect(key="jobs_state").value == ["TX"]
    assert dict(app.query_params) == {"q": "coder", "state": "TX"}  # its link, as well

    app.text_input(key="jobs_saved_new_name").input("TX coding")
    click(app, "jobs_saved_rename")
    assert set(stored(filled_store.url)) == {"TX coding"}
    click(app, "jobs_saved_delete")
    assert stored(filled_store.url) == {}
    assert not [box for box in app.selectbox if box.key == "jobs_saved_chosen"]
