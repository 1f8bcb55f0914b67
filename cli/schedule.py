"""`hitboard schedule list|add|pause|resume|remove|run|deploy`.

Schedule commands change rows of the store; a running scheduler service picks the
change up within seconds. They work whether or not the service is running.
"""

import time
from pathlib import Path
from typing import Annotated

import typer

from cli.options import DbOption, fail, read_sources
from core.vocabulary import REFUSED, RequestStatus, RunTrigger
from scheduler.leased import CrawlOutcome, outcome_of
from scheduler.runners import run_crawl
from store import schedules as plan
from store.db import init_db, resolve_database_url, session_scope

schedule_app = typer.Typer(
    help="Crawl schedules (cron, UTC), kept in the database and followed by `hitboard scheduler`.",
    no_args_is_help=True,
)

SourceArgument = Annotated[str, typer.Argument(help="The source's name.")]


def _engine(db: str | None):
    return init_db(resolve_database_url(db))


def _load_file(engine, sources: Path | None) -> None:
    """Import a sources file (sources and their `schedule` lines) before the command."""
    if sources is None:
        return
    configs = read_sources(sources)
    with session_scope(engine) as session:
        plan.sync_sources_file(session=session, sources=configs)


def _service_note(engine) -> str:
    with session_scope(engine, readonly=True) as session:
        lease = plan.scheduler_service(session=session)
    if lease is None:
        return "no scheduler is running: start one with `hitboard scheduler`"
    return f"the scheduler ({lease.holder}) applies this within seconds"


@schedule_app.command("list")
def schedule_list(db: DbOption = None) -> None:
    """Every schedule: source, cron, state, next run (UTC)."""
    engine = _engine(db)
    with session_scope(engine, readonly=True) as session:
        rows = plan.list_schedules(session=session)
        enabled = {source.name: source.enabled for source in plan.list_sources(session=session)}
        next_runs = plan.next_run_times(session=session)
    if not rows:
        typer.echo("no schedules (add one with `hitboard schedule add SOURCE 'CRON'`)")
    for row in rows:
        state = plan.schedule_state(row, source_enabled=enabled.get(row.source, True))
        when = next_runs.get(row.source)
        upcoming = f"{when:%Y-%m-%d %H:%M} UTC" if when else "-"
        typer.echo(f"{row.source:<28} {row.cron:<18} {state:<24} {row.origin:<9} next {upcoming}")
    typer.echo(_service_note(engine), err=True)


@schedule_app.command("add")
def schedule_add(
    source: SourceArgument,
    cron: Annotated[str, typer.Argument(help="Cron line in UTC, e.g. '0 */6 * * *'.")],
    db: DbOption = None,
    sources: Annotated[
        Path | None, typer.Option("--sources", help="Load sources from this file first.")
    ] = None,
    paused: Annotated[bool, typer.Option("--paused", help="Add it paused.")] = False,
) -> None:
    """Schedule a source (replaces its schedule if it has one)."""
    engine = _engine(db)
    _load_file(engine, sources)
    try:
        with session_scope(engine) as session:
            row = plan.add_schedule(session=session, source=source, cron=cron, paused=paused)
            cron = row.cron
    except plan.ScheduleError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{source}: scheduled {cron!r} (UTC){' paused' if paused else ''}")
    typer.echo(_service_note(engine), err=True)


def _set_paused(source: str, db: str | None, paused: bool) -> None:
    engine = _engine(db)
    try:
        with session_scope(engine) as session:
            plan.set_paused(session=session, source=source, paused=paused)
    except plan.ScheduleError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{source}: {'paused' if paused else 'resumed'}")
    typer.echo(_service_note(engine), err=True)


@schedule_app.command("pause")
def schedule_pause(source: SourceArgument, db: DbOption = None) -> None:
    """Stop a schedule from firing (until resumed)."""
    _set_paused(source, db, True)


@schedule_app.command("resume")
def schedule_resume(source: SourceArgument, db: DbOption = None) -> None:
    """Let a paused schedule fire again."""
    _set_paused(source, db, False)


@schedule_app.command("remove")
def schedule_remove(source: SourceArgument, db: DbOption = None) -> None:
    """Delete a source's schedule (the source itself stays)."""
    engine = _engine(db)
    try:
        with session_scope(engine) as session:
            plan.remove_schedule(session=session, source=source)
    except plan.ScheduleError as exc:
        raise fail(str(exc)) from None
    typer.echo(f"{source}: schedule removed")
    typer.echo(_service_note(engine), err=True)


@schedule_app.command("run")
def schedule_run(
    source: SourceArgument,
    db: DbOption = None,
    sources: Annotated[
        Path | None, typer.Option("--sources", help="Load sources from this file first.")
    ] = None,
    here: Annotated[
        bool, typer.Option("--here", help="Crawl in this process, not through the scheduler.")
    ] = False,
    wait: Annotated[
        bool, typer.Option("--wait/--no-wait", help="Wait for the scheduler's run to finish.")
    ] = True,
) -> None:
    """Crawl a source now: through the running scheduler, or here when none runs.

    Refused (exit 1, with the reason) while another crawl of the source is going on.
    """
    url = resolve_database_url(db)
    engine = init_db(url)
    _load_file(engine, sources)
    with session_scope(engine) as session:
        try:
            row = plan.get_source(session=session, name=source)
        except plan.ScheduleError as exc:
            raise fail(str(exc)) from None
        config = plan.source_config(row)
        service = plan.scheduler_service(session=session)
        request = None
        if service is not None and not here:
            request = plan.request_run(session=session, source=source, requested_by="cli")
    if request is None:
        _run_here(config, url)
        return
    typer.echo(f"{source}: run requested from the scheduler ({service.holder})")
    if wait:
        _wait_for_request(engine, request.id)


def _run_here(config, url: str) -> None:
    typer.echo(f"{config.name}: crawling here")
    _report(run_crawl(config, db_url=url, trigger=RunTrigger.OPERATOR))


def _wait_for_request(engine, request_id: int) -> None:
    while True:
        with session_scope(engine, readonly=True) as session:
            request, run = plan.request_and_run(session=session, request_id=request_id)
        if request.status == RequestStatus.REFUSED:
            raise fail(f"{request.source}: refused: {request.message}", code=1)
        if request.status == RequestStatus.DONE and run is not None:
            _report(outcome_of(run))
            return
        time.sleep(1)


def _report(outcome: CrawlOutcome) -> None:
    """Print how the run went; exit 1 unless it succeeded."""
    if outcome.status == REFUSED:
        raise fail(f"refused: {outcome.note}", code=1)
    note = f" ({outcome.note})" if outcome.note else ""
    typer.echo(
        f"run {outcome.run_id}: {outcome.status}; seen {outcome.seen}, new {outcome.new}{note}"
    )
    if not outcome.ok:
        raise typer.Exit(1)


@schedule_app.command("deploy")
def schedule_deploy(
    nodes: Annotated[
        str | None,
        typer.Option("--nodes", help="Scrapyd URLs, comma-separated (else $HITBOARD_SCRAPYD_URL)."),
    ] = None,
    version: Annotated[
        str | None, typer.Option(help="Version label (default: a UTC time).")
    ] = None,
) -> None:
    """Register the project on every Scrapyd node (addversion.json).

    Each node needs the project installed in its own Python; the egg names the settings.
    """
    from scheduler.scrapyd import ScrapydError, deploy, scrapyd_nodes

    targets = scrapyd_nodes(nodes)
    if not targets:
        raise fail("no Scrapyd nodes: pass --nodes or set HITBOARD_SCRAPYD_URL")
    try:
        found = deploy(targets, version=version)
    except ScrapydError as exc:
        raise fail(str(exc), code=1) from None
    for node, spiders in found.items():
        typer.echo(f"{node}: {spiders} spiders")
