"""The Operations page: behind a login, lists runs, acts on schedules, never loads Scrapy."""

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sqlmodel import select
from streamlit.testing.v1 import AppTest

from core.settings import get_settings
from dashboard import auth
from store import schedules as plan
from store.db import init_db, session_scope
from store.models import RunRequest, Schedule
from store.runs import complete_run, start_run
from store.sources import SourceConfig, save_sources

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "dashboard" / "app_pages" / "operations.py"
PASSWORD = "correct horse battery staple"


@pytest.fixture
def store(sqlite_url, monkeypatch):
    engine = init_db(sqlite_url)
    with session_scope(engine) as session:
        save_sources(
            session=session,
            sources=[
                SourceConfig(name="acme", kind="greenhouse", url="https://x.example/b/acme"),
                SourceConfig(name="beta", kind="lever", url="https://x.example/b/beta"),
            ],
        )
        session.flush()
        plan.add_schedule(session=session, source="acme", cron="0 */6 * * *")
        run_id = start_run(session=session, source="acme", kind="greenhouse", trigger="schedule")
        complete_run(
            session=session,
            run_id=run_id,
            failed=False,
            counts={"seen": 7, "new": 7},
            errors=[{"url": "https://x.example/b/acme/9", "reason": "HTTP 404: posting is gone"}],
            stats={},
        )
    monkeypatch.setenv("HITBOARD_DATABASE_URL", sqlite_url)
    monkeypatch.setenv(auth.PASSWORD_ENV, PASSWORD)
    monkeypatch.delenv(auth.HASH_ENV, raising=False)
    auth.LIMITER._failures.clear()
    auth.LIMITER._all.clear()
    return engine


def _page() -> AppTest:
    return AppTest.from_file(str(PAGE), default_timeout=60).run()


def _sign_in(app: AppTest, password: str) -> AppTest:
    app.text_input(key="ops_password").input(password)
    return app.button[0].click().run()


def _subheaders(app: AppTest) -> list[str]:
    return [element.value for element in app.subheader]


def test_a_wrong_password_is_refused_and_shows_nothing(store):
    app = _sign_in(_page(), "wrong")
    assert not app.exception
    assert [e.value for e in app.error] == ["Wrong password."]
    assert "Run history" not in _subheaders(app)
    assert len(app.dataframe) == 0


def test_the_right_password_shows_the_runs(store):
    app = _sign_in(_page(), PASSWORD)
    assert not app.exception, app.exception
    assert "Run history" in _subheaders(app)
    history = next(frame.value for frame in app.dataframe if "trigger" in frame.value.columns)
    [row] = history.to_dict("records")
    assert row["source"] == "acme" and row["status"] == "succeeded" and row["seen"] == 7
    assert any("No scheduler is running" in w.value for w in app.warning)
    # The typed password does not stay in the session once it has been checked.
    assert "ops_password" not in app.session_state or app.session_state["ops_password"] == ""


def test_five_failures_lock_the_client_out_even_with_the_right_password(store):
    app = _page()
    for _ in range(auth.MAX_FAILURES):
        app = _sign_in(app, "guess")
    app = _sign_in(app, PASSWORD)
    assert "Too many failed attempts" in app.error[0].value
    assert "Run history" not in _subheaders(app)


def test_no_password_configured_keeps_the_page_locked(store, monkeypatch):
    monkeypatch.delenv(auth.PASSWORD_ENV)
    app = _page()
    assert "Operations are locked" in app.error[0].value
    assert len(app.text_input) == 0


def test_operators_pause_and_request_a_run_from_the_page(store):
    app = _sign_in(_page(), PASSWORD)
    app.selectbox(key="ops_chosen").select("acme")
    app = app.button(key="ops_pause").click().run()
    app = app.button(key="ops_run_now").click().run()
    assert not app.exception
    with session_scope(store, readonly=True) as session:
        assert session.exec(select(Schedule.paused)).one() is True
        [request] = session.exec(select(RunRequest)).all()
    assert request.source == "acme" and request.requested_by == "dashboard"


def test_passwords_are_kept_as_scrypt_hashes_and_compared_in_constant_time(monkeypatch):
    encoded = auth.hash_password(PASSWORD)
    assert encoded.startswith("scrypt$") and PASSWORD not in encoded
    compared = []
    constant_time = auth.hmac.compare_digest

    def spy(given, expected):
        compared.append(expected)
        return constant_time(given, expected)

    monkeypatch.setattr(auth.hmac, "compare_digest", spy)
    assert auth.verify_password(PASSWORD, encoded)
    assert not auth.verify_password(PASSWORD + "!", encoded)
    # Both answers came from hmac.compare_digest on the stored digest, never from `==`.
    assert compared == [encoded.rsplit("$", 1)[1]] * 2
    assert not auth.verify_password(PASSWORD, "md5$nonsense")
    # A ready hash in the environment works without the password itself being set.
    monkeypatch.setenv(auth.HASH_ENV, encoded)
    monkeypatch.delenv(auth.PASSWORD_ENV, raising=False)
    assert auth.attempt_login(PASSWORD, client="t1", settings=get_settings()).ok
    assert not auth.attempt_login("nope", client="t1", settings=get_settings()).ok


def test_the_lockout_ends_after_its_window():
    limiter = auth.RateLimiter(max_failures=2, window=60)
    limiter.failed("a", now=100)
    limiter.failed("a", now=110)
    assert limiter.locked_for("a", now=120) == pytest.approx(40)
    assert limiter.locked_for("b", now=120) == 0  # other clients are not affected
    assert limiter.locked_for("a", now=161) == 0


def test_the_operations_page_never_loads_scrapy(store, sqlite_url):
    code = textwrap.dedent(
        f"""
        import sys
        from streamlit.testing.v1 import AppTest
        app = AppTest.from_file({str(PAGE)!r}, default_timeout=60)
        app.session_state["ops_authenticated"] = True
        app.run()
        assert not app.exception, app.exception
        assert any(s.value == "Source health" for s in app.subheader)
        print(",".join(sorted(m for m in sys.modules if m.split(".")[0] in ("scrapy", "spiders"))))
        """
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == ""
