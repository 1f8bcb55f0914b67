"""Database fixtures shared by every test area.

- `sqlite_url`: a fresh SQLite file under the test's tmp_path.
- `postgres_server` (session): a real PostgreSQL started in a temp dir for this test session.
- `postgres_url`: a fresh, empty database on that server for one test.
- `db_url`: runs a test on both ("sqlite" and "postgres").

None of them migrate: call `store.db.init_db(url)` (or use `db_engine`) for a ready store.
Without PostgreSQL binaries the postgres tests skip, except under CI=true, where they fail.
"""

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import Engine

from demo.server import free_port

PG_USER = "postgres"

# CI draws the same examples on every run, so a result there can be reproduced; a local run
# keeps drawing new ones and may find what CI does not.
hypothesis_settings.register_profile("ci", derandomize=True)
if os.environ.get("CI") == "true":
    hypothesis_settings.load_profile("ci")


@dataclass(frozen=True)
class PostgresServer:
    host: str
    port: int
    user: str

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{self.user}@{self.host}:{self.port}/{database}"

    def admin_conninfo(self) -> str:
        return f"host={self.host} port={self.port} user={self.user} dbname=postgres"


def _find_pg_bin() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's layout (newest)."""
    found = shutil.which("pg_ctl")
    if found and shutil.which("initdb"):
        return Path(found).resolve().parent
    candidates = glob.glob("/usr/lib/postgresql/*/bin/pg_ctl")
    candidates.sort(key=lambda p: int(Path(p).parent.parent.name), reverse=True)
    for pg_ctl in candidates:
        folder = Path(pg_ctl).parent
        if (folder / "initdb").exists():
            return folder
    return None


def _as_pg_user(args: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; as another user, run it as ourselves.
    if os.geteuid() == 0:
        return ["runuser", "-u", PG_USER, "--", *args]
    return args


def _unavailable(reason: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"PostgreSQL is required under CI=true: {reason}")
    pytest.skip(f"PostgreSQL tests skipped: {reason}")


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    pg_bin = _find_pg_bin()
    if pg_bin is None:
        _unavailable("no initdb/pg_ctl in PATH or /usr/lib/postgresql/*/bin")
    if os.geteuid() == 0 and shutil.which("runuser") is None:
        _unavailable("running as root without runuser to switch to the postgres user")

    workdir = Path(tempfile.mkdtemp(prefix="hitboard-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, user=PG_USER)
    datadir = workdir / "data"
    logfile = workdir / "server.log"
    init = subprocess.run(
        _as_pg_user(
            [str(pg_bin / "initdb"), "-D", str(datadir), "-A", "trust", "-U", PG_USER, "-E", "UTF8"]
        ),
        capture_output=True,
        text=True,
    )
    if init.returncode != 0:
        shutil.rmtree(workdir, ignore_errors=True)
        _unavailable(f"initdb failed: {init.stderr.strip() or init.stdout.strip()}")

    port = None
    for _attempt in range(3):  # another process may take the free port first
        candidate = free_port()
        options = (
            f"-p {candidate} -k {workdir} -c listen_addresses=127.0.0.1 "
            # A throwaway server: durability only costs time here.
            "-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        )
        pg_ctl = [str(pg_bin / "pg_ctl"), "-D", str(datadir), "-l", str(logfile)]
        start = subprocess.run(
            _as_pg_user([*pg_ctl, "-o", options, "-w", "-t", "60", "start"]),
            capture_output=True,
            text=True,
        )
        if start.returncode == 0:
            port = candidate
            break
    if port is None:
        log = logfile.read_text(errors="replace")[-2000:] if logfile.exists() else ""
        shutil.rmtree(workdir, ignore_errors=True)
        _unavailable(f"pg_ctl start failed: {start.stderr.strip()}\n{log}")

    try:
        yield PostgresServer(host="127.0.0.1", port=port, user=PG_USER)
    finally:
        subprocess.run(
            _as_pg_user([str(pg_bin / "pg_ctl"), "-D", str(datadir), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(workdir, ignore_errors=True)


@contextmanager
def _postgres_database(server: PostgresServer, template: str | None = None) -> Iterator[str]:
    """A new database on `server` (a copy of `template` when given), dropped afterwards."""
    import psycopg
    from psycopg import sql

    from store.db import dispose_engine

    name = f"test_{uuid.uuid4().hex[:16]}"
    create = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
    if template:
        create = sql.SQL("{} TEMPLATE {}").format(create, sql.Identifier(template))
    with psycopg.connect(server.admin_conninfo(), autocommit=True) as conn:
        conn.execute(create)
    url = server.url(name)
    try:
        yield url
    finally:
        dispose_engine(url)
        with psycopg.connect(server.admin_conninfo(), autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """A fresh, empty database (no tables) for one test."""
    with _postgres_database(postgres_server) as url:
        yield url


@pytest.fixture(scope="session")
def _postgres_migrated_template(postgres_server: PostgresServer) -> str:
    """A database at head with reference data, migrated once; tests get copies of it."""
    import psycopg
    from psycopg import sql

    from store.db import dispose_engine, init_db

    name = f"hitboard_template_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(postgres_server.admin_conninfo(), autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    init_db(postgres_server.url(name))
    dispose_engine(postgres_server.url(name))  # a template must have no open connections
    return name


@pytest.fixture
def sqlite_url(tmp_path: Path) -> Iterator[str]:
    from store.db import dispose_engine

    url = f"sqlite:///{tmp_path / 'hitboard.db'}"
    try:
        yield url
    finally:
        dispose_engine(url)


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request: pytest.FixtureRequest) -> str:
    """A fresh, empty database URL; the test runs once on SQLite and once on PostgreSQL."""
    return request.getfixturevalue(f"{request.param}_url")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_engine(request: pytest.FixtureRequest) -> Iterator[Engine]:
    """A store at head with reference data; the test runs on SQLite and on PostgreSQL."""
    from store.db import init_db

    if request.param == "sqlite":
        yield init_db(request.getfixturevalue("sqlite_url"))
        return
    server = request.getfixturevalue("postgres_server")
    template = request.getfixturevalue("_postgres_migrated_template")
    with _postgres_database(server, template=template) as url:
        yield init_db(url)  # finds the copy ready: no migration work


@pytest.fixture(autouse=True)
def _isolated_hitboard_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> None:
    """No test touches the user's real store: the default database lives in a temp folder."""
    monkeypatch.setenv("HITBOARD_HOME", str(tmp_path_factory.mktemp("hitboard-home")))
    monkeypatch.delenv("HITBOARD_DATABASE_URL", raising=False)
