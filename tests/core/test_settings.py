"""The settings object: read from the environment each time, keys never shown, bad values named."""

from pathlib import Path

import pytest

from core.settings import SettingsError, get_settings
from store.db import resolve_database_url


def test_settings_follow_the_environment_as_it_changes(monkeypatch, tmp_path):
    monkeypatch.setenv("HITBOARD_HOME", str(tmp_path / "one"))
    assert get_settings().log_dir == tmp_path / "one" / "logs"
    monkeypatch.setenv("HITBOARD_HOME", str(tmp_path / "two"))
    monkeypatch.setenv("HITBOARD_LEASE_TTL", "7.5")
    settings = get_settings()
    assert settings.default_database_path == tmp_path / "two" / "hitboard.db"
    assert settings.lease_ttl == 7.5
    assert resolve_database_url() == f"sqlite:///{tmp_path / 'two' / 'hitboard.db'}"


def test_the_database_url_is_flag_then_environment_then_default_file(monkeypatch, tmp_path):
    monkeypatch.setenv("HITBOARD_HOME", str(tmp_path))
    monkeypatch.setenv("HITBOARD_DATABASE_URL", "")  # empty counts as unset
    assert resolve_database_url() == f"sqlite:///{tmp_path / 'hitboard.db'}"
    monkeypatch.setenv("HITBOARD_DATABASE_URL", "postgres://u@h/db")
    assert resolve_database_url() == "postgresql+psycopg://u@h/db"
    assert resolve_database_url("sqlite:///x.db") == "sqlite:///x.db"


def test_api_keys_keep_their_own_names_and_never_print(monkeypatch):
    monkeypatch.setenv("USAJOBS_API_KEY", "key-5f0c9e1d7a")
    monkeypatch.setenv("ADZUNA_APP_KEY", "key-d94e02a6f1")
    monkeypatch.delenv("ADZUNA_APP_ID", raising=False)
    settings = get_settings()
    assert settings.api_key("USAJOBS_API_KEY") == "key-5f0c9e1d7a"
    assert settings.api_key("ADZUNA_APP_ID") is None
    shown = f"{settings} {settings!r} {settings.model_dump()}"
    assert "key-5f0c9e1d7a" not in shown and "key-d94e02a6f1" not in shown
    with pytest.raises(KeyError):
        settings.api_key("HOME")


def test_a_bad_value_names_its_variable(monkeypatch):
    monkeypatch.setenv("HITBOARD_LEASE_TTL", "soon")
    monkeypatch.setenv("HITBOARD_SCRAPY_SETTINGS", "{not json")
    with pytest.raises(SettingsError) as raised:
        get_settings()
    assert "HITBOARD_LEASE_TTL" in str(raised.value)
    assert "HITBOARD_SCRAPY_SETTINGS: not valid JSON" in str(raised.value)
    monkeypatch.delenv("HITBOARD_LEASE_TTL")
    monkeypatch.setenv("HITBOARD_SCRAPY_SETTINGS", '{"download_timeout": 5}')
    with pytest.raises(SettingsError, match="UPPER_CASE"):
        get_settings()


def test_scrapy_settings_and_scrapyd_nodes_are_parsed(monkeypatch):
    monkeypatch.setenv("HITBOARD_SCRAPY_SETTINGS", '{"DOWNLOAD_TIMEOUT": 5}')
    monkeypatch.setenv("HITBOARD_SCRAPYD_URL", " http://a:6800/ ,, http://u:p@b:6800")
    monkeypatch.setenv("HITBOARD_SCRAPYD_SEND_DB_URL", "0")
    settings = get_settings()
    assert settings.scrapy_settings == {"DOWNLOAD_TIMEOUT": 5}
    assert settings.scrapyd_nodes == ["http://a:6800", "http://u:p@b:6800"]
    assert settings.scrapyd_send_db_url is False
    assert isinstance(settings.home, Path)
