"""`python -m cli`: the `hitboard` command."""

from cli.app import app

app()
