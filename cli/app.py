"""The `hitboard` command: one Typer app; each command group lives in its own module."""

import typer

from cli import api, crawl, dashboard, demo, export, info, schedule, search, service, sources
from store.db import default_database_path

app = typer.Typer(
    help=(
        "hitboard: health-information job postings beside salary benchmarks and credentials.\n\n"
        f"Database: --db, else $HITBOARD_DATABASE_URL, else the SQLite file "
        f"{default_database_path()}"
    ),
    no_args_is_help=True,
    add_completion=False,
)
app.command()(info.init)
app.command()(info.info)
app.command()(crawl.crawl)
app.command()(export.export)
app.command()(dashboard.dashboard)
app.command()(demo.demo)
app.add_typer(sources.sources_app, name="sources")
app.add_typer(schedule.schedule_app, name="schedule")
app.command("scheduler")(service.run_scheduler)
app.add_typer(search.search_app, name="search")
app.command("api")(api.api)
app.command("mcp")(api.mcp)


if __name__ == "__main__":
    app()
