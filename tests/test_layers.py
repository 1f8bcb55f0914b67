"""The layers hold: pyproject.toml's import-linter contracts pass (CI runs `lint-imports` too)."""

import shutil
import subprocess

from tests.crawling import ROOT


def test_the_import_contracts_are_kept():
    lint_imports = shutil.which("lint-imports")
    assert lint_imports, "lint-imports is in the test extra: pip install -e '.[test]'"
    result = subprocess.run(
        [lint_imports, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
