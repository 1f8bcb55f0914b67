"""The `hitboard` command."""

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from pathlib import Path
from typing import Annotated

import typer

from scheduler.options import DbOption, fail, read_sources
from store.db import (
    default_database_path,
    describe_url,
    init_db,
    resolve_database_url,
    session_scope,
)
from store.sources import check_sources, save_sources

app = typer.Typer(
    help=(
        "hitboard: health-information job postings beside salary benchmarks and credentials.\n\n"
        f"Database: --db, else $HITBOARD_DATABASE_URL, else the SQLite file "
        f"{default_database_path()}"
    ),
    no_args_is_help=True,
    add_completion=False,
)
sources_app = typer.Typer(help="Work with sources files.", no_args_is_help=True)
app.add_typer(sources_app, name="sources")

SourcesOption = Annotated[
    Path, typer.Option("--sources", help="The sources file (TOML).", show_default=True)
]


@app.command()
def init(db: DbOption = None) -> None:
    """Create or migrate the database and load the reference data."""
    url = resolve_database_url(db)
    init_db(url)
    typer.echo(f"database ready: {describe_url(url)}")


@app.command()
def info(db: DbOption = None) -> None:
    """Where the data lives and how much there is."""
    from sqlalchemy import func
    from sqlmodel import select

    from store.models import Posting, ScrapeRun

    url = resolve_database_url(db)
    typer.echo(f"database: {describe_url(url)}")
    typer.echo(f"default SQLite file: {default_database_path()}")
    engine = init_db(url)
    with session_scope(engine) as session:
        total = session.exec(select(func.count()).select_from(Posting)).one()
        open_ = session.exec(
            select(func.count()).select_from(Posting).where(Posting.closed_at.is_(None))
        ).one()
        runs = session.exec(select(func.count()).select_from(ScrapeRun)).one()
    typer.echo(f"postings: {total} ({open_} open); runs recorded: {runs}")


@app.command()
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
    engine = init_db(url)
    with session_scope(engine) as session:
        save_sources(session=session, sources=configs)
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


def crawl_all(configs, *, db_url: str, jobs: int = 2, trigger: str = "manual", settings=None):
    """Crawl sources side by side, one process each; one failure never stops the others."""
    from scheduler.runners import run_local_crawl

    log_dir = Path(os.environ.get("HITBOARD_HOME", default_database_path().parent)) / "logs"
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        return list(
            pool.map(
                lambda config: run_local_crawl(
                    config, db_url=db_url, trigger=trigger, log_dir=log_dir, settings=settings
                ),
                configs,
            )
        )


@app.command()
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
    engine = init_db(resolve_database_url(db))
    target = open(out, "w", encoding="utf-8", newline="") if out else nullcontext(sys.stdout)  # noqa: SIM115
    with target as stream, session_scope(engine, readonly=True) as session:
        WRITERS[format](export_records(session=session, open_only=open_only), stream)


@app.command()
def dashboard(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
) -> None:
    """Serve the dashboard."""
    url = resolve_database_url(db)
    init_db(url)
    raise typer.Exit(_serve_dashboard(url, port))


def _serve_dashboard(url: str, port: int) -> int:
    app_path = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"
    command = [
        sys.executable, "-m", "streamlit", "run", str(app_path),
        "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
    ]  # fmt: skip
    typer.echo(f"dashboard on http://localhost:{port} (database {describe_url(url)})")
    try:
        return subprocess.call(command, env={**os.environ, "HITBOARD_DATABASE_URL": url})
    except KeyboardInterrupt:
        return 0


@app.command()
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
            sample.sources, db_url=url, jobs=2, trigger="demo", settings=sample.crawl_settings
        )
        for outcome in outcomes:
            typer.echo(f"{outcome.source:<28} {outcome.status:<10} {outcome.seen} postings")
        if not all(outcome.ok for outcome in outcomes):
            raise fail("the demo crawl failed; see the runs above", code=1)
        typer.echo("Demo sample loaded: synthetic postings, not real jobs.")
        if not no_dashboard:
            raise typer.Exit(_serve_dashboard(url, port))


@sources_app.command("check")
def sources_check(
    file: Annotated[Path, typer.Argument(help="The sources file.")] = Path("sources.toml"),
) -> None:
    """Validate a sources file offline: one line per problem."""
    configs, problems = check_sources(file)
    for problem in problems:
        typer.echo(problem, err=True)
    for config in configs:
        if config.enabled and (missing := config.missing_env(dict(os.environ))):
            typer.echo(
                f"{file}: source {config.name!r}: warning: needs {', '.join(missing)} "
                "in the environment",
                err=True,
            )
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{file}: {len(configs)} sources, no problems")


@sources_app.command("detect")
def sources_detect(
    page: Annotated[
        str, typer.Argument(help="A careers page: an http(s) URL or a saved HTML file.")
    ],
    page_url: Annotated[
        str | None, typer.Option("--page-url", help="Where a saved page came from.")
    ] = None,
) -> None:
    """Name the career system a careers page embeds; print a sources-file entry for it.

    Exit 0 when something was found, 1 when nothing was, 2 when the page cannot be read.
    """
    from spiders.detect import PageError, detect, read_page
    from spiders.settings import USER_AGENT

    try:
        html, fetched_from = read_page(page, user_agent=USER_AGENT)
    except PageError as exc:
        raise fail(str(exc)) from None
    found = detect(html, page_url or fetched_from)
    if not found:
        typer.echo(
            f"{page}: no career system recognised (no known embed, link or page data)", err=True
        )
        raise typer.Exit(1)
    typer.echo("\n\n".join(detection.entry() for detection in found))


from scheduler.commands import run_scheduler, schedule_app  # noqa: E402

app.add_typer(schedule_app, name="schedule")
app.command("scheduler")(run_scheduler)


if __name__ == "__main__":
    app()
