"""hitboard's dashboard: `streamlit run dashboard/app.py` (the router; pages live in app_pages/).

Pages are named by file path relative to this file, so the app starts from any working
directory. To add a page, append it to PAGES.
"""

import sys
from pathlib import Path

import streamlit as st

HERE = Path(__file__).resolve().parent
# `streamlit run` puts only this folder on sys.path; the pages import `dashboard` and `store`.
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

PAGES = [
    st.Page(HERE / "app_pages" / "jobs.py", title="Jobs", icon=":material/work:", default=True),
    st.Page(HERE / "app_pages" / "pay.py", title="Pay", icon=":material/payments:"),
    st.Page(HERE / "app_pages" / "map.py", title="Map", icon=":material/map:"),
    st.Page(HERE / "app_pages" / "career.py", title="The career", icon=":material/school:"),
    st.Page(HERE / "app_pages" / "operations.py", title="Operations", icon=":material/settings:"),
]

st.set_page_config(page_title="hitboard — health information jobs", layout="wide")
st.navigation(PAGES).run()
