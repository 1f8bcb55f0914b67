"""Alembic environment: runs on the connection store.db hands it, or connects by URL.

`hitboard` (store.db.init_db) passes its own connection. Alembic's own CLI (alembic.ini at
the root of a checkout) finds the database as `hitboard` does: `-x db=URL`, else
HITBOARD_DATABASE_URL, else the default SQLite file.
"""

from logging.config import fileConfig

from alembic import context
from sqlmodel import SQLModel

import store.models  # noqa: F401  (registers every table on SQLModel.metadata)
from store.db import get_engine, resolve_database_url
from store.fulltext import include_name

config = context.config
target_metadata = SQLModel.metadata


def _url() -> str:
    explicit = context.get_x_argument(as_dictionary=True).get("db")
    return resolve_database_url(explicit or config.get_main_option("sqlalchemy.url"))


def _configure(**kwargs: object) -> None:
    context.configure(
        target_metadata=target_metadata,
        compare_type=True,
        include_name=include_name,
        # SQLite cannot ALTER most things; batch mode rebuilds the table instead.
        render_as_batch=True,
        **kwargs,
    )


def run_offline() -> None:
    _configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()


def run_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        # store.db.init_db: the caller owns the connection, its transaction and its lock.
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()
        return
    with get_engine(_url()).connect() as connection:
        _configure(connection=connection)
        with context.begin_transaction():
            context.run_migrations()


if config.config_file_name is not None:  # the CLI's alembic.ini: its logging sections
    fileConfig(config.config_file_name)
if context.is_offline_mode():
    run_offline()
else:
    run_online()
