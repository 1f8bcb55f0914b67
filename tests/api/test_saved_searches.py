"""Saved searches in the store and from `hitboard search`, on SQLite and PostgreSQL."""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect
from sqlmodel import SQLModel
from typer.testing import CliRunner

from cli.app import app
from store import saved_searches as saved
from store.db import alembic_config, init_db, session_scope, upgrade
from store.fulltext import include_name
from store.job_search import JobSearch
from store.listing import list_postings
from tests.api.conftest import engine_url, number

CODERS_FL = JobSearch(keyword="coder", states=("FL",), min_pay=50000, sort="pay")


def test_a_saved_search_gives_back_the_search_it_was_saved_from(store):
    with session_scope(store) as session:
        row = saved.save_search(session=session, name="  FL  coders ", search=CODERS_FL)
    with session_scope(store, readonly=True) as session:
        found = saved.get_search(session=session, search_id="FL coders")
        assert found.id == row.id and found.params == CODERS_FL.to_params()
        search = saved.job_search_of(found)
        assert search == CODERS_FL
        page = list_postings(session, search)
    assert [number(r) for r in page.rows] == [5, 1]  # the pay order it was saved with


def test_rename_delete_and_errors_that_name_what_is_wrong(store):
    with session_scope(store) as session:
        first = saved.save_search(session=session, name="one", search=JobSearch())
        saved.save_search(session=session, name="two", search=CODERS_FL)
    with session_scope(store) as session, pytest.raises(saved.SavedSearchError, match="name:"):
        saved.save_search(session=session, name="one", search=JobSearch())
    with session_scope(store) as session, pytest.raises(saved.SavedSearchError, match="already"):
        saved.rename_search(session=session, search_id=first.id, name="two")
    with session_scope(store) as session, pytest.raises(saved.SavedSearchError, match="webhook:"):
        saved.set_digest(session=session, search_id=first.id, webhook="ftp://x", email=None)
    with session_scope(store) as session:
        saved.rename_search(session=session, search_id=first.id, name="everything")
        saved.delete_search(session=session, search_id="two")
    with session_scope(store, readonly=True) as session:
        assert [s.name for s in saved.list_searches(session=session)] == ["everything"]


def test_the_cli_saves_lists_shows_renames_and_deletes(store):
    runner, db = CliRunner(), ["--db", engine_url(store)]
    link = "http://localhost:8501/jobs?q=coder&state=FL&min_pay=50000&sort=pay&page=3"
    result = runner.invoke(app, ["search", "save", "FL coders", link.replace("&page=3", ""),
                                 "--webhook", "http://127.0.0.1:9/hook", *db])  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "saved search 1: FL coders" in result.output
    listed = runner.invoke(app, ["search", "list", *db]).output
    assert "1\tFL coders\tq=coder&state=FL&min_pay=50000&sort=pay" in listed
    shown = runner.invoke(app, ["search", "show", "1", *db]).output
    assert "webhook: http://127.0.0.1:9/hook" in shown and "last digest: never" in shown
    assert runner.invoke(app, ["search", "rename", "1", "Coders", *db]).exit_code == 0
    bad = runner.invoke(app, ["search", "save", "x", "state=Florida&min_pay=lots", *db])
    assert bad.exit_code == 2
    assert "state:" in bad.output and "min_pay:" in bad.output
    missing = runner.invoke(app, ["search", "show", "nope", *db])
    assert missing.exit_code == 2 and "no saved search 'nope'" in missing.output
    assert runner.invoke(app, ["search", "delete", "Coders", *db]).exit_code == 0
    assert "no saved searches" in runner.invoke(app, ["search", "list", *db]).output


def test_the_migration_makes_exactly_the_models_and_undoes_cleanly(db_url):
    engine = init_db(db_url)
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        assert compare_metadata(context, SQLModel.metadata) == []
    with engine.connect() as connection, connection.begin():
        upgrade_to(connection, db_url, "0005")
    assert not {"saved_searches", "digest_sent"} & set(inspect(engine).get_table_names())
    with engine.connect() as connection, connection.begin():
        upgrade_to(connection, db_url, "head")
    assert {"saved_searches", "digest_sent"} <= set(inspect(engine).get_table_names())


def upgrade_to(connection, url: str, revision: str) -> None:
    if revision == "head":
        upgrade(connection, url)
        return
    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.downgrade(config, revision)
