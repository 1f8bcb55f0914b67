"""`hitboard scheduler`: run the scheduler service in this process until stopped."""

import logging
from pathlib import Path
from typing import Annotated

import typer

from cli.options import DbOption, fail, sources_file_exit
from scheduler.leased import DEFAULT_TIMEOUT
from store.db import resolve_database_url
from store.sources import SourcesFileError


def run_scheduler(
    db: DbOption = None,
    sources: Annotated[
        Path | None,
        typer.Option("--sources", help="Sources file to follow (imported now and on change)."),
    ] = None,
    reconcile: Annotated[
        float, typer.Option(help="Seconds between checks of the schedules table.")
    ] = 2.0,
    timeout: Annotated[
        float, typer.Option(help="Seconds a crawl may run before it is stopped.")
    ] = DEFAULT_TIMEOUT,
    misfire_grace: Annotated[
        int, typer.Option(help="Seconds late a crawl may still start (after downtime).")
    ] = 15 * 60,  # service.DEFAULT_MISFIRE_GRACE; that module loads APScheduler
    max_crawls: Annotated[int, typer.Option(help="Crawls at the same time.")] = 4,
    setting: Annotated[
        list[str] | None,
        typer.Option("--setting", "-s", help="Scrapy setting for every crawl, NAME=VALUE."),
    ] = None,
    standby: Annotated[
        bool, typer.Option("--standby", help="If another scheduler runs, wait to take over.")
    ] = False,
) -> None:
    """Run the scheduler service (APScheduler, UTC) until stopped (Ctrl-C / SIGTERM).

    Crawls go to Scrapyd nodes when $HITBOARD_SCRAPYD_URL is set, else run as local
    processes. One scheduler per database: a second one refuses to start (or --standby).
    """
    from scheduler.service import ServiceRefused, serve

    logging.basicConfig(
        level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )
    for noisy in ("apscheduler", "alembic"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    settings = {}
    for item in setting or []:
        name, sep, value = item.partition("=")
        if not sep:
            raise fail(f"--setting {item!r}: expected NAME=VALUE")
        settings[name] = value
    url = resolve_database_url(db)
    try:
        serve(
            url,
            standby=standby,
            sources_file=sources,
            reconcile_seconds=reconcile,
            timeout=timeout,
            misfire_grace=misfire_grace,
            max_crawls=max_crawls,
            settings=settings,
        )
    except ServiceRefused as exc:
        raise fail(str(exc), code=1) from None
    except SourcesFileError as exc:
        raise sources_file_exit(exc) from None
