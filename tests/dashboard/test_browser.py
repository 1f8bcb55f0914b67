"""The dashboard in a real headless Chromium: `streamlit run` over a seeded SQLite store.

Each page is loaded at desktop and phone (390 px) width, checked for what it shows, and
saved as a screenshot under tests/artifacts/. A posting carrying script, event-handler and
javascript: payloads is opened, and nothing of it may run or be fetched.
"""

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from demo.server import free_port, wait_until_serving
from tests.dashboard.conftest import APP, HOSTILE_TITLE, VARIED_POSTINGS, fill_varied_store

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
WIDTHS = {"desktop": 1400, "phone": 390}
LOAD = 60_000  # ms
# The results list each width shows, and the one it hides.
LISTS = {"desktop": ("jobs_list_wide", "jobs_list_phone"),
         "phone": ("jobs_list_phone", "jobs_list_wide")}  # fmt: skip

if not CHROMIUM.exists() and os.environ.get("CI", "").lower() != "true":
    pytest.skip(f"{CHROMIUM} is missing (the browser test needs it; CI requires it)",
                allow_module_level=True)  # fmt: skip


@pytest.fixture(scope="module")
def dashboard(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    home = tmp_path_factory.mktemp("browser")
    url = f"sqlite:///{home / 'hitboard.db'}"
    fill_varied_store(url)
    port = free_port()
    log = (home / "streamlit.log").open("w")
    env = dict(os.environ, HITBOARD_DATABASE_URL=url, HITBOARD_ADMIN_PASSWORD="browser-test")
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
    process = subprocess.Popen(command, cwd=home, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(f"{base}/_stcore/health", process, timeout=60, poll=0.3)
        yield base
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def _page(browser, width: int):
    from playwright.sync_api import expect

    expect.set_options(timeout=LOAD)
    page = browser.new_page(viewport={"width": width, "height": 1000})
    page.set_default_timeout(LOAD)
    return page


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.wait_for_timeout(1500)  # let the charts draw
    path = ARTIFACTS / f"{name}.png"
    # Streamlit scrolls inside its own main block, so a "full page" shot would stop at the
    # window: the window is made as tall as the content for the shot, then put back.
    size = page.viewport_size
    tall = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('[data-testid=stMain], "
        "[data-testid=stMainBlockContainer]')].map(e => e.scrollHeight), 0)"
    )
    if size and tall > size["height"]:
        page.set_viewport_size({"width": size["width"], "height": min(tall + 80, 12_000)})
        page.wait_for_timeout(1000)
    page.screenshot(path=str(path), full_page=True)
    if size:
        page.set_viewport_size(size)
    assert path.stat().st_size > 10_000


def _chart_text_inside(page) -> None:
    """Every word a chart writes (names, axis labels, legends) lies inside the chart."""
    texts = page.evaluate(
        """() => [...document.querySelectorAll('.vega-embed')].flatMap(chart => {
            const box = chart.getBoundingClientRect();
            return [...chart.querySelectorAll('svg text')].map(t => {
                const r = t.getBoundingClientRect();
                return {text: t.textContent, left: r.left - box.left, right: box.right - r.right,
                        width: r.width};
            }).filter(t => t.width > 0);
        })"""
    )
    assert texts
    outside = [t for t in texts if t["left"] < -1 or t["right"] < -1]
    assert outside == [], outside


@pytest.mark.parametrize("size", list(WIDTHS))
def test_jobs_page(dashboard: str, browser, size: str) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS[size])
    page.goto(dashboard, wait_until="domcontentloaded")
    expect(page.get_by_text(f"{VARIED_POSTINGS} of {VARIED_POSTINGS} open")).to_be_visible()
    expect(page.get_by_text("No filters.")).to_be_visible()
    # A phone gets short rows of title, company, place and pay; a wide screen the table.
    shown, hidden = LISTS[size]
    expect(page.locator(f".st-key-{shown}")).to_be_visible()
    expect(page.locator(f".st-key-{hidden}")).to_be_hidden()
    search = page.get_by_label("Search titles, companies and descriptions")
    search.fill("registrar")
    search.press("Enter")
    expect(page.get_by_text(f"1 of {VARIED_POSTINGS} open")).to_be_visible()
    expect(page.get_by_role("heading", name="Cancer Registrar")).to_be_visible()
    expect(page.get_by_text("Filters: “registrar”")).to_be_visible()
    assert "q=registrar" in page.url
    page.get_by_role("button", name="Copy link").click()
    expect(page.get_by_text("q=registrar").last).to_be_visible()
    page.keyboard.press("Escape")
    _shot(page, f"jobs-{size}")
    # A reload keeps the search: it lives in the URL.
    page.reload(wait_until="domcontentloaded")
    expect(page.get_by_text(f"1 of {VARIED_POSTINGS} open")).to_be_visible()
    page.close()


def test_a_phone_lists_title_company_place_and_pay(dashboard: str, browser) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS["phone"])
    page.goto(dashboard, wait_until="domcontentloaded")
    rows = page.locator(".st-key-jobs_list_phone")
    expect(rows.get_by_text("Inpatient Coder II")).to_be_visible()
    expect(rows.get_by_text("Tampa General · Tampa, FL · $26–$32/hr")).to_be_visible()
    expect(page.get_by_text("No filters.")).to_be_visible()
    page.close()


def test_a_hostile_posting_runs_nothing(dashboard: str, browser) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS["desktop"])
    dialogs: list[str] = []
    fetched: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(dashboard + "/?q=Hostile", wait_until="domcontentloaded")
    expect(page.get_by_text(f"1 of {VARIED_POSTINGS} open")).to_be_visible()
    # The title shows as the characters it holds (and an invisible word joiner that keeps
    # its address from becoming a link), not as an image or a link.
    shown_title = HOSTILE_TITLE.replace("://", "\u2060://")
    expect(page.get_by_role("heading", name=shown_title)).to_be_visible()
    expect(page.get_by_text("Great job.")).to_be_visible()
    page.wait_for_timeout(2000)
    assert page.evaluate("typeof window.hacked") == "undefined"
    assert dialogs == []
    assert not [u for u in fetched if "evil.example" in u]
    assert page.locator("img[src='x'], img[src*='evil.example']").count() == 0
    assert page.locator("a[href^='javascript:']").count() == 0
    assert page.locator("a[href*='evil.example']").count() == 0  # no forged or bare links
    assert page.locator("[onerror]").count() == 0
    _shot(page, "jobs-hostile")
    page.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_pay_page(dashboard: str, browser, size: str) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS[size])
    page.goto(dashboard + "/pay", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Posted pay against the benchmarks")).to_be_visible()
    expect(page.get_by_role("heading", name="Which states' postings state pay")).to_be_visible()
    expect(page.get_by_text("Likely covered").first).to_be_visible()
    assert page.get_by_text("violation").count() == 0
    expect(page.locator(".vega-embed").first).to_be_visible()
    expect(page.locator(".vega-embed svg text", has_text="(the article)").first).to_be_visible()
    page.wait_for_timeout(1000)
    _chart_text_inside(page)
    _shot(page, f"pay-{size}")
    page.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_map_page_and_a_state_opens_its_jobs(dashboard: str, browser, size: str) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS[size])
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(dashboard + "/map", wait_until="domcontentloaded")
    chart = page.locator(".vega-embed").first
    expect(chart).to_be_visible()
    _chart_text_inside(page)
    _shot(page, f"map-{size}")
    elsewhere = [u for u in fetched if not u.startswith((dashboard, "data:", "blob:"))]
    assert elsewhere == []  # no tiles, no TopoJSON: the map is drawn from the page's data
    page.get_by_label("Or choose a state").click()
    page.get_by_role("option", name="FL").click()
    expect(page.get_by_text(f"2 of {VARIED_POSTINGS} open")).to_be_visible()
    assert "state=FL" in page.url
    page.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_career_page(dashboard: str, browser, size: str) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS[size])
    page.goto(dashboard + "/career", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="In 2016, as the article put it")).to_be_visible()
    expect(page.get_by_text("$38,040").first).to_be_visible()
    expect(page.get_by_text("medical records technicians (MRT)")).to_be_visible()
    expect(page.get_by_text("Which credentials employers really ask for")).to_be_visible()
    expect(page.locator(".vega-embed").nth(2)).to_be_visible()
    page.wait_for_timeout(1000)
    _chart_text_inside(page)
    # Each table has a phone form of short rows; on a phone no table is left to scroll sideways.
    tables = page.locator("[data-testid=stDataFrame]")
    for section in ("career_pay", "career_growth", "career_credentials"):
        shown, hidden = (f"_{form}" for form in (("phone", "wide") if size == "phone"
                                                  else ("wide", "phone")))  # fmt: skip
        expect(page.locator(f".st-key-{section}{shown}")).to_be_visible()
        expect(page.locator(f".st-key-{section}{hidden}")).to_be_hidden()
    if size == "phone":
        expect(page.get_by_text("10th–90th").first).to_be_visible()
        assert [t for t in tables.all() if t.is_visible()] == []
        wide = page.evaluate(
            "() => [...document.querySelectorAll('[data-testid=stMainBlockContainer] *')]"
            ".filter(e => e.getBoundingClientRect().right > window.innerWidth + 1"
            " && e.getBoundingClientRect().width > 0).map(e => e.className).slice(0, 5)"
        )
        assert wide == [], wide
    else:
        expect(tables.first).to_be_visible()
    _shot(page, f"career-{size}")
    page.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_operations_page_asks_for_a_login(dashboard: str, browser, size: str) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS[size])
    page.goto(dashboard + "/operations", wait_until="domcontentloaded")
    expect(page.get_by_role("heading", name="Operations")).to_be_visible()
    password = page.get_by_label("Admin password")
    expect(password).to_be_visible()
    password.fill("browser-test")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="Sources")).to_be_visible()
    _shot(page, f"operations-{size}")
    if page.locator(".vega-embed").count():
        _chart_text_inside(page)
    page.close()


def test_a_phone_brings_the_filters_into_the_page(dashboard: str, browser) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS["phone"])
    page.goto(dashboard, wait_until="domcontentloaded")
    expect(page.get_by_text(f"{VARIED_POSTINGS} of {VARIED_POSTINGS} open")).to_be_visible()
    rows = page.locator(".st-key-jobs_list_phone")
    expect(rows.get_by_text("Inpatient Coder II")).to_be_visible()
    panel = page.locator(".st-key-jobs_filters_panel")
    expect(panel).to_have_count(0)
    page.get_by_role("button", name="Filters", exact=True).click()
    expect(panel).to_be_visible()
    state = panel.get_by_role("combobox", name="State", exact=True)
    expect(state).to_be_visible()
    # The panel sits in the page, within the phone's width, not in the hidden sidebar.
    box = panel.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= WIDTHS["phone"]
    _shot(page, "jobs-phone-filters")
    state.click()
    page.get_by_role("option", name="TX").click()
    page.keyboard.press("Escape")
    expect(page.get_by_text(f"1 of {VARIED_POSTINGS} open")).to_be_visible()
    expect(rows.get_by_text("Release of Information Specialist")).to_be_visible()
    expect(rows.get_by_text("Inpatient Coder II")).to_have_count(0)
    expect(page.get_by_text("Filters: TX.")).to_be_visible()
    assert "state=TX" in page.url
    page.get_by_role("button", name="Hide filters", exact=True).click()
    expect(panel).to_have_count(0)
    expect(page.get_by_text(f"1 of {VARIED_POSTINGS} open")).to_be_visible()
    page.close()


@pytest.mark.parametrize("size", list(WIDTHS))
def test_clicking_a_state_tile_opens_its_jobs(dashboard: str, browser, size: str) -> None:
    from playwright.sync_api import expect

    page = _page(browser, WIDTHS[size])
    page.goto(dashboard + "/map", wait_until="domcontentloaded")
    chart = page.locator(".vega-embed").first
    expect(chart).to_be_visible()
    tile = chart.locator("svg text", has_text="FL").first
    expect(tile).to_be_visible()
    tile.click()
    expect(page.get_by_role("heading", name="Health information jobs")).to_be_visible()
    expect(page.get_by_text(f"2 of {VARIED_POSTINGS} open")).to_be_visible()
    assert "state=FL" in page.url
    # Every result is in Florida (the short rows are in the page at both widths; a wide
    # screen draws its table on a canvas, which has no text to read).
    rows = page.locator(".st-key-jobs_list_phone [data-testid='stMarkdownContainer']")
    expect(rows.first).to_contain_text("Inpatient Coder II")
    places = rows.all_text_contents()
    assert places and all(", FL" in row for row in places), places
    _shot(page, f"map-tile-opens-jobs-{size}")
    page.close()
