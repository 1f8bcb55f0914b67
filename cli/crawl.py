"""`hitboard crawl`: crawl sources now, side by side, one process each."""

from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Annotated

import typer

from cli.options import DbOption, SourcesOption, fail, read_sources, store_errors
from core.settings import get_settings
from core.vocabulary import RunTrigger
from store.db import init_db, resolve_database_url, session_scope
from store.sources import save_sources


def crawl(
    sources: SourcesOption = Path("sources.toml"),
    only: Annotated[
        list[str] | None, typer.Option("--only", help="Crawl only this source (repeatable).")
    ] = None,
    db: DbOption = None,
    jobs: Annotated[int, typer.Option(help="Sources crawled at the same time.")] = 2,
) -> None:
    """Crawl now. Exit 0 when every source finished, 1 when any failed."""
    configs = read_sources(sources, only)
    # A disabled source runs only when asked for by name.
    configs = [c for c in configs if c.enabled or (only and c.name in only)]
    if not configs:
        raise fail(f"{sources}: no enabled sources to crawl")

    url = resolve_database_url(db)
    with store_errors(url):
        with session_scope(init_db(url)) as session:
            save_sources(session=session, sources=configs)
        # The store may fill or turn read-only during the crawl (each run's lease and record).
        outcomes = crawl_all(configs, db_url=url, jobs=jobs)
    for outcome in outcomes:
        line = (
            f"{outcome.source:<28} {outcome.status:<11} seen {outcome.seen:>5}  "
            f"new {outcome.new:>5}  updated {outcome.updated:>5}  closed {outcome.closed:>4}  "
            f"errors {outcome.error_count}"
        )
        typer.echo(line + (f"  ({outcome.note})" if outcome.note else ""))
    if not all(outcome.ok for outcome in outcomes):
        raise typer.Exit(1)


def crawl_all(
    configs, *, db_url: str, jobs: int = 2, trigger: str = RunTrigger.MANUAL, settings=None
):
    """Crawl sources side by side, one process each; one failure never stops the others."""
    from scheduler.runners import run_local_crawl

    log_dir = get_settings().log_dir
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(
            pool.map(
                lambda config: run_local_crawl(
                    config, db_url=db_url, trigger=trigger, log_dir=log_dir, settings=settings
                ),
                configs,
            )
        )
