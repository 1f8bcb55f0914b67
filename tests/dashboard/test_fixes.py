"""What a new user found broken on the Jobs page, each pinned by a test."""

import pytest

from tests.dashboard.conftest import OPEN_RELEVANT
from tests.dashboard.test_jobs_page import all_text, run_app, shown_count


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
