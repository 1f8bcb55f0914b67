"""The dashboard reads the store and nothing else: no Scrapy, no spiders."""

import subprocess
import sys

from tests.dashboard.conftest import ROOT


def test_dashboard_modules_do_not_load_scrapy_or_spiders() -> None:
    code = (
        "import sys\n"
        "import dashboard.data, dashboard.transforms, dashboard.charts, dashboard.sanitize\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] in ('scrapy', 'spiders'))\n"
        "print(','.join(loaded))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == ""
