"""hitboard's dashboard: `streamlit run dashboard/app.py` (the router; pages live in app_pages/).

Pages are named by file path relative to this file, so the app starts from any working
directory. To add a page, append it to PAGES. Pages have no icons: a Material icon as the
tab's icon would be fetched from fonts.gstatic.com, and the dashboard fetches nothing.
"""

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
# `streamlit run` puts only this folder on sys.path; the pages import `dashboard` and `store`.
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

PAGES = [
    st.Page(HERE / "app_pages" / "jobs.py", title="Jobs", default=True),
    st.Page(HERE / "app_pages" / "pay.py", title="Pay"),
    st.Page(HERE / "app_pages" / "map.py", title="Map"),
    st.Page(HERE / "app_pages" / "career.py", title="The career"),
    st.Page(HERE / "app_pages" / "operations.py", title="Operations"),
]

st.set_page_config(page_title="hitboard — health information jobs", layout="wide")
st.navigation(PAGES).run()
