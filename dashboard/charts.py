"""Altair charts: percentile bands, state means, credential demand. Data in, chart out."""

import altair as alt
import pandas as pd

BAND_COLOR = "#9ecae1"
INNER_COLOR = "#3182bd"
POSTING_COLOR = "#d62728"
HIGHLIGHT_COLOR = "#e6550d"
LEVEL_COLORS = {"required": "#3182bd", "preferred": "#9ecae1", "mentioned": "#c7c7c7"}
ROW_HEIGHT = 40  # pixels per benchmark row


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
    y = alt.Y(
        "benchmark:N",
        title=None,
        sort=None,
        axis=alt.Axis(labelLimit=420, labelFontSize=12),
    )
    x_scale = alt.Scale(zero=False, nice=True)
    money_axis = alt.Axis(format="$,.0f", title="Annual pay (USD)")
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
    box = base.mark_bar(color=BAND_COLOR, size=18, stroke=INNER_COLOR).encode(
        x=alt.X("p25:Q", scale=x_scale, axis=money_axis), x2="p75:Q"
    )
    median = base.mark_tick(color="#08306b", thickness=3, size=22).encode(
        x=alt.X("p50:Q", scale=x_scale, axis=money_axis)
    )
    mean = base.mark_point(shape="diamond", filled=True, size=110, color=INNER_COLOR).encode(
        x=alt.X("mean:Q", scale=x_scale, axis=money_axis)
    )
    layers: list[alt.Chart] = [whisker, box, median, mean]
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
            rule.mark_text(
                text="This posting",
                color=POSTING_COLOR,
                align="left",
                dx=5,
                dy=-6,
                y=0,
                baseline="top",
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


def pay_distribution(bins: list[dict], marks: list[dict]) -> alt.LayerChart:
    """Posted pay as a histogram (bins: low, high, postings) under benchmark rules (marks:
    pay, label, series), each rule named in its tooltip and the legend."""
    frame = pd.DataFrame(bins)
    money_axis = alt.Axis(format="$,.0f", title="Posted annual pay (USD)", labelOverlap=True)
    bars = (
        alt.Chart(frame)
        .mark_bar(color=BAND_COLOR, stroke=INNER_COLOR, strokeWidth=0.5)
        .encode(
            x=alt.X("low:Q", bin="binned", axis=money_axis),
            x2="high:Q",
            y=alt.Y("postings:Q", title="Postings", axis=alt.Axis(tickMinStep=1)),
            tooltip=[
                alt.Tooltip("low:Q", title="From", format="$,.0f"),
                alt.Tooltip("high:Q", title="Up to", format="$,.0f"),
                alt.Tooltip("postings:Q", title="Postings"),
            ],
        )
    )
    layers: list[alt.Chart] = [bars]
    if marks:
        rules = (
            alt.Chart(pd.DataFrame(marks))
            .mark_rule(strokeWidth=2)
            .encode(
                x="pay:Q",
                color=alt.Color(
                    "series:N",
                    title="Benchmark",
                    # The current figures first (navy, solid), the article's after (dashed).
                    scale=alt.Scale(
                        domain=list(dict.fromkeys(m["series"] for m in marks)),
                        range=["#08306b", POSTING_COLOR, HIGHLIGHT_COLOR],
                    ),
                    legend=alt.Legend(orient="bottom", labelLimit=360, direction="vertical"),
                ),
                strokeDash=alt.StrokeDash(
                    "series:N",
                    legend=None,
                    scale=alt.Scale(
                        domain=list(dict.fromkeys(m["series"] for m in marks)),
                        range=[[1, 0], [6, 3], [2, 2]],
                    ),
                ),
                tooltip=[
                    alt.Tooltip("series:N", title="Benchmark"),
                    alt.Tooltip("label:N", title="Figure"),
                    alt.Tooltip("pay:Q", title="Annual", format="$,.0f"),
                ],
            )
        )
        layers.append(rules)
    return alt.layer(*layers).properties(height=220)
