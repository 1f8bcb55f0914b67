"""`hitboard init` and `hitboard info`: the store itself."""

import typer

from cli.options import DbOption, store_errors
from store.db import (
    default_database_path,
    describe_url,
    init_db,
    open_for_reading,
    resolve_database_url,
    session_scope,
)


def init(db: DbOption = None) -> None:
    """Create or migrate the database and load the reference data."""
    url = resolve_database_url(db)
    with store_errors(url):
        init_db(url)
    typer.echo(f"database ready: {describe_url(url)}")


def info(db: DbOption = None) -> None:
    """Where the data lives and how much there is."""
    from store.summary import store_counts

    url = resolve_database_url(db)
    typer.echo(f"database: {describe_url(url)}")
    typer.echo(f"default SQLite file: {default_database_path()}")
    with store_errors(url), session_scope(open_for_reading(url), readonly=True) as session:
        counts = store_counts(session=session)
    typer.echo(f"postings: {counts.postings} ({counts.open} open); runs recorded: {counts.runs}")
