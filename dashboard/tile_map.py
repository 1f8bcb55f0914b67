"""A US map as a grid of equal tiles, one per state and DC: drawn by Altair from the grid
below, so nothing (tiles, TopoJSON) is fetched to draw it, and small states stay clickable."""

import altair as alt
import pandas as pd

# (column, row) of each state's tile, roughly where the state lies.
TILES: dict[str, tuple[int, int]] = {
    "AK": (0, 0), "ME": (11, 0),
    "VT": (10, 1), "NH": (11, 1),
    "WA": (1, 2), "ID": (2, 2), "MT": (3, 2), "ND": (4, 2), "MN": (5, 2), "IL": (6, 2),
    "WI": (7, 2), "MI": (8, 2), "NY": (9, 2), "RI": (10, 2), "MA": (11, 2),
    "OR": (1, 3), "NV": (2, 3), "WY": (3, 3), "SD": (4, 3), "IA": (5, 3), "IN": (6, 3),
    "OH": (7, 3), "PA": (8, 3), "NJ": (9, 3), "CT": (10, 3),
    "CA": (1, 4), "UT": (2, 4), "CO": (3, 4), "NE": (4, 4), "MO": (5, 4), "KY": (6, 4),
    "WV": (7, 4), "VA": (8, 4), "MD": (9, 4), "DE": (10, 4),
    "AZ": (2, 5), "NM": (3, 5), "KS": (4, 5), "AR": (5, 5), "TN": (6, 5), "NC": (7, 5),
    "SC": (8, 5), "DC": (9, 5),
    "OK": (4, 6), "LA": (5, 6), "MS": (6, 6), "AL": (7, 6), "GA": (8, 6),
    "HI": (0, 7), "TX": (4, 7), "FL": (9, 7),
}  # fmt: skip
SELECTION = "state_pick"
EMPTY_COLOR = "#eeeeee"


def tile_frame(values: dict[str, dict]) -> pd.DataFrame:
    """One row per tile: state, column, row, and the figures given for it (None elsewhere)."""
    rows = []
    for state, (column, row) in TILES.items():
        figures = values.get(state, {})
        rows.append({"state": state, "column": column, "row": row, "postings": 0,
                     "median_pay": None, **figures})  # fmt: skip
    return pd.DataFrame(rows)


def tile_map(frame: pd.DataFrame, *, measure: str, title: str, money: bool) -> alt.LayerChart:
    """Tiles coloured by `measure`; clicking one selects its state (selection `state_pick`)."""
    pick = alt.selection_point(name=SELECTION, fields=["state"], on="click", clear="dblclick")
    number = "$,.0f" if money else ",d"
    base = alt.Chart(frame).encode(
        x=alt.X("column:O", axis=None),
        y=alt.Y("row:O", axis=None),
        tooltip=[
            alt.Tooltip("state:N", title="State"),
            alt.Tooltip("postings:Q", title="Postings", format=",d"),
            alt.Tooltip("median_pay:Q", title="Median posted pay", format="$,.0f"),
        ],
    )
    tiles = base.mark_rect(stroke="white", strokeWidth=2, cornerRadius=3).encode(
        color=alt.condition(
            f"datum.{measure} > 0",
            alt.Color(
                f"{measure}:Q",
                title=title,
                scale=alt.Scale(scheme="blues"),
                legend=alt.Legend(orient="bottom", format=number, titleLimit=300, tickMinStep=1),
            ),
            alt.value(EMPTY_COLOR),
        ),
        opacity=alt.condition(pick, alt.value(1.0), alt.value(0.45)),
    )
    labels = base.mark_text(fontSize=12, fontWeight="bold").encode(
        text="state:N",
        color=alt.condition(
            f"datum.{measure} > 0 && datum.{measure} >= {_dark_from(frame, measure)}",
            alt.value("white"),
            alt.value("#222222"),
        ),
    )
    return alt.layer(tiles.add_params(pick), labels).properties(
        height=alt.Step(44), width=alt.Step(44)
    )


def _dark_from(frame: pd.DataFrame, measure: str) -> float:
    """Above this value a tile is dark enough for white text."""
    values = frame[measure].dropna()
    values = values[values > 0]
    return float(values.quantile(0.6)) if len(values) else 0.0
