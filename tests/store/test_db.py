"""Which database a command uses, and how SQLite connections are set up."""

import pytest
from sqlalchemy import text

from store.db import (
    default_database_path,
    describe_url,
    get_engine,
    init_db,
    resolve_database_url,
    session_scope,
)


def test_flag_beats_env_beats_default(monkeypatch, tmp_path):
    monkeypatch.setenv("HITBOARD_HOME", str(tmp_path / "home"))
    assert default_database_path() == tmp_path / "home" / "hitboard.db"
    assert resolve_database_url() == f"sqlite:///{tmp_path / 'home' / 'hitboard.db'}"
    monkeypatch.setenv("HITBOARD_DATABASE_URL", "sqlite:////srv/env.db")
    assert resolve_database_url() == "sqlite:////srv/env.db"
    assert resolve_database_url("sqlite:////srv/flag.db") == "sqlite:////srv/flag.db"


def test_default_home_is_under_local_share(monkeypatch, tmp_path):
    monkeypatch.delenv("HITBOARD_HOME")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert default_database_path() == tmp_path / ".local" / "share" / "hitboard" / "hitboard.db"


@pytest.mark.parametrize(
    ("given", "resolved"),
    [
        ("postgresql://u:p@db:5432/hb", "postgresql+psycopg://u:p@db:5432/hb"),
        ("postgres://u@db/hb", "postgresql+psycopg://u@db/hb"),
        ("postgresql+psycopg://u@db/hb", "postgresql+psycopg://u@db/hb"),
        ("/data/jobs.db", "sqlite:////data/jobs.db"),
    ],
)
def test_urls_are_normalised(given, resolved):
    assert resolve_database_url(given) == resolved


def test_passwords_are_hidden_in_descriptions():
    assert "secret" not in describe_url("postgresql://hb:secret@db/hb")


def test_sqlite_file_gets_its_folder_wal_and_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'deep' / 'er' / 'store.db'}"
    engine = init_db(url)
    assert get_engine(url) is engine
    assert (tmp_path / "deep" / "er" / "store.db").exists()
    with engine.connect() as connection:
        assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 30000
        assert connection.execute(text("PRAGMA synchronous")).scalar() == 1  # NORMAL
    engine.dispose()


def test_session_scope_rolls_back_on_error(sqlite_url):
    engine = init_db(sqlite_url)
    with pytest.raises(RuntimeError), session_scope(engine) as session:
        session.exec(text("DELETE FROM credentials"))
        raise RuntimeError("boom")
    with session_scope(engine, readonly=True) as session:
        assert session.scalar(text("SELECT count(*) FROM credentials")) > 0
