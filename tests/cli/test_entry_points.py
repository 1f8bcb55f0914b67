"""`hitboard` is cli.app:app; the old entry point scheduler.cli:app still works."""

import subprocess
import sys
from importlib.metadata import entry_points

import cli.app
import scheduler.cli
from tests.crawling import ROOT


def test_the_console_script_is_the_cli_package_and_the_old_path_is_the_same_app():
    [script] = entry_points(group="console_scripts", name="hitboard")
    assert script.value == "cli.app:app"
    assert script.load() is cli.app.app
    assert scheduler.cli.app is cli.app.app


def test_both_module_paths_run_the_same_commands(tmp_path):
    def helped(module: str) -> str:
        result = subprocess.run(
            [sys.executable, "-m", module, "schedule", "--help"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    new, old = helped("cli"), helped("scheduler.cli")
    assert "Crawl schedules (cron, UTC)" in new
    for command in ("list", "add", "pause", "resume", "remove", "run", "deploy"):
        assert command in new and command in old
