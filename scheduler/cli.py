"""The old home of the `hitboard` command (`scheduler.cli:app`), kept for scripts that use it."""

from cli.app import app

__all__ = ["app"]

if __name__ == "__main__":
    app()
