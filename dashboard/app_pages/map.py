"""Map: postings and median posted pay per state for the current search; a state's tile
opens the Jobs page filtered to that state."""

import pandas as pd
import streamlit as st

from dashboard import current, data, tile_map
from dashboard.labels import MISSING

MEASURES = {"postings": "Postings", "median_pay": "Median posted pay (a year)"}


def _open_state(state: str, search_params: dict) -> None:
    params = dict(search_params, state=[state])
    params.pop("remote_anywhere", None)
    st.session_state[current.PENDING_SEARCH] = params
    st.switch_page("app_pages/jobs.py")


def main() -> None:
    url = data.database_url()
    st.title("Map")
    search = current.current_search()
    current.describe(search, data.load_credentials(url), ". Click a state to see its jobs.")
    params = search.to_params()
    figures = data.search_figures(url, params, data.revision(url))
    by_state = {
        s.state: {"postings": s.postings, "median_pay": s.median_pay}
        for s in figures.states
        if s.state
    }
    measure = st.radio(
        "Colour by", list(MEASURES), format_func=MEASURES.__getitem__, horizontal=True,
        key="map_measure",
    )  # fmt: skip
    frame = tile_map.tile_frame(by_state)
    event = st.altair_chart(
        tile_map.tile_map(
            frame, measure=measure, title=MEASURES[measure], money=measure == "median_pay"
        ),
        on_select="rerun",
        selection_mode=tile_map.SELECTION,
        key="map_chart",
    )
    picked = (event.selection.get(tile_map.SELECTION) or [{}])[0].get("state") if event else None
    if picked:
        _open_state(picked, params)
    outside = sum(
        s.postings for s in figures.states if not s.state or s.state not in tile_map.TILES
    )
    if outside:
        st.caption(
            f"{outside:,} postings name no state on the map (remote, abroad or a territory)."
        )
    states = sorted(by_state)
    choice = st.selectbox(
        "Or choose a state", [None, *states], format_func=lambda s: s or "—", key="map_state"
    )
    if choice:
        _open_state(choice, params)
    table = pd.DataFrame(
        [{"state": s, **by_state[s]} for s in states], columns=["state", "postings", "median_pay"]
    )
    st.dataframe(
        table.sort_values("postings", ascending=False),
        hide_index=True,
        placeholder=MISSING,
        width="stretch",
        column_config={
            "state": "State",
            "postings": st.column_config.NumberColumn("Postings", format="localized"),
            "median_pay": st.column_config.NumberColumn(
                "Median posted pay",
                format="dollar",
                step=1,
                help="Employer-stated US-dollar pay, yearly",
            ),
        },
    )


main()
