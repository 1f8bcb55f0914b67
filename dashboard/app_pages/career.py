"""The career: what the work pays, how it grows, what it asks — then (2016) and now."""

import re

import pandas as pd
import streamlit as st

from core.states import US_STATES
from core.vocabulary import Occupation
from dashboard import charts, data, phone
from dashboard import transforms as tf
from dashboard.escape import md
from dashboard.labels import MISSING

CURRENT_CODES = tuple(Occupation)
TERRITORIES = {"PR", "GU", "VI", "AS", "MP"}
STATES_AND_DC = set(US_STATES) - TERRITORIES
ARTICLE = "the career article"
ARTICLE_PAY_LINK = "https://www.bls.gov/oes/2016/may/oes292071.htm"


def _postings(count: int) -> str:
    return f"{count} posting" if count == 1 else f"{count} postings"


def _named_by(count: int) -> str:
    return f"named by {_postings(count)} open now" if count else "named by no open posting"


def _join(items: list[str] | None) -> str:
    return ", ".join(items or []) or MISSING


def _then_column(facts: dict, article: tf.Benchmark | None) -> None:
    st.subheader("In 2016, as the article put it")
    pay = facts.get("pay", {})
    label = article.label if article else f"{pay.get('source', 'BLS OES May 2016')}, SOC 29-2071"
    figures = article.percentiles if article else {10: pay.get("p10"), 50: pay.get("median"),
                                                   90: pay.get("p90")}  # fmt: skip
    st.caption(
        f"Medical records and health information technicians (SOC 29-2071), {label}. "
        "SOC 29-2071 was split in 2018; most of it became 29-2072 and part went to 29-9021."
    )
    cols = st.columns(3)
    cols[0].metric("10th percentile", tf.money(figures.get(10)), help=label)
    cols[1].metric("Median", tf.money(figures.get(50)), help=label)
    cols[2].metric("90th percentile", tf.money(figures.get(90)), help=label)
    growth = facts.get("growth", {})
    education = facts.get("education", {})
    credentials = facts.get("credentials", {})
    states = facts.get("states", {})
    employers = facts.get("employers", {})
    st.markdown(f"What {ARTICLE} says, with the 2016 figures it gives:")
    st.markdown(
        "- **Also called:** health information technicians (HIT) or medical records "
        "technicians (MRT).\n"
        f"- **Growth:** {growth.get('pct_change', MISSING)}% projected for "
        f"{str(growth.get('period', '2016-2026')).replace('-', '–')} "
        f"({growth.get('source', 'BLS Employment Projections')}).\n"
        f"- **Training:** {education.get('summary', 'About two years after high school.')} "
        f"Programs are accredited by {education.get('accreditation', 'CAHIIM')}.\n"
        f"- **Credentials named:** {_join(credentials.get('codes'))} "
        "(the cancer registrar's CTR is called ODS-C since 2024).\n"
        f"- **Certifying bodies:** {_join(credentials.get('bodies'))}.\n"
        f"- **Top-paying states:** {_join(states.get('top_paying'))}.\n"
        f"- **Most jobs:** {_join(states.get('most_jobs'))}.\n"
        f"- **Where most of them work:** {_employers(employers.get('largest'))} — the "
        "industries with the most of these jobs, not the best-paying ones."
    )
    pay_link = article.link if article else ARTICLE_PAY_LINK
    st.caption(
        "Where the article's figures come from: its pay figures are the U.S. Bureau of Labor "
        f"Statistics' [BLS OES May 2016, national, SOC 29-2071]({pay_link}) estimates; its "
        "growth figure is from the "
        f"{growth.get('source', 'BLS Employment Projections 2016-26').replace('-', '–')}. This "
        "project's reference data records neither the article's title nor the industries "
        "that paid best, so neither is given here."
    )


def _employers(largest: list[str] | None) -> str:
    names = [name[:1].lower() + name[1:] for name in largest or []]
    if len(names) > 1:
        return ", ".join(names[:-1]) + " and " + names[-1]
    return names[0] if names else MISSING


def _now_column(national: dict[str, tf.Benchmark], projections: list[dict]) -> None:
    st.subheader("Now")
    current = national.get(tf.RECORDS)
    if current is not None:
        st.caption(f"Medical records specialists — {current.label}.")
        cols = st.columns(3)
        for col, (p, name) in zip(
            cols, ((10, "10th percentile"), (50, "Median"), (90, "90th percentile")), strict=True
        ):
            col.metric(name, tf.money(current.percentiles.get(p)), help=current.label)
    lines = []
    for code in CURRENT_CODES:
        projection = _newest_projection(projections, code)
        if projection is None:
            continue
        period = projection["period"].replace("-", "–")
        lines.append(
            f"- **{tf.OCCUPATIONS[code]} (SOC {code}):** "
            f"{projection['pct_change']:+.1f}% jobs projected {period}, about "
            f"{projection['openings_annual'] * 1000:,.0f} openings a year; entry: "
            f"{(projection.get('entry_education') or 'not stated').lower()}."
        )
    if lines:
        st.markdown("\n".join(lines))
        st.caption(
            "Source: BLS Employment Projections (openings include replacing workers who leave)."
        )
    st.markdown(
        "Coding and records work still starts with a certificate or an associate degree; "
        "technologist, registrar and analyst roles lean on an associate degree and a "
        "credential; managers usually hold a bachelor's degree and experience."
    )


def _newest_projection(projections: list[dict], code: str) -> dict | None:
    matches = [p for p in projections if p["soc_code"] == code]
    return max(matches, key=lambda p: p["period"], default=None)


def _percentiles_section(national: dict[str, tf.Benchmark], article: tf.Benchmark | None) -> None:
    st.subheader("What the work pays")
    shown = [b for b in (*(national.get(c) for c in CURRENT_CODES), article) if b is not None]
    if not shown:
        st.info("No wage figures in the store yet: run `hitboard init` to load them.")
        return
    rows = [tf.chart_row(b) for b in shown]
    st.altair_chart(charts.percentile_bands(rows), width="stretch")
    table = pd.DataFrame(
        [
            {
                "Occupation": b.occupation,
                "SOC": b.soc_code,
                "Year": b.year,
                "10th": b.percentiles.get(10),
                "25th": b.percentiles.get(25),
                "Median": b.percentiles.get(50),
                "75th": b.percentiles.get(75),
                "90th": b.percentiles.get(90),
                "Source": b.link,
            }
            for b in shown
        ]
    )
    with phone.phone_form("career_pay"):
        for b in shown:
            low, median, high = (md(tf.money(b.percentiles.get(n))) for n in (10, 50, 90))
            st.markdown(
                f"**{md(b.occupation)}** · {b.soc_code}, {md(b.year)}  \n"
                f"Median {median} · 10th–90th {low}–{high} · [BLS ↗]({b.link})"
            )
    with phone.wide_form("career_pay"):
        _pay_table(table)
    st.caption(
        "Annual wages, national. Line: 10th–90th percentile; box: 25th–75th; tick: median; "
        "diamond: mean. 2016 dollars are not adjusted for inflation."
    )


def _table(table: pd.DataFrame, columns: dict) -> None:
    """A wide screen's table: full width, missing figures as a dash."""
    st.dataframe(
        table, hide_index=True, placeholder=MISSING, width="stretch", column_config=columns
    )


def _pay_table(table: pd.DataFrame) -> None:
    money = st.column_config.NumberColumn(format="dollar", step=1)
    _table(
        table,
        {c: money for c in ("10th", "25th", "Median", "75th", "90th")}
        | {
            "Occupation": st.column_config.TextColumn(width="large"),
            "Source": st.column_config.LinkColumn(
                "Source", display_text="BLS ↗", help="U.S. Bureau of Labor Statistics, OES/OEWS"
            ),
        },
    )


def _scaled(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def _projection_series(projection: dict) -> str:
    """`BLS Employment Projections 2024–34`: the publisher and series (the data file keeps
    where its copy came from)."""
    start, _, end = projection["period"].partition("-")
    return f"BLS Employment Projections {start}–{end[-2:]}"


def _projections_table(projections: list[dict]) -> None:
    st.subheader("Growth")
    if not projections:
        return
    table = pd.DataFrame(
        [
            {
                "Occupation": p["occupation"],
                "SOC": p["soc_code"],
                "Period": p["period"].replace("-", "–"),
                # A figure the source does not give stays missing (shown "—"), never 0.
                "Jobs at start": _scaled(p["employment_start"], 1000),
                "Jobs at end": _scaled(p["employment_end"], 1000),
                "Change": _scaled(p["pct_change"], 0.01),
                "Openings a year": _scaled(p["openings_annual"], 1000),
                "Entry education": p.get("entry_education"),
                "Source": _projection_series(p),
            }
            for p in sorted(projections, key=lambda p: (p["period"], p["soc_code"]), reverse=True)
        ]
    )
    with phone.phone_form("career_growth"):
        for row in table.to_dict("records"):
            st.markdown(
                f"**{md(row['Occupation'])}** · {row['SOC']}, {row['Period']}  \n"
                + " · ".join(_growth_facts(row))
            )
    with phone.wide_form("career_growth"):
        _growth_table(table)
    st.caption(
        "The 2016–26 rows use SOC 2010 (29-2071, before the split), so they do not line up "
        "exactly with the 2024–34 rows."
    )


def _growth_facts(row: dict) -> list[str]:
    """A projection's figures as a phone's short row shows them; missing ones left out."""
    facts = []
    start, end, change = row["Jobs at start"], row["Jobs at end"], row["Change"]
    if pd.notna(start) and pd.notna(end):
        facts.append(f"{start:,.0f} → {end:,.0f} jobs")
    if pd.notna(change):
        facts.append(f"{change:+.1%}")
    if pd.notna(row["Openings a year"]):
        facts.append(f"{row['Openings a year']:,.0f} openings a year")
    education = row["Entry education"]
    if pd.notna(education) and education:
        facts.append(md(education))
    return facts or [MISSING]


def _growth_table(table: pd.DataFrame) -> None:
    count = st.column_config.NumberColumn(format="localized", step=1)
    _table(
        table,
        {
            "Jobs at start": count,
            "Jobs at end": count,
            "Openings a year": count,
            "Change": st.column_config.NumberColumn(format="percent"),
        },
    )


def _states_section(benchmarks: list[tf.Benchmark], facts: dict) -> None:
    state_rows = [
        b for b in benchmarks if b.soc_code == tf.RECORDS and b.area != "US" and b.mean is not None
    ]
    if not state_rows:
        return
    year = max(state_rows, key=lambda b: tf.year_number(b.year)).year
    state_rows = [b for b in state_rows if b.year == year]
    label = state_rows[0].label
    st.subheader(f"Pay by state — medical records specialists ({label})")
    territories = st.toggle(
        "Include the territories (Puerto Rico, Guam, U.S. Virgin Islands)", key="career_territories"
    )
    state_rows = [b for b in state_rows if territories or b.area in STATES_AND_DC]
    frame = pd.DataFrame([{"state": b.area, "mean": b.mean} for b in state_rows])
    top_now = list(frame.sort_values("mean", ascending=False)["state"].head(5))
    top_then = facts.get("states", {}).get("top_paying", [])
    st.markdown(
        f"Highest mean pay now: **{', '.join(top_now)}**. The article's top-paying states "
        f"(2016, SOC 29-2071) were {', '.join(top_then) or '—'}, shown in orange."
    )
    # Only a national figure of the same year is drawn beside the state means.
    national = tf.find_benchmark(benchmarks, tf.RECORDS, year=year)
    if national is not None and national.mean:
        above = int((frame["mean"] > national.mean).sum())
        st.markdown(
            f"The national mean for {year} is **{tf.money(national.mean)}** ({national.label}); "
            f"{above} of the {len(frame)} "
            f"{'areas' if territories else 'states (DC counted as one)'} shown pay more on "
            "average."
        )
    st.altair_chart(
        charts.state_means(
            frame,
            highlighted=set(top_then),
            highlight_label="Top-paying in 2016 (article)",
            national_mean=national.mean if national else None,
        ),
        width="stretch",
    )
    newer = tf.find_benchmark(benchmarks, tf.RECORDS)
    if national is not None:
        national_note = f"; dashed line: national mean, {national.label}"
    elif newer is not None and newer.mean:
        national_note = (
            f". The store has no national mean for {year}; the newest, {newer.label}, is "
            f"{tf.money(newer.mean)} — a different year, so it is not drawn"
        )
    else:
        national_note = ""
    first = state_rows[0]
    credit = f"[{first.survey} {first.year}, state means, SOC {first.soc_code}]({first.link})"
    st.caption(
        f"Mean annual wage by state, {label}{national_note}. Source: U.S. Bureau of Labor "
        f"Statistics, {credit}."
    )


def _credentials_section(url: str, credentials: list[dict]) -> None:
    st.subheader("Credentials")
    demand = tf.credential_demand(data.open_credential_mentions(url))
    st.markdown("#### Which credentials employers really ask for")
    if demand.empty:
        st.markdown("No open health-information postings name a credential yet.")
    else:
        st.markdown(
            f"Across the open health-information postings in this store, "
            f"**{md(demand.iloc[0]['credential'])}** is named most often "
            f"({_postings(int(demand.iloc[0]['postings']))})."
        )
        st.altair_chart(charts.credential_demand(demand), width="stretch")
        st.caption(
            "Each posting counts once per credential. *Mentioned* means named without saying "
            "required or preferred (or as 'eligible')."
        )
    if not credentials:
        return
    st.markdown("#### What each credential asks")
    counts = dict(zip(demand["credential"], demand["postings"], strict=True))
    # Short columns only, so none is cut; each credential's rules are read in full below.
    table = pd.DataFrame(
        [
            {
                "Code": c["code"],
                "Credential": c["name"],
                "Body": c["body"],
                "Open postings naming it": int(counts.get(c["code"], 0)),
            }
            for c in credentials
        ]
    ).sort_values(["Open postings naming it", "Code"], ascending=[False, True])
    with phone.phone_form("career_credentials"):
        for row in table.to_dict("records"):
            st.markdown(
                f"**{md(row['Code'])}** — {md(row['Credential'])}  \n{md(row['Body'])} · "
                f"{_named_by(int(row['Open postings naming it']))}"
            )
    with phone.wide_form("career_credentials"):
        _credentials_table(table)
    by_code = {c["code"]: c for c in credentials}
    code = st.selectbox(
        "Read a credential's rules",
        list(table["Code"]),
        format_func=lambda c: f"{c} — {by_code[c]['name']}",
        key="career_credential",
    )
    chosen = by_code[code]
    sources = [s.strip() for s in (chosen.get("source") or "").split(";") if s.strip()]
    st.markdown(
        f"**To sit the exam:** {md(chosen.get('eligibility') or 'not recorded')}  \n"
        f"**To keep it:** {md(chosen.get('renewal') or 'not recorded')}  \n"
        f"**Awarded by:** {md(chosen['body'])}"
    )
    if sources:
        st.caption("Sources: " + " · ".join(_source_link(s) for s in sources))
    st.caption(
        "Where a rule is marked not verified, check with the certifying body before you plan "
        "around it."
    )


def _credentials_table(table: pd.DataFrame) -> None:
    _table(
        table,
        {
            "Code": st.column_config.TextColumn(width="small"),
            "Credential": st.column_config.TextColumn(width="large"),
            "Body": st.column_config.TextColumn(width="medium"),
        },
    )


def _source_link(source: str) -> str:
    """A reference file's source: its address as a link named by its site, the rest as text."""
    found = re.match(r"(https://([^/\s]+)\S*)(.*)", source)
    if not found:
        return md(source)
    url, site, rest = found.groups()
    return f"[{site.removeprefix('www.')}]({url.replace(')', '%29')})" + (
        " " + md(rest) if rest.strip() else ""
    )


def main() -> None:
    url = data.database_url()
    st.title("The career")
    st.markdown(
        "Health information workers code diagnoses and procedures, keep patient records "
        "complete and private, run cancer registries and manage the departments that do it. "
        "Below, the 2016 picture from the career article beside today's BLS figures. Every "
        "figure names its year and SOC occupation code."
    )
    facts = data.career_facts()
    benchmarks = tf.benchmarks_from_rows(data.load_benchmarks(url))
    projections = data.load_projections(url)
    national = {
        code: b
        for code in CURRENT_CODES
        if (b := tf.find_benchmark(benchmarks, code, needs_percentiles=True)) is not None
    }
    article = tf.find_benchmark(
        benchmarks, tf.ARTICLE_BENCHMARK[0], year=tf.ARTICLE_BENCHMARK[1], needs_percentiles=True
    )
    then, now = st.columns(2, gap="large")
    with then:
        _then_column(facts, article)
    with now:
        _now_column(national, projections)
    st.divider()
    _percentiles_section(national, article)
    _projections_table(projections)
    _states_section(benchmarks, facts)
    st.divider()
    _credentials_section(url, data.load_credentials(url))


main()
