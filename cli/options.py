"""What the `hitboard` commands share: the --db and --sources options, error exits, reading
a sources file."""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from sqlalchemy.exc import SQLAlchemyError

from store.db import StoreUnavailable, store_failure
from store.sources import SourceConfig, SourcesFileError, load_sources

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="SQLAlchemy database URL (beats $HITBOARD_DATABASE_URL)."),
]
SourcesOption = Annotated[
    Path, typer.Option("--sources", help="The sources file (TOML).", show_default=True)
]


def fail(message: str, code: int = 2) -> typer.Exit:
    """Print `error: message` and return the Exit to raise."""
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


@contextmanager
def store_errors(url: str) -> Iterator[None]:
    """A store that cannot be opened or written (read-only, full disk, no such folder) ends
    the command with one line naming the database and the cause, exit 1."""
    try:
        yield
    except (SQLAlchemyError, OSError, StoreUnavailable) as exc:
        raise fail(str(store_failure(url, exc)), code=1) from None


def read_sources(path: Path, only: list[str] | None = None) -> list[SourceConfig]:
    """The file's sources; exits 2 after printing every problem of a bad file."""
    try:
        return load_sources(path, only)
    except SourcesFileError as exc:
        raise sources_file_exit(exc) from None


def sources_file_exit(exc: SourcesFileError) -> typer.Exit:
    """Print every problem of a bad sources file and return the Exit (code 2) to raise."""
    for problem in exc.problems:
        typer.echo(f"error: {problem}", err=True)
    return typer.Exit(2)
