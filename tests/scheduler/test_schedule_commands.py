"""`hitboard schedule ...`: schedules as rows of the store, and what the sources file sets."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.app import app
from store import schedules as plan
from store.db import init_db, session_scope
from store.sources import SourceConfig
from tests.scheduler.boards import source_entry, write_sources

runner = CliRunner()


@pytest.fixture
def sources_file(tmp_path):
    return write_sources(
        tmp_path / "sources.toml",
        [
            source_entry("acme", "http://127.0.0.1:9/v1/boards/acme", schedule="0 */6 * * *"),
            source_entry("beta", "http://127.0.0.1:9/v1/boards/beta"),
        ],
    )


def hitboard(*args: str):
    return runner.invoke(app, list(args))


def _rows(url):
    with session_scope(init_db(url), readonly=True) as session:
        return {
            row.source: (row.cron, row.paused, row.origin)
            for row in plan.list_schedules(session=session)
        }


def test_add_pause_resume_remove(db_url, sources_file):
    added = hitboard(
        "schedule", "add", "beta", "*/5 * * * *", "--db", db_url, "--sources", str(sources_file)
    )
    assert added.exit_code == 0, added.output
    assert _rows(db_url) == {
        "acme": ("0 */6 * * *", False, "file"),
        "beta": ("*/5 * * * *", False, "operator"),
    }
    assert hitboard("schedule", "pause", "beta", "--db", db_url).exit_code == 0
    assert _rows(db_url)["beta"][1] is True
    assert hitboard("schedule", "resume", "beta", "--db", db_url).exit_code == 0
    assert _rows(db_url)["beta"][1] is False
    listed = hitboard("schedule", "list", "--db", db_url)
    assert listed.exit_code == 0
    assert "beta" in listed.output and "*/5 * * * *" in listed.output and "active" in listed.output
    assert "no scheduler is running" in listed.output
    assert hitboard("schedule", "remove", "beta", "--db", db_url).exit_code == 0
    assert set(_rows(db_url)) == {"acme"}


def test_mistakes_are_refused_with_the_reason(sqlite_url, sources_file):
    helped = hitboard("schedule", "list", "--db", sqlite_url, "--help")
    # --help wins wherever it stands: the help, and the command does not run.
    assert helped.exit_code == 0 and "Every schedule: source, cron, state" in helped.output
    assert "no schedules" not in helped.output
    assert not Path(sqlite_url.removeprefix("sqlite:///")).exists()  # no store was opened
    bad_cron = hitboard(
        "schedule", "add", "acme", "61 * * * *", "--db", sqlite_url, "--sources", str(sources_file)
    )
    assert bad_cron.exit_code == 2 and "bad cron expression '61 * * * *'" in bad_cron.output
    unknown = hitboard("schedule", "add", "nope", "* * * * *", "--db", sqlite_url)
    assert unknown.exit_code == 2 and "no source named 'nope'" in unknown.output
    assert "acme" in unknown.output  # it names the sources it knows
    unscheduled = hitboard("schedule", "pause", "beta", "--db", sqlite_url)
    assert unscheduled.exit_code == 2 and "'beta' has no schedule" in unscheduled.output


def test_the_sources_file_sets_schedules_but_an_operator_wins(sqlite_url):
    def sync(*configs):
        with session_scope(init_db(sqlite_url)) as session:
            return plan.sync_sources_file(session=session, sources=list(configs))

    url = "http://127.0.0.1:9/b"
    first = sync(
        SourceConfig(name="a", kind="greenhouse", url=url, schedule="0 * * * *"),
        SourceConfig(name="b", kind="greenhouse", url=url, schedule="0 1 * * *"),
    )
    assert sorted(first.added) == ["a", "b"]
    with session_scope(init_db(sqlite_url)) as session:
        plan.add_schedule(session=session, source="b", cron="30 2 * * *")  # the operator's
        plan.set_paused(session=session, source="a", paused=True)
    second = sync(
        SourceConfig(name="a", kind="greenhouse", url=url, schedule="15 * * * *"),
        SourceConfig(name="b", kind="greenhouse", url=url, schedule="0 3 * * *"),
    )
    assert second.changed == ["a"] and second.added == []
    assert _rows(sqlite_url) == {
        "a": ("15 * * * *", True, "file"),  # the new cron keeps the pause
        "b": ("30 2 * * *", False, "operator"),
    }
    third = sync(SourceConfig(name="a", kind="greenhouse", url=url))
    assert third.removed == ["a"]
    assert set(_rows(sqlite_url)) == {"b"}
