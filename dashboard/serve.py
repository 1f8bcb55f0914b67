"""Serve the dashboard warm: `python -m dashboard.serve run dashboard/app.py [options]`
takes what `streamlit run` takes.

Plain `streamlit run` imports the pages' modules (pandas, Altair, the store's query layer)
and reads the Jobs page's answers only when the first visitor arrives, who waits seconds for
them on a big store. Here the dashboard's modules are imported (and Altair's chart schema
loaded) before the server starts, and a thread keeps the Jobs page's first answers in the
data cache (they expire after data.QUERY_TTL_SECONDS and change with every crawl), so a new
visitor is served from memory.
"""

import importlib
import logging
import pkgutil
import sys
import threading
import time

import dashboard

WARM_EVERY_SECONDS = 15.0  # well inside the cache's time to live
# The router and the pages run their page when imported: Streamlit runs them.
NOT_IMPORTED = ("dashboard.app", "dashboard.serve", "dashboard.app_pages")

logger = logging.getLogger(__name__)


def import_dashboard_modules() -> None:
    for module in pkgutil.walk_packages(dashboard.__path__, "dashboard."):
        if not module.name.startswith(NOT_IMPORTED):
            importlib.import_module(module.name)


def load_chart_schema() -> None:
    """Altair checks every chart against the Vega-Lite schema, which it loads and compiles on
    the first chart a process draws (about half a second): draw one here."""
    import altair as alt
    import pandas as pd

    alt.Chart(pd.DataFrame({"pay": [1.0]})).mark_tick().encode(x="pay:Q").to_dict()


def keep_front_page_warm() -> None:
    """Forever: once Streamlit's runtime is up, read the front page's answers again."""
    from streamlit.runtime import Runtime

    from dashboard import data

    while not Runtime.exists():
        time.sleep(0.05)
    url = data.database_url()
    while True:
        try:
            data.warm_front_page(url)
        except Exception:  # a store being migrated or moved: the next round tries again
            logger.exception("could not read the Jobs page's first answers ahead")
        time.sleep(WARM_EVERY_SECONDS)


def main() -> int:
    import_dashboard_modules()
    load_chart_schema()
    from streamlit.web import cli

    threading.Thread(target=keep_front_page_warm, name="warm front page", daemon=True).start()
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
