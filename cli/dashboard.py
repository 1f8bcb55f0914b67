"""`hitboard dashboard`: serve the Streamlit dashboard on one store."""

import signal
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


def dashboard_command(port: int, **options: str) -> list[str]:
    """The command that serves the dashboard (warm: dashboard.serve) on `port`; `options`
    are more Streamlit settings, `server_address="127.0.0.1"` for --server.address."""
    settings = {"server.port": str(port), "server.headless": "true",
                "browser.gatherUsageStats": "false", "client.toolbarMode": "minimal"}  # fmt: skip
    settings |= {name.replace("_", ".", 1): value for name, value in options.items()}
    command = [sys.executable, "-m", "dashboard.serve", "run", str(APP)]
    return command + [part for name, value in settings.items() for part in (f"--{name}", value)]


def serve_dashboard(url: str, port: int) -> int:
    """Run Streamlit on the dashboard until it stops; its exit status."""
    command = dashboard_command(port)
    typer.echo(f"dashboard on http://localhost:{port} (database {describe_url(url)})")
    process = subprocess.Popen(command, env=child_environment(HITBOARD_DATABASE_URL=url))
    # Stopped by a service manager (SIGTERM), the server stops too rather than outliving us.
    previous = signal.signal(signal.SIGTERM, lambda *_: process.terminate())
    try:
        return process.wait()
    except KeyboardInterrupt:  # Ctrl-C reached the server as well: let it finish
        process.wait()
        return 0
    finally:
        signal.signal(signal.SIGTERM, previous)
