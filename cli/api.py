"""`hitboard api` (the read-only HTTP API) and `hitboard mcp` (the MCP server, stdio)."""

from typing import Annotated

import typer

from cli.options import DbOption


def api(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[
        str, typer.Option(help="Address to bind (another than 127.0.0.1 opens it to others).")
    ] = "127.0.0.1",
    db: DbOption = None,
) -> None:
    """Serve the read-only HTTP API (OpenAPI docs at /docs).

    $HITBOARD_API_TOKEN: ask every request for `Authorization: Bearer <token>`;
    $HITBOARD_API_CORS_ORIGINS: the origins browsers may call it from (else no CORS).
    """
    from api.app import serve

    serve(db, host=host, port=port)


def mcp(db: DbOption = None) -> None:
    """Serve the MCP server on stdin/stdout (for an MCP client to launch)."""
    from api.mcp_server import build_server

    build_server(db).run("stdio")
