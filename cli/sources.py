"""`hitboard sources check`: validate a sources file offline."""

from pathlib import Path
from typing import Annotated

import typer

from core.settings import get_settings
from store.sources import check_sources

sources_app = typer.Typer(help="Work with sources files.", no_args_is_help=True)


@sources_app.command("check")
def sources_check(
    file: Annotated[Path, typer.Argument(help="The sources file.")] = Path("sources.toml"),
) -> None:
    """Validate a sources file offline: one line per problem."""
    configs, problems = check_sources(file)
    for problem in problems:
        typer.echo(problem, err=True)
    settings = get_settings()
    for config in configs:
        if config.enabled and (missing := config.missing_env(settings)):
            typer.echo(
                f"{file}: source {config.name!r}: warning: needs {', '.join(missing)} "
                "in the environment",
                err=True,
            )
    if problems:
        raise typer.Exit(2)
    typer.echo(f"{file}: {len(configs)} sources, no problems")
