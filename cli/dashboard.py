"""`hitboard dashboard`: serve the Streamlit dashboard on one store."""

import subprocess
import sys
from pathlib import Path
from typing import Annotated

import typer

from cli.options import DbOption
from core.settings import child_environment
from store.db import describe_url, init_db, resolve_database_url

APP = Path(__file__).resolve().parent.parent / "dashboard" / "app.py"


def dashboard(
    db: DbOption = None,
    port: Annotated[int, typer.Option(help="Port to serve on.")] = 8501,
) -> None:
    """Serve the dashboard."""
    url = resolve_database_url(db)
    init_db(url)
    raise typer.Exit(serve_dashboard(url, port))


def serve_dashboard(url: str, port: int) -> int:
    """Run Streamlit on the dashboard until it stops; its exit status."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(APP),
        "--server.port", str(port), "--server.headless", "true",
        "--browser.gatherUsageStats", "false", "--client.toolbarMode", "minimal",
    ]  # fmt: skip
    typer.echo(f"dashboard on http://localhost:{port} (database {describe_url(url)})")
    try:
        return subprocess.call(command, env=child_environment(HITBOARD_DATABASE_URL=url))
    except KeyboardInterrupt:
        return 0
