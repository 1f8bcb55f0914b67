"""`hitboard sources check|detect`: check a sources file; name the system a careers page uses."""

from pathlib import Path
from typing import Annotated

import typer

from cli.options import fail
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

    try:
        html, fetched_from = read_page(page, user_agent=get_settings().user_agent)
    except PageError as exc:
        raise fail(str(exc)) from None
    found = detect(html, page_url or fetched_from)
    if not found:
        typer.echo(
            f"{page}: no career system recognised (no known embed, link or page data)", err=True
        )
        raise typer.Exit(1)
    typer.echo("\n\n".join(detection.entry() for detection in found))
