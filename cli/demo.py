"""`hitboard demo`: crawl a synthetic sample served on 127.0.0.1, then show it."""

from typing import Annotated

import typer

from cli.crawl import crawl_all
from cli.dashboard import serve_dashboard
from cli.options import DbOption, fail
from core.vocabulary import RunTrigger
from store.db import init_db, resolve_database_url, session_scope
from store.sources import save_sources


def demo(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Dashboard port.")] = 8501,
    no_dashboard: Annotated[
        bool, typer.Option("--no-dashboard", help="Crawl the sample and stop.")
    ] = False,
) -> None:
    """Crawl a synthetic sample served on 127.0.0.1 into the database, then show it."""
    from demo.run import run_demo

    url = resolve_database_url(db)
    engine = init_db(url)
    # The sample's server stays up while the dashboard runs: postings link to its pages.
    with run_demo() as sample:
        with session_scope(engine) as session:
            save_sources(session=session, sources=sample.sources)
        outcomes = crawl_all(
            sample.sources,
            db_url=url,
            jobs=2,
            trigger=RunTrigger.DEMO,
            settings=sample.crawl_settings,
        )
        for outcome in outcomes:
            typer.echo(f"{outcome.source:<28} {outcome.status:<10} {outcome.seen} postings")
        if not all(outcome.ok for outcome in outcomes):
            raise fail("the demo crawl failed; see the runs above", code=1)
        typer.echo("Demo sample loaded: synthetic postings, not real jobs.")
        if not no_dashboard:
            raise typer.Exit(serve_dashboard(url, port))
