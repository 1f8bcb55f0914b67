"""A store on a disk that refuses to grow: `init` and `crawl` end in one line naming the
database and the cause, exit 1, and nothing stored is lost.

The disk is made full for the `hitboard` process alone, without mounting anything: a file
size limit (RLIMIT_FSIZE, its signal ignored) makes the kernel refuse every write past a
size, as a full disk refuses every write that needs a new block. SQLite then fails the
write as it would on a full disk. The dashboard (a reader the test keeps open) holds the
store's WAL index open, as it does in use.
"""

import resource
import signal
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import pytest

from store.db import init_db, session_scope
from store.postings import upsert_postings
from store.sources import SourceConfig, save_sources
from tests.cli.boards import exported, hitboard, hitboard_env, sources_toml
from tests.store.records import T0, posting

SOURCE = {"name": "acme", "kind": "greenhouse", "url": "http://127.0.0.1:9/v1/boards/acme"}


def disk_full_past(size: int) -> Callable[[], None]:
    """A subprocess's preexec_fn: no file it writes may grow past `size` bytes."""

    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # refused writes fail; no kill
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


@contextmanager
def dashboard_open(db_path: Path, is_open: bool = True) -> Iterator[None]:
    """A reader on the store, as the dashboard is: its WAL index file stays in place. Without
    one, `hitboard` must make that file, which a full disk refuses too."""
    if not is_open:
        yield
        return
    with closing(sqlite3.connect(db_path)) as reader:
        reader.execute("SELECT count(*) FROM postings").fetchone()
        yield


def _stored_store(db_path: Path) -> str:
    url = f"sqlite:///{db_path}"
    engine = init_db(url)
    with session_scope(engine) as session:
        upsert_postings(session=session, records=[posting(1), posting(2)], seen_at=T0, run_id=1)
    engine.dispose()
    return url


def _one_line_exit_1(result, db_path: Path) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert result.stderr.count("\n") == 1, result.stderr  # one line, no traceback
    line = result.stderr.strip()
    assert line.startswith(f"error: database sqlite:///{db_path}: disk I/O error"), line
    assert "writing to the disk failed; is it full?" in line, line


def _room_for_the_sources_row(tmp_path: Path) -> int:
    """How large the WAL of a store like this grows when `crawl` saves its source: a disk
    with exactly that much room takes the source and refuses the crawl's next write."""
    trial = tmp_path / "trial" / "hitboard.db"
    trial.parent.mkdir()
    url = _stored_store(trial)
    with dashboard_open(trial):
        engine = init_db(url)
        with session_scope(engine) as session:
            save_sources(session=session, sources=[SourceConfig.model_validate(SOURCE)])
        size = Path(f"{trial}-wal").stat().st_size
        engine.dispose()
    return size


def test_init_on_a_full_disk_gets_one_line_and_a_ready_store_needs_no_room(tmp_path):
    db_path = tmp_path / "hitboard.db"
    url = _stored_store(db_path)
    new_path = tmp_path / "new.db"
    env = hitboard_env(tmp_path, PYTHONDONTWRITEBYTECODE="1")
    with dashboard_open(db_path):
        new = hitboard(
            "init", "--db", f"sqlite:///{new_path}", env=env, preexec_fn=disk_full_past(1)
        )
        ready = hitboard("init", "--db", url, env=env, preexec_fn=disk_full_past(1))
    _one_line_exit_1(new, new_path)
    assert ready.returncode == 0, ready.stderr
    assert ready.stdout.strip() == f"database ready: {url}"


STORED = {("acme-health", "job-1"), ("acme-health", "job-2")}


def _crawl_on_a_full_disk(tmp_path: Path, room: int, *, reader: bool = True):
    """`hitboard crawl` of SOURCE into a store of two postings, on a disk where no file may
    grow past `room` bytes: one line, exit 1, both postings kept. The store's path."""
    db_path = tmp_path / "hitboard.db"
    url = _stored_store(db_path)
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml([SOURCE]))
    env = hitboard_env(tmp_path, PYTHONDONTWRITEBYTECODE="1")
    args = ("crawl", "--sources", str(sources), "--db", url)
    with dashboard_open(db_path, reader):
        result = hitboard(*args, env=env, preexec_fn=disk_full_past(room))
    _one_line_exit_1(result, db_path)
    assert set(exported(url, env)) == STORED
    return db_path


@pytest.mark.parametrize("reader", [True, False], ids=["dashboard-open", "alone"])
def test_crawl_on_a_full_disk_gets_one_line_and_loses_nothing(tmp_path, reader):
    _crawl_on_a_full_disk(tmp_path, 1, reader=reader)


def test_a_disk_that_fills_during_the_crawl_gets_one_line_and_loses_nothing(tmp_path):
    db_path = _crawl_on_a_full_disk(tmp_path, _room_for_the_sources_row(tmp_path))
    # The source was saved before the disk filled; the crawl's run was not.
    with closing(sqlite3.connect(db_path)) as connection:
        assert connection.execute("SELECT name FROM sources").fetchall() == [("acme",)]
        assert connection.execute("SELECT count(*) FROM scrape_runs").fetchone() == (0,)
