"""The migrations own the schema: any database reaches the models' schema by one path."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel, select

import store.models  # noqa: F401
from store.db import (
    alembic_config,
    current_revision,
    get_engine,
    head_revision,
    init_db,
    newest_revision,
    session_scope,
    upgrade,
)
from store.fulltext import include_name
from store.job_search import JobSearch
from store.listing import get_posting, list_postings
from store.models import Credential, SalaryBenchmark
from store.postings import upsert_postings
from tests.store.records import T0, insert_as_stored, posting

ROOT = Path(__file__).resolve().parents[2]
TABLES = {"sources", "postings", "scrape_runs", "salary_benchmarks", "projections", "credentials"}


def _schema_diff(engine) -> list:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": include_name}
        )
        return compare_metadata(context, SQLModel.metadata)


def test_empty_database_migrates_to_exactly_the_models(db_url):
    engine = init_db(db_url)
    assert set(inspect(engine).get_table_names()) >= TABLES
    assert _schema_diff(engine) == []
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()


def test_the_cheap_head_is_alembics_head():
    assert newest_revision() == head_revision() is not None


def test_a_store_one_migration_behind_is_migrated_not_taken_as_current(sqlite_url):
    engine = get_engine(sqlite_url)
    with engine.begin() as connection:
        upgrade(connection, sqlite_url, "head")
        config = alembic_config(sqlite_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "-1")
        assert current_revision(connection) != head_revision()
    init_db(sqlite_url)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    assert _schema_diff(engine) == []


def test_database_at_base_reaches_head_by_the_same_path(db_url):
    engine = get_engine(db_url)
    with engine.begin() as connection:
        upgrade(connection, db_url, "base")  # an old store: no tables yet, version table only
    with engine.connect() as connection:
        assert current_revision(connection) is None
    init_db(db_url)
    assert _schema_diff(engine) == []


def test_init_db_is_idempotent(db_url):
    engine = init_db(db_url)
    with session_scope(engine) as session:
        first = len(session.exec(select(SalaryBenchmark)).all())
    assert first > 0
    assert init_db(db_url) is engine
    with session_scope(engine, readonly=True) as session:
        assert len(session.exec(select(SalaryBenchmark)).all()) == first
        assert session.get(Credential, "RHIT") is not None


def test_two_processes_initialise_one_database_at_once(db_url, tmp_path):
    # Each process signs in, then waits for the other, so both call init_db together.
    script = textwrap.dedent(
        """
        import sys, time
        from pathlib import Path
        from store.db import init_db
        url, folder, me = sys.argv[1], Path(sys.argv[2]), sys.argv[3]
        (folder / me).touch()
        deadline = time.monotonic() + 30
        while len(list(folder.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.005)
        init_db(url)
        """
    )
    barrier = tmp_path / "barrier"
    barrier.mkdir()
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, db_url, str(barrier), str(number)],
            stderr=subprocess.PIPE,
            text=True,
        )
        for number in range(2)
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=60)
        assert process.returncode == 0, stderr
    engine = get_engine(db_url)
    assert _schema_diff(engine) == []
    with session_scope(engine, readonly=True) as session:
        codes = session.exec(select(Credential.code)).all()
    assert len(codes) == len(set(codes)) > 0


# Content hashes the single-table store (revision 0004) wrote for these records, as
# main's store.postings.content_hash computed them. The split into postings and posting_texts
# must leave them valid, or the first crawl after the migration would rewrite every posting.
STORED_AT_0004 = {
    "job-1": ({}, "395469b02b50b649965c932abf900656c80641479a75e61f0ebcb831ad1595f0"),
    "job-2": (
        {"description_text": None, "description_html": None, "certifications": [], "facets": {}},
        "70827dd2c6f9f721f6c642e57c131d0cbaae09568c18505c283b3f498bc8088d",
    ),
}
# What that store's writer derived for them: no places or field sources found.
DERIVED_AT_0004 = {"locations": [], "states": [], "salary_source": None, "state_source": None,
                   "remote_source": None, "education_source": None}  # fmt: skip


def _store_at_0004(db_url) -> list[dict]:
    """A store at revision 0004 (the last with one postings table) holding two postings."""
    engine = get_engine(db_url)
    records = []
    rows = []
    for external_id, (changes, stored_hash) in STORED_AT_0004.items():
        record = posting(int(external_id.removeprefix("job-")), **changes)
        records.append(record)
        stamps = {"first_seen_at": T0, "last_seen_at": T0, "last_run_id": 1}
        rows.append({**record, **DERIVED_AT_0004, **stamps, "content_hash": stored_hash})
    with engine.begin() as connection:
        upgrade(connection, db_url, "0004")
        insert_as_stored(connection, rows)
    return records


def test_an_existing_store_keeps_every_posting_through_the_migration(db_url):
    records = _store_at_0004(db_url)
    engine = init_db(db_url)
    assert _schema_diff(engine) == []
    with session_scope(engine, readonly=True) as session:
        rows = {r["external_id"]: r for r in list_postings(session, JobSearch(), now=T0).rows}
        assert set(rows) == {"job-1", "job-2"}
        first = get_posting(session, rows["job-1"]["id"])
        assert first["description_text"] == records[0]["description_text"]
        assert first["description_html"] == records[0]["description_html"]
        assert first["listed_at"] == records[0]["posted_at"]
        assert first["salary_annual_top"] == 50960
        assert get_posting(session, rows["job-2"]["id"])["description_text"] is None

        def found(**filters) -> list[str]:
            page = list_postings(session, JobSearch(**filters), now=T0)
            return [row["external_id"] for row in page.rows]

        assert found(keyword="inpatient") == ["job-1"]  # the description was indexed
        assert sorted(found(keyword="specialist")) == ["job-1", "job-2"]
        assert found(credentials=("RHIT",)) == ["job-1"]  # tags from the JSON lists
        assert found(ehr=("Epic",)) == ["job-1"]
    with session_scope(engine) as session:
        counts = upsert_postings(session=session, records=records, seen_at=T0, run_id=2)
    assert (counts.new, counts.updated, counts.unchanged) == (0, 0, 2)


def test_the_migration_can_be_undone_without_losing_descriptions(db_url):
    records = _store_at_0004(db_url)
    engine = init_db(db_url)
    with engine.begin() as connection:
        config = alembic_config(db_url)
        config.attributes["connection"] = connection
        command.downgrade(config, "0004")
    with engine.connect() as connection:
        assert current_revision(connection) == "0004"
        stored = dict(
            connection.execute(
                text("SELECT external_id, description_text FROM postings ORDER BY external_id")
            ).all()
        )
        assert "posting_texts" not in inspect(connection).get_table_names()
    assert stored == {"job-1": records[0]["description_text"], "job-2": None}


def _alembic(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Alembic's own CLI, run from the checkout (alembic.ini at its root)."""
    return subprocess.run(
        [sys.executable, "-m", "alembic", *args],
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_alembic_cli_upgrades_a_fresh_store_and_autogenerate_finds_no_drift(db_url):
    upgraded = _alembic("-x", f"db={db_url}", "upgrade", "head")
    assert upgraded.returncode == 0, upgraded.stderr
    engine = get_engine(db_url)
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    # `alembic check` runs autogenerate against the models: nothing to add, drop or alter.
    checked = _alembic("-x", f"db={db_url}", "check")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "No new upgrade operations detected" in checked.stdout + checked.stderr
    assert init_db(db_url) is engine  # hitboard takes the store as it is


def test_alembic_cli_finds_the_store_as_hitboard_does(tmp_path, monkeypatch):
    home = tmp_path / "home"
    monkeypatch.setenv("HITBOARD_HOME", str(home))
    # No -x db, no HITBOARD_DATABASE_URL: the default SQLite file under HITBOARD_HOME.
    upgraded = _alembic("upgrade", "head")
    assert upgraded.returncode == 0, upgraded.stderr
    assert (home / "hitboard.db").exists()
    # HITBOARD_DATABASE_URL beats the default file, and `-x db` beats both.
    other = tmp_path / "other.db"
    current = _alembic("current", env={"HITBOARD_DATABASE_URL": f"sqlite:///{other}"})
    assert current.returncode == 0 and f"{head_revision()} (head)" not in current.stdout
    explicit = _alembic("-x", f"db={home / 'hitboard.db'}", "current")
    assert f"{head_revision()} (head)" in explicit.stdout, explicit.stderr
    history = _alembic("history")
    assert "<base> -> 0001" in history.stdout and f"-> {head_revision()} (head)" in history.stdout


def test_postings_stored_before_field_sources_keep_their_rows(db_url):
    """0003 adds locations, states and the four *_source columns to postings already stored."""
    engine = get_engine(db_url)
    with engine.begin() as connection:
        upgrade(connection, db_url, "0002")
        connection.exec_driver_sql(
            "INSERT INTO postings (source, source_kind, external_id, url, title, "
            "salary_estimated, certifications, credential_requirements, relevant, facets, "
            "first_seen_at, last_seen_at, content_hash) VALUES ('old', 'lever', '1', "
            "'https://example.org/1', 'Coder', false, '[]', '{}', true, '{}', "
            "'2026-11-01T00:00:00+00:00', '2026-11-01T00:00:00+00:00', 'x')"
        )
    init_db(db_url)
    with engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT title, locations, states, salary_source, state_source, remote_source, "
            "education_source FROM postings"
        ).one()
    assert row[0] == "Coder"
    # SQLite hands JSON back as text, PostgreSQL as lists
    locations, states = (v if isinstance(v, list) else json.loads(v) for v in row[1:3])
    assert (locations, states) == ([], [])
    assert row[3:] == (None, None, None, None)
    assert _schema_diff(engine) == []
