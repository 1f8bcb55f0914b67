"""The Jobs page's saved searches: save the search on screen, and open, rename or delete
the saved ones. Reads and writes go through dashboard.data; opening a search gives the
filter widgets its values, as opening its link would."""

import streamlit as st

from dashboard import data
from dashboard import search_url as su
from store.job_search import InvalidSearch, JobSearch
from store.saved_searches import SavedSearchError

KEY = su.KEY + "saved_"  # widget keys of these controls
MESSAGE = KEY + "message"


def _say(message: str) -> None:
    st.session_state[MESSAGE] = message


def _save(url: str, search: JobSearch) -> None:
    name = st.session_state.get(KEY + "name", "")
    try:
        data.save_search(url, name, search)
    except SavedSearchError as error:
        _say(f"Not saved: {error}")
        return
    st.session_state[KEY + "name"] = ""
    _say(f"Saved “{' '.join(name.split())}”.")


def _open(url: str, search_id: int) -> None:
    try:
        search = data.saved_search(url, search_id)
    except (SavedSearchError, InvalidSearch) as error:
        _say(f"Could not open it: {error}")
        return
    for key, value in su.widget_state(search).items():
        st.session_state[key] = value
    st.session_state[su.KEY + "page"] = 1


def _rename(url: str, search_id: int) -> None:
    try:
        data.rename_saved_search(url, search_id, st.session_state.get(KEY + "new_name", ""))
    except SavedSearchError as error:
        _say(f"Not renamed: {error}")
        return
    st.session_state[KEY + "new_name"] = ""


def _delete(url: str, search_id: int) -> None:
    data.delete_saved_search(url, search_id)
    _say("Deleted.")


def saved_search_controls(url: str, search: JobSearch) -> None:
    """The sidebar's "Saved searches" section, for the search the filters show."""
    with st.sidebar.expander("Saved searches", expanded=False):
        st.text_input("Name for this search", key=KEY + "name", max_chars=200)
        st.button("Save this search", key=KEY + "save", on_click=_save, args=(url, search))
        rows = data.saved_search_rows(url)
        if rows:
            names = {row["id"]: row["name"] for row in rows}
            chosen = st.selectbox(
                "Saved", list(names), format_func=names.__getitem__, key=KEY + "chosen"
            )
            if chosen in names:
                st.caption(f"Feed: `/feeds/{chosen}.atom` (`hitboard api`)")
                left, right = st.columns(2)
                left.button("Open", key=KEY + "open", on_click=_open, args=(url, chosen))
                right.button("Delete", key=KEY + "delete", on_click=_delete, args=(url, chosen))
                st.text_input("New name", key=KEY + "new_name", max_chars=200)
                st.button("Rename", key=KEY + "rename", on_click=_rename, args=(url, chosen))
        message = st.session_state.pop(MESSAGE, None)
        if message:
            st.caption(message)
