"""Altair charts: percentile bands, state means, credential demand. Data in, chart out."""

import math

import altair as alt
import pandas as pd

BAND_COLOR = "#9ecae1"
INNER_COLOR = "#3182bd"
POSTING_COLOR = "#d62728"
HIGHLIGHT_COLOR = "#e6550d"
LEVEL_COLORS = {"required": "#3182bd", "preferred": "#9ecae1", "mentioned": "#c7c7c7"}
ROW_HEIGHT = 56  # pixels per benchmark row: its name above, its band below
BAND_HALF = 9  # half the box's height (pixels)


def percentile_bands(
    rows: list[dict],
    *,
    pay: float | None = None,
    pay_range: tuple[float, float] | None = None,
) -> alt.LayerChart:
    """One row per benchmark: 10th–90th percentile line, 25th–75th box, median tick, mean
    diamond; optionally the posting's pay as a red rule over its shaded range."""
    frame = pd.DataFrame(rows)
    for column in ("p10", "p25", "p50", "p75", "p90", "mean"):
        if column not in frame:
            frame[column] = None
    # Each benchmark's name is written above its band, not on an axis beside it: a long
    # name beside the bands would take most of a phone's width.
    y = alt.Y("benchmark:N", title=None, sort=None, axis=None)
    x_scale = alt.Scale(zero=False, nice=True)
    money_axis = alt.Axis(format="$,.0f", title="Annual pay (USD)", labelFlush=True,
                          labelOverlap=True)  # fmt: skip
    tooltip = [
        alt.Tooltip("benchmark:N", title="Benchmark"),
        *(
            alt.Tooltip(f"{c}:Q", title=t, format="$,.0f")
            for c, t in (
                ("p10", "10th pct"),
                ("p25", "25th pct"),
                ("p50", "Median"),
                ("p75", "75th pct"),
                ("p90", "90th pct"),
                ("mean", "Mean"),
            )
        ),
    ]
    base = alt.Chart(frame).encode(y=y, tooltip=tooltip)
    whisker = base.mark_rule(color=INNER_COLOR, strokeWidth=2).encode(
        x=alt.X("p10:Q", scale=x_scale, axis=money_axis), x2="p90:Q"
    )
    box = base.mark_bar(color=BAND_COLOR, size=2 * BAND_HALF, stroke=INNER_COLOR).encode(
        x=alt.X("p25:Q", scale=x_scale, axis=money_axis), x2="p75:Q"
    )
    median = base.mark_tick(color="#08306b", thickness=3, size=22).encode(
        x=alt.X("p50:Q", scale=x_scale, axis=money_axis)
    )
    mean = base.mark_point(shape="diamond", filled=True, size=110, color=INNER_COLOR).encode(
        x=alt.X("mean:Q", scale=x_scale, axis=money_axis)
    )
    names = base.mark_text(
        align="left", baseline="bottom", dy=-BAND_HALF - 3, fontSize=12, color="#222222"
    ).encode(x=alt.value(0), text="benchmark:N")
    layers: list[alt.Chart] = [whisker, box, median, mean, names]
    if pay_range is not None and pay_range[0] != pay_range[1]:
        span = pd.DataFrame([{"low": pay_range[0], "high": pay_range[1]}])
        layers.insert(
            0,
            alt.Chart(span)
            .mark_rect(color=POSTING_COLOR, opacity=0.12)
            .encode(
                x=alt.X("low:Q", scale=x_scale, axis=money_axis),
                x2="high:Q",
                tooltip=[
                    alt.Tooltip("low:Q", title="Posting pays from", format="$,.0f"),
                    alt.Tooltip("high:Q", title="Posting pays up to", format="$,.0f"),
                ],
            ),
        )
    if pay is not None:
        marker = pd.DataFrame([{"pay": pay, "label": "This posting"}])
        rule = alt.Chart(marker).encode(
            x=alt.X("pay:Q", scale=x_scale, axis=money_axis),
            tooltip=[alt.Tooltip("pay:Q", title="This posting (annual)", format="$,.0f")],
        )
        layers.append(rule.mark_rule(color=POSTING_COLOR, strokeWidth=3, strokeDash=[6, 3]))
        layers.append(
            # Under the last band, where no benchmark's name is written.
            rule.mark_text(
                text="This posting",
                color=POSTING_COLOR,
                align="left",
                dx=5,
                dy=-2,
                y=ROW_HEIGHT * len(frame),
                baseline="bottom",
                fontWeight="bold",
            )
        )
    return alt.layer(*layers).properties(height=alt.Step(ROW_HEIGHT))


def state_means(
    frame: pd.DataFrame,
    *,
    highlighted: set[str],
    highlight_label: str,
    national_mean: float | None = None,
) -> alt.LayerChart:
    """Horizontal bars of state means (columns: state, mean), highest first."""
    data = frame.assign(
        group=[highlight_label if s in highlighted else "Other states" for s in frame["state"]]
    )
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y(
                "state:N",
                sort="-x",
                title=None,
                # Every state named: Vega would otherwise drop labels it thinks overlap.
                axis=alt.Axis(labelFontSize=11, labelOverlap=False),
            ),
            x=alt.X("mean:Q", title="Mean annual pay (USD)", axis=alt.Axis(format="$,.0f")),
            color=alt.Color(
                "group:N",
                title=None,
                scale=alt.Scale(
                    domain=[highlight_label, "Other states"],
                    range=[HIGHLIGHT_COLOR, INNER_COLOR],
                ),
                legend=alt.Legend(orient="top"),
            ),
            tooltip=[
                alt.Tooltip("state:N", title="State"),
                alt.Tooltip("mean:Q", title="Mean annual pay", format="$,.0f"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if national_mean is not None:
        layers.append(
            alt.Chart(pd.DataFrame([{"mean": national_mean}]))
            .mark_rule(color="#333333", strokeDash=[4, 3])
            .encode(
                x="mean:Q",
                tooltip=[alt.Tooltip("mean:Q", title="National mean", format="$,.0f")],
            )
        )
    return alt.layer(*layers).properties(height=alt.Step(18))


def credential_demand(frame: pd.DataFrame) -> alt.Chart:
    """Stacked bars: how many open postings name each credential, and how."""
    long = frame.melt(
        id_vars=["credential", "postings"],
        value_vars=["required", "preferred", "mentioned"],
        var_name="asked as",
        value_name="count",
    )
    order = list(frame.sort_values("postings", ascending=False)["credential"])
    return (
        alt.Chart(long)
        .mark_bar()
        .encode(
            y=alt.Y("credential:N", sort=order, title=None, axis=alt.Axis(labelOverlap=False)),
            x=alt.X("count:Q", title="Open postings", axis=alt.Axis(tickMinStep=1)),
            color=alt.Color(
                "asked as:N",
                title="Asked as",
                scale=alt.Scale(domain=list(LEVEL_COLORS), range=list(LEVEL_COLORS.values())),
                legend=alt.Legend(orient="top"),
            ),
            order=alt.Order("asked as:N", sort="descending"),
            tooltip=[
                alt.Tooltip("credential:N", title="Credential"),
                alt.Tooltip("asked as:N", title="Asked as"),
                alt.Tooltip("count:Q", title="Postings"),
            ],
        )
        .properties(height=alt.Step(24))
    )


SERIES_COLORS = ["#08306b", HIGHLIGHT_COLOR, POSTING_COLOR]
BARS_HEIGHT = 170  # pixels of the histogram under the bands
BAND_ROW = 50  # pixels per benchmark band above it
# Room on the right for half of the last pay label (binned ticks need not end the axis).
PADDING = {"left": 5, "top": 5, "bottom": 5, "right": 30}


def pay_distribution(bins: list[dict], bands: list[dict]) -> alt.LayerChart:
    """Posted pay as a histogram (bins: low, high, postings) under one band per benchmark
    (bands: series, p10, p25, p50, p75, p90), each named above its band; the band's median
    runs down through the histogram as a dotted line. No legend: the names are the key."""
    frame = pd.DataFrame(bins)
    top_postings = int(frame["postings"].max()) if len(frame) else 1
    values = [*frame["low"], *frame["high"]]
    for band in bands:
        values += [band[c] for c in ("p10", "p90") if band.get(c) is not None]
    domain = [min(values), max(values)] if values else None
    x_scale = alt.Scale(domain=domain, nice=True, zero=False)
    money_axis = alt.Axis(
        format="$,.0f", title="Posted annual pay (USD)", labelOverlap=True, labelFlush=True
    )
    height = BARS_HEIGHT + BAND_ROW * len(bands)
    # The bars fill the bottom BARS_HEIGHT pixels; the bands the rows above them.
    bar_top = top_postings * height / (BARS_HEIGHT - 10)
    ticks = list(range(0, top_postings + 1, max(1, math.ceil(top_postings / 4))))
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAND_COLOR, stroke=INNER_COLOR, strokeWidth=0.5)
        .encode(
            x=alt.X("low:Q", bin="binned", scale=x_scale, axis=money_axis),
            x2="high:Q",
            y=alt.Y(
                "postings:Q",
                title=None,
                scale=alt.Scale(domain=[0, bar_top], nice=False),
                axis=alt.Axis(values=ticks, format="d", labelFlush=True, grid=False),
            ),
            tooltip=[
                alt.Tooltip("low:Q", title="From", format="$,.0f"),
                alt.Tooltip("high:Q", title="Up to", format="$,.0f"),
                alt.Tooltip("postings:Q", title="Postings"),
            ],
        )
    )
    if not bands:
        return bars.properties(height=BARS_HEIGHT, padding=PADDING)
    rows = pd.DataFrame(
        [
            {**band, "level": height - BAND_ROW * (n + 0.5) - 4, "color": SERIES_COLORS[n % 3]}
            for n, band in enumerate(bands)
        ]
    )
    y = alt.Y("level:Q", scale=alt.Scale(domain=[0, height], nice=False), axis=None)
    color = alt.Color("color:N", scale=None, legend=None)
    tooltip = [
        alt.Tooltip("series:N", title="Benchmark"),
        *(
            alt.Tooltip(f"{c}:Q", title=t, format="$,.0f")
            for c, t in (("p10", "10th pct"), ("p25", "25th pct"), ("p50", "Median"),
                         ("p75", "75th pct"), ("p90", "90th pct"))
        ),
    ]  # fmt: skip
    base = alt.Chart(rows).encode(y=y, color=color, tooltip=tooltip)
    whisker = base.mark_rule(strokeWidth=2).encode(
        x=alt.X("p10:Q", scale=x_scale, axis=money_axis), x2="p90:Q"
    )
    box = base.mark_bar(size=14, opacity=0.35).encode(
        x=alt.X("p25:Q", scale=x_scale, axis=money_axis), x2="p75:Q"
    )
    median = base.mark_tick(thickness=3, size=20).encode(
        x=alt.X("p50:Q", scale=x_scale, axis=money_axis)
    )
    down = base.mark_rule(strokeWidth=1, strokeDash=[2, 3]).encode(
        x=alt.X("p50:Q", scale=x_scale, axis=money_axis), y2=alt.datum(0)
    )
    names = base.mark_text(align="left", baseline="bottom", dy=-12, fontSize=12).encode(
        x=alt.value(0), text="series:N"
    )
    marks = alt.layer(down, whisker, box, median, names)
    return (
        alt.layer(bars, marks)
        .resolve_scale(y="independent")
        .properties(height=height, padding=PADDING)
    )
