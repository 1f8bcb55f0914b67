"""Where the store lives, how to connect to it, and how to bring it up to date.

One URL names the store: `--db` beats `HITBOARD_DATABASE_URL`, which beats a SQLite file
under `HITBOARD_HOME`. `init_db` migrates any database to the newest schema with Alembic and
loads the reference data, and is safe to run from several processes at once. A store already
at the newest schema is recognised by one query, without importing Alembic (a second of
start-up for every crawl process).
"""

import os
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, Engine, create_engine, event, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session

from core.settings import get_settings

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
SQLITE_BUSY_TIMEOUT_MS = 30_000
# WAL pages a commit may leave before it copies them into the database file (SQLite's
# default is 1,000, 4 MB). A crawl's batch into a large store writes more than that, so at
# the default every commit paid a checkpoint: scattered writes and an fsync of the whole
# file. At 16,384 (64 MB) one checkpoint serves several batches, and a page written by many
# batches (an index's) is copied once. What a process crash keeps is the same: a committed
# batch is in the WAL either way.
SQLITE_WAL_AUTOCHECKPOINT_PAGES = 16_384
# Any constant will do: every hitboard process takes the same PostgreSQL advisory lock.
_PG_MIGRATION_LOCK_KEY = 0x68697462  # "hitb"
# Execution option naming how a SQLite transaction begins (see _sqlite_begin).
_SQLITE_BEGIN = "hitboard_sqlite_begin"
_SQLITE_BEGIN_MODES = {"DEFERRED": "BEGIN", "IMMEDIATE": "BEGIN IMMEDIATE"}

_engines: dict[str, Engine] = {}
_engines_lock = threading.Lock()


def default_database_path() -> Path:
    return get_settings().default_database_path


def resolve_database_url(explicit: str | None = None) -> str:
    """The store's URL: `explicit` (--db), else HITBOARD_DATABASE_URL, else the default file.

    A bare file path is taken as a SQLite file; `postgresql://` and `postgres://` URLs use
    psycopg 3.
    """
    url = (explicit or "").strip()
    if not url:
        settings = get_settings()
        url = (settings.database_url or "").strip()
        if not url:
            return f"sqlite:///{settings.default_database_path}"
    return normalize_url(url)


def normalize_url(url: str) -> str:
    if "://" not in url and not url.startswith("sqlite:"):
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url


def describe_url(url: str) -> str:
    """The URL with any password hidden, for messages and logs."""
    return make_url(normalize_url(url)).render_as_string(hide_password=True)


def get_engine(url: str) -> Engine:
    """One engine per URL per process."""
    url = normalize_url(url)
    with _engines_lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create_engine(url)
            _engines[url] = engine
        return engine


def dispose_engine(url: str) -> None:
    """Close the pooled connections of a URL's engine and forget it (tests drop databases)."""
    with _engines_lock:
        engine = _engines.pop(normalize_url(url), None)
    if engine is not None:
        engine.dispose()


def _create_engine(url: str) -> Engine:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(url, pool_pre_ping=True)

    database = parsed.database or ""
    if database and database != ":memory:" and not database.startswith("file:"):
        Path(database).expanduser().parent.mkdir(parents=True, exist_ok=True)
    options: dict[str, Any] = {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_MS / 1000}}
    if database not in ("", ":memory:") and parsed.query.get("mode") != "memory":
        # A file's pool, last in, first out: a request gets the connection used last, whose
        # page cache and kept keyword matches (store.kept_matches) are warm.
        options["pool_use_lifo"] = True
    engine = create_engine(url, **options)
    event.listen(engine, "connect", _sqlite_on_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_TIMEOUT_MS:d}")
        # WAL: readers (the dashboard) never block the writer (a crawl) and vice versa.
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA wal_autocheckpoint={SQLITE_WAL_AUTOCHECKPOINT_PAGES:d}")
        cursor.execute("PRAGMA foreign_keys=ON")
    finally:
        cursor.close()


def _sqlite_begin(conn: Connection) -> None:
    # A write transaction must take the write lock when it begins: one that reads first and
    # upgrades later fails at once with "database is locked" when another writer got in
    # between, whatever the busy timeout.
    mode = conn.get_execution_options().get(_SQLITE_BEGIN, "DEFERRED")
    conn.exec_driver_sql(_SQLITE_BEGIN_MODES[mode])


@contextmanager
def session_scope(engine: Engine, *, readonly: bool = False) -> Iterator[Session]:
    """A session that commits when the block ends and rolls back when it raises.

    On SQLite a write session takes the write lock when it begins, so concurrent writers
    queue (up to the busy timeout) instead of failing; pass readonly=True for reads.
    """
    bind = engine
    if engine.dialect.name == "sqlite":
        bind = engine.execution_options(**{_SQLITE_BEGIN: "DEFERRED" if readonly else "IMMEDIATE"})
    session = Session(bind=bind, expire_on_commit=False)
    try:
        yield session
        # A read-only session commits too: that ends its read transaction and keeps what it
        # made on its connection's temporary schema (store.kept_matches).
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


def alembic_config(url: str) -> "Config":
    """Alembic's configuration, built in code so it works from an installed package."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    # ConfigParser interpolation treats % specially (URL-encoded passwords).
    config.set_main_option("sqlalchemy.url", normalize_url(url).replace("%", "%%"))
    return config


def head_revision() -> str | None:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config("sqlite://")).get_current_head()


def current_revision(connection: Connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


_REVISION_LINE = re.compile(r'^(down_revision|revision)\b[^=]*=\s*"([^"]*)"', re.MULTILINE)


def newest_revision() -> str | None:
    """The head of the migrations, read from their `revision`/`down_revision` lines.

    The same answer as `head_revision()` (a test holds them together) for the price of reading
    a few small files, not of importing Alembic.
    """
    revisions, parents = set(), set()
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        for name, value in _REVISION_LINE.findall(path.read_text(encoding="utf-8")):
            (revisions if name == "revision" else parents).add(value)
    heads = revisions - parents
    return heads.pop() if len(heads) == 1 else None  # several heads: let Alembic decide


def _stored_revision(connection: Connection) -> str | None:
    try:
        return connection.exec_driver_sql("SELECT version_num FROM alembic_version").scalar()
    except DBAPIError:  # a new database: no version table yet
        return None


def init_db(url: str) -> Engine:
    """Bring the database at `url` to the newest schema and load missing reference data.

    Idempotent. Two processes may run it at once: the work happens under a lock
    (SQLite: the write lock of one transaction; PostgreSQL: an advisory lock), and the second
    finds the work done.
    """
    engine = get_engine(url)
    if _is_ready(engine):
        return engine
    with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            connection = connection.execution_options(**{_SQLITE_BEGIN: "IMMEDIATE"})
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(
                    text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_MIGRATION_LOCK_KEY}
                )
            upgrade(connection, url)
            _load_reference_if_missing(connection)
            _cluster_if_missing(connection)
    return engine


def open_for_reading(url: str) -> Engine:
    """An engine to read the store at `url`: `init_db`'s, else, for a SQLite file this
    process may not write (a read-only file, folder or disk), the file opened read-only.

    A read-only file in a folder that cannot be written is opened as immutable: SQLite
    could not create its WAL index there, and nothing can change the file meanwhile.
    """
    try:
        return init_db(url)
    except OperationalError:
        path = sqlite_path(url)
        if path is None or not path.is_file() or os.access(path, os.W_OK):
            raise
    mode = "mode=ro" if os.access(path.parent, os.W_OK) else "immutable=1"
    engine = create_engine(f"sqlite:///file:{path}?{mode}&uri=true")
    with session_scope(engine, readonly=True) as session:
        if current_revision(session.connection()) != head_revision():
            raise StoreUnavailable(url, "read-only and not at the newest schema; run init")
    return engine


def sqlite_path(url: str) -> Path | None:
    """The file of a SQLite URL (None for other databases and in-memory ones)."""
    parsed = make_url(normalize_url(url))
    database = parsed.database or ""
    if parsed.get_backend_name() != "sqlite" or database in ("", ":memory:"):
        return None
    return Path(database.removeprefix("file:").split("?")[0]).expanduser()


class StoreUnavailable(Exception):
    """The store cannot be opened or written; the message names the database and why."""

    def __init__(self, url: str, cause: str):
        self.url = url
        self.cause = cause
        super().__init__(f"database {describe_url(url)}: {cause}")


# SQLite's "disk I/O error"s of a write the system refused: a full disk gives them when the
# store's WAL index cannot be made, a file size limit for every write. (A full disk refusing
# the WAL's growth is SQLITE_FULL, "database or disk is full", which says so itself.)
SQLITE_WRITE_REFUSED = frozenset(
    f"SQLITE_IOERR_{what}" for what in ("WRITE", "SHMOPEN", "SHMSIZE", "TRUNCATE", "FSYNC")
)


def store_failure(url: str, exc: BaseException) -> StoreUnavailable:
    """What went wrong with the store at `url`, in one line (`exc` is the driver's or the
    system's error)."""
    if isinstance(exc, StoreUnavailable):
        return exc
    if isinstance(exc, DBAPIError) and exc.orig is not None:
        cause = str(exc.orig).strip().splitlines()[0]
        if getattr(exc.orig, "sqlite_errorname", None) in SQLITE_WRITE_REFUSED:
            cause += f" ({exc.orig.sqlite_errorname}: writing to the disk failed; is it full?)"
    elif isinstance(exc, OSError) and exc.filename and Path(exc.filename).is_file():
        cause = f"{exc.filename} is a file, not a folder"
    elif isinstance(exc, OSError):
        cause = (exc.strerror or str(exc)) + (f": {exc.filename}" if exc.filename else "")
    else:
        cause = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    path = sqlite_path(url)
    if path is not None and path.is_file():
        locked = [place for place in (path, path.parent) if not os.access(place, os.W_OK)]
        if locked:
            cause += f" ({' and '.join(map(str, locked))} cannot be written)"
    return StoreUnavailable(url, cause)


def upgrade(connection: Connection, url: str, revision: str = "head") -> None:
    """Run the migrations on `connection`, inside the caller's transaction."""
    from alembic import command

    config = alembic_config(url)
    config.attributes["connection"] = connection
    command.upgrade(config, revision)


def _is_ready(engine: Engine) -> bool:
    """True when the schema is at head, the reference data is loaded and the postings have
    fingerprints (no locks taken)."""
    with session_scope(engine, readonly=True) as session:
        newest = newest_revision()
        if newest is None or _stored_revision(session.connection()) != newest:
            return False
        return _reference_loaded(session) and not _fingerprints_emptied(session.connection())


def _fingerprints_emptied(connection: Connection) -> bool:
    """Postings stored but no fingerprint at all: a migration emptied them for a new
    matcher (also after `alembic upgrade`, which does not cluster), so they are made again.
    Two probes of one row each, cheap at any size."""
    return bool(
        connection.exec_driver_sql(
            "SELECT EXISTS (SELECT 1 FROM postings) AND NOT EXISTS (SELECT 1 FROM posting_matches)"
        ).scalar()
    )


def _reference_loaded(session: Session) -> bool:
    from store.reference import reference_is_loaded

    return reference_is_loaded(session)


def _cluster_if_missing(connection: Connection) -> None:
    """Postings stored before clusters existed (or by an older matcher) are clustered now."""
    from store.clusters.sync import rebuild_clusters, unclustered_postings

    session = Session(bind=connection)
    try:
        if unclustered_postings(session):
            rebuild_clusters(session=session)
            session.flush()
            _refresh_statistics(connection)
    finally:
        session.close()


def _refresh_statistics(connection: Connection) -> None:
    """On an analyzed SQLite store, analyze the postings again once every cluster id is new:
    figures taken while they had none tell the planner that one id is every posting's, and
    it then scans the table for a few clusters' copies rather than look them up."""
    if connection.dialect.name != "sqlite":
        return
    analyzed = connection.exec_driver_sql(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'sqlite_stat1'"
    ).first()
    if analyzed is not None:
        connection.exec_driver_sql("ANALYZE postings")


def _load_reference_if_missing(connection: Connection) -> None:
    from store.reference import load_reference

    session = Session(bind=connection)
    try:
        if not _reference_loaded(session):
            load_reference(session)
            session.flush()
    finally:
        session.close()
