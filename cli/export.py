"""`hitboard export`: every stored posting as JSON lines or CSV."""

import sys
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from cli.options import DbOption, fail, store_errors
from store.db import open_for_reading, resolve_database_url, session_scope


def export(
    format: Annotated[str, typer.Option("--format", help="jsonl or csv.")] = "jsonl",
    db: DbOption = None,
    out: Annotated[Path | None, typer.Option("--out", help="File to write (else stdout).")] = None,
    open_only: Annotated[bool, typer.Option("--open-only", help="Only open postings.")] = False,
) -> None:
    """Every stored posting, one record each."""
    from store.export import WRITERS, export_records

    if format not in WRITERS:
        raise fail(f"--format must be one of {', '.join(WRITERS)}, not {format!r}")
    url = resolve_database_url(db)
    with store_errors(url):
        engine = open_for_reading(url)
    target = open(out, "w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)  # noqa: SIM115
    with target as stream, store_errors(url), session_scope(engine, readonly=True) as session:
        WRITERS[format](export_records(session=session, open_only=open_only), stream)
