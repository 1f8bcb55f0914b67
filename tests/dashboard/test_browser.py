"""The dashboard in a real headless Chromium: `streamlit run` against a filled SQLite store."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.dashboard.conftest import APP, OPEN_RELEVANT, FilledStore

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]

if not CHROMIUM.exists() and os.environ.get("CI", "").lower() != "true":
    pytest.skip(f"{CHROMIUM} is missing (the browser test needs it; CI requires it)",
                allow_module_level=True)  # fmt: skip


def count_line(shown: int) -> str:
    return f"{shown} of {OPEN_RELEVANT} open health-information postings match."


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(base: str, process: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"streamlit exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"streamlit did not answer at {base} within {timeout}s")


@pytest.fixture
def dashboard(filled_store: FilledStore, tmp_path: Path) -> Iterator[str]:
    port = _free_port()
    log = (tmp_path / "streamlit.log").open("w")
    env = dict(os.environ, HITBOARD_DATABASE_URL=filled_store.url)
    command = [sys.executable, "-m", "streamlit", "run", str(APP)]
    options = {
        "server.headless": "true",
        "server.port": str(port),
        "server.address": "127.0.0.1",
        "browser.gatherUsageStats": "false",
        "server.fileWatcherType": "none",
    }
    for name, value in options.items():
        command += [f"--{name}", value]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,  # any working directory must do
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, process)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_jobs_filter_and_career_in_chromium(dashboard: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2600})
            page.goto(dashboard, wait_until="domcontentloaded")
            # The newest posting is shown in detail below the table.
            expect(
                page.get_by_role("heading", name="Release of Information Specialist")
            ).to_be_visible(timeout=60_000)
            expect(
                page.get_by_text("5 of 5 open health-information postings match.")
            ).to_be_visible()

            search = page.get_by_label("Search titles, companies and descriptions")
            search.fill("registrar")
            search.press("Enter")
            expect(
                page.get_by_text("1 of 5 open health-information postings match.")
            ).to_be_visible(timeout=30_000)
            expect(page.get_by_role("heading", name="Cancer Registrar")).to_be_visible()
            expect(
                page.get_by_text("percentile of health information technologists")
            ).to_be_visible()
            page.wait_for_timeout(1500)  # let the charts draw
            page.screenshot(path=str(tmp_path / "jobs.png"), full_page=True)

            page.get_by_role("link", name="The career").click()
            expect(
                page.get_by_role("heading", name="In 2016, as the article put it")
            ).to_be_visible(timeout=30_000)
            expect(page.get_by_text("$38,040").first).to_be_visible()
            expect(page.get_by_text("Which credentials employers really ask for")).to_be_visible()
            page.wait_for_timeout(1500)
            page.screenshot(path=str(tmp_path / "career.png"), full_page=True)
        finally:
            browser.close()

    for name in ("jobs.png", "career.png"):
        assert (tmp_path / name).stat().st_size > 10_000
    keep = os.environ.get("HITBOARD_SCREENSHOT_DIR")
    if keep:  # for a look by eye
        for name in ("jobs.png", "career.png"):
            Path(keep, name).write_bytes((tmp_path / name).read_bytes())
