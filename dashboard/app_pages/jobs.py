"""Jobs: find postings, then read one beside the pay benchmarks for its occupation and state."""

from datetime import UTC, datetime

import pandas as pd
import streamlit as st

from core.vocabulary import PayPeriod
from dashboard import charts, data
from dashboard import transforms as tf
from dashboard.sanitize import safe_description_html

KEY = "jobs_"  # prefix of this page's widget keys (the reset button clears them)
POSTED_WITHIN = [None, 1, 3, 7, 14, 30, 90]
PERIOD_WORDS = {
    PayPeriod.HOUR: "an hour",
    PayPeriod.DAY: "a day",
    PayPeriod.WEEK: "a week",
    PayPeriod.BIWEEK: "every two weeks",
    PayPeriod.MONTH: "a month",
    PayPeriod.YEAR: "a year",
}
HOURS_NOTE = {
    PayPeriod.HOUR: "2,080 hours",
    PayPeriod.DAY: "260 days",
    PayPeriod.WEEK: "52 weeks",
    PayPeriod.BIWEEK: "26 pay periods",
    PayPeriod.MONTH: "12 months",
}
LONG_DESCRIPTION = 3000  # characters of HTML
TABLE_COLUMNS = (
    "posted", "title", "company", "place", "arrangement", "pay_from", "pay_to",
    "credentials", "occupation", "url",
)  # fmt: skip
EMPTY_STORE_MESSAGE = """
**No postings yet.** Collect some, then reload this page:

- `hitboard crawl --sources sources.toml` crawls the sources in your sources file, or
- `hitboard demo` loads a synthetic sample so you can try the dashboard.
"""


def _reset_filters() -> None:
    for key in list(st.session_state):
        if str(key).startswith(KEY):
            del st.session_state[key]


def _filters_sidebar(listing: pd.DataFrame) -> tf.JobFilters:
    sidebar = st.sidebar
    sidebar.header("Filters")
    open_only = sidebar.toggle("Open postings only", value=True, key=KEY + "open_only")
    relevant_only = sidebar.toggle(
        "Health-information jobs only",
        value=True,
        key=KEY + "relevant_only",
        help="Off: also show postings the classifier judged outside the field.",
    )
    occupation_codes = list(tf.OCCUPATIONS) + sorted(
        {c for c in listing["occupation"].dropna() if c not in tf.OCCUPATIONS}
    )
    occupations = sidebar.multiselect(
        "Occupation", occupation_codes, format_func=tf.occupation_label, key=KEY + "occupation"
    )
    states = sidebar.multiselect(
        "State", sorted(listing["state"].dropna().unique()), key=KEY + "state"
    )
    remote_anywhere = sidebar.checkbox(
        "Also show remote jobs in any state", key=KEY + "remote_anywhere", disabled=not states
    )
    arrangements = sidebar.multiselect(
        "Work arrangement",
        [*tf.ARRANGEMENTS, tf.NOT_STATED],
        format_func=lambda a: tf.ARRANGEMENTS.get(a, "Not stated"),
        key=KEY + "arrangement",
    )
    credentials = sidebar.multiselect(
        "Credential mentioned",
        tf.credential_values(listing),
        key=KEY + "credential",
        help="Postings that name any of these (required, preferred or just mentioned).",
    )
    pay_floor = sidebar.number_input(
        "Minimum annual pay ($)",
        min_value=0,
        max_value=500_000,
        value=0,
        step=5_000,
        key=KEY + "pay_floor",
        help="Compared with the top of a posting's annualized range. Hourly pay counts "
        "2,080 hours a year.",
    )
    include_without_pay = sidebar.checkbox(
        "Include postings without pay",
        key=KEY + "include_without_pay",
        help="Many postings state no pay. Ticked, a pay floor keeps them; unticked, it hides them.",
    )
    posted_within = sidebar.selectbox(
        "Posted within",
        POSTED_WITHIN,
        format_func=lambda d: "Any time" if d is None else f"Last {d} day{'s' if d > 1 else ''}",
        key=KEY + "posted_within",
        help="Uses the posting's own date, or the day it was first collected when it has none.",
    )
    max_education = sidebar.selectbox(
        "Education asked, at most",
        [None, *tf.EDUCATION_LEVELS],
        format_func=lambda e: "Any" if e is None else tf.EDUCATION_LEVELS[e],
        key=KEY + "education",
        help="Keeps postings asking for this level or less, and those that don't say.",
    )
    facets = []
    facet_labels = {"settings": "Work setting", "code_sets": "Code sets", "ehr": "EHR system"}
    facet_options = {key: tf.facet_values(listing, key) for key in tf.FACET_KEYS}
    if any(facet_options.values()):
        with sidebar.expander("Setting, code sets, EHR"):
            for key, options in facet_options.items():
                if options:
                    chosen = st.multiselect(facet_labels[key], options, key=KEY + "facet_" + key)
                    facets.append((key, tuple(chosen)))
    sidebar.button("Reset filters", on_click=_reset_filters)

    filters = tf.JobFilters(
        open_only=open_only,
        relevant_only=relevant_only,
        states=tuple(states),
        remote_anywhere=remote_anywhere,
        arrangements=tuple(arrangements),
        credentials=tuple(credentials),
        pay_floor=float(pay_floor) if pay_floor else None,
        include_without_pay=include_without_pay,
        posted_within_days=posted_within,
        occupations=tuple(occupations),
        facets=tuple(facets),
        max_education=max_education,
    )
    return filters


def _count_line(shown: int, listing: pd.DataFrame, filters: tf.JobFilters, hidden: int) -> str:
    scope = listing
    if filters.open_only:
        scope = scope[scope["closed_at"].isna()]
    if filters.relevant_only:
        scope = scope[scope["relevant"].fillna(False).astype(bool)]
    kind = " ".join(
        word
        for word, on in (("open", filters.open_only), ("health-information", filters.relevant_only))
        if on
    )
    noun = "posting" if len(scope) == 1 else "postings"
    line = f"**{shown:,}** of {len(scope):,} {kind + ' ' if kind else ''}{noun} match."
    if hidden:
        line += (
            f" The pay floor hides {hidden:,} that state no pay"
            " (tick *Include postings without pay* to see them)."
        )
    return line


def _table(table: pd.DataFrame):
    return st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 460),
        on_select="rerun",
        selection_mode="single-row",
        key=KEY + "table",
        # Missing values (no pay, no date) show as a dash; the pay columns stay numeric,
        # so they still sort by amount.
        placeholder="—",
        column_order=TABLE_COLUMNS,
        column_config={
            "posted": st.column_config.DateColumn(
                "Posted", format="YYYY-MM-DD", help="Posting date, else first collected"
            ),
            "title": st.column_config.TextColumn("Title", width="medium"),
            "company": st.column_config.TextColumn("Company"),
            "place": st.column_config.TextColumn("Place"),
            "arrangement": st.column_config.TextColumn("Arrangement"),
            "pay_from": st.column_config.NumberColumn(
                "Pay from /yr", format="dollar", step=1, help="Annualized"
            ),
            "pay_to": st.column_config.NumberColumn(
                "Pay to /yr", format="dollar", step=1, help="Annualized"
            ),
            "credentials": st.column_config.TextColumn("Credentials"),
            "occupation": st.column_config.TextColumn("Occupation"),
            "url": st.column_config.LinkColumn("Posting", display_text="Open ↗"),
        },
    )


def _pick_posting(table: pd.DataFrame, event) -> int:
    """The posting to show: the table's selected row, else the selectbox's choice."""
    ids = [int(i) for i in table["id"]]
    labels = {
        int(row.id): f"{row.title} — {row.company or 'company not given'}"
        + (f" ({row.place})" if row.place else "")
        for row in table.itertuples()
    }
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows and rows[0] < len(ids):
        picked = ids[rows[0]]
        if st.session_state.get(KEY + "last_table_pick") != picked:
            st.session_state[KEY + "last_table_pick"] = picked
            st.session_state[KEY + "detail"] = picked
    if st.session_state.get(KEY + "detail") not in ids:
        st.session_state[KEY + "detail"] = ids[0]
    return st.selectbox(
        "Posting details (or select a row in the table)",
        ids,
        format_func=labels.__getitem__,
        key=KEY + "detail",
    )


def _pay_lines(posting: dict) -> list[str]:
    lines = []
    if posting.get("salary_text"):
        lines.append(f"As posted: “{posting['salary_text']}”")
    low, high = posting.get("salary_min"), posting.get("salary_max")
    period = posting.get("salary_period")
    if low is not None or high is not None:
        currency = posting.get("salary_currency") or "USD"
        if low is not None and high is not None and low != high:
            amount = f"{_amount(low)} – {_amount(high)}"
        else:
            amount = _amount(low if low is not None else high)
            if low is None:
                amount = f"up to {amount}"
            elif high is None:
                amount = f"from {amount}"
        period_words = PERIOD_WORDS.get(period, "(period not stated)")
        lines.append(f"Range: {amount} {period_words} ({currency})")
    annual_min, annual_max = posting.get("salary_annual_min"), posting.get("salary_annual_max")
    if annual_min is not None or annual_max is not None:
        if annual_min is not None and annual_max is not None and annual_min != annual_max:
            annual = f"{tf.money(annual_min)} – {tf.money(annual_max)}"
        else:
            annual = tf.money(annual_min if annual_min is not None else annual_max)
        note = f" (from {HOURS_NOTE[period]})" if period in HOURS_NOTE else ""
        lines.append(f"Annualized: **{annual} a year**{note}")
    if posting.get("salary_estimated"):
        lines.append("The source marks this pay as an estimate, not the employer's figure.")
    return lines


def _amount(value: float) -> str:
    return f"${value:,.2f}" if value < 1000 and value != int(value) else f"${value:,.0f}"


def _benchmark_section(posting: dict, benchmarks: list[tf.Benchmark]) -> None:
    found = tf.benchmarks_for_posting(benchmarks, posting.get("occupation"), posting.get("state"))
    low, high = posting.get("salary_annual_min"), posting.get("salary_annual_max")
    pay = tf.pay_point(low, high)
    st.markdown("#### Pay against the benchmarks")
    if found.national is None and found.article is None:
        st.info("No benchmark figures in the store yet: run `hitboard init` to load them.")
        return
    if found.occupation_assumed:
        st.caption(
            "This posting's occupation is not classified, so it is compared with medical "
            "records specialists (SOC 29-2072), the field's largest occupation."
        )
    sentences = []
    currency = posting.get("salary_currency")
    if pay is not None and currency not in (None, "USD"):
        # BLS figures are US dollars; converting would add a guess to every comparison.
        sentences.append(f"Pay is in {currency}, so it is not placed against US dollar figures.")
        pay = low = high = None
    elif pay is None:
        sentences.append(
            "This posting doesn't state pay; the figures below show what the occupation pays."
        )
    else:
        how = "the middle of its range" if low and high and low != high else "its posted pay"
        if found.national is not None:
            placed = tf.placement_sentence(pay, found.national)
            if placed:
                sentences.append(f"At {tf.money(pay)} a year ({how}), this posting {placed}.")
        if found.state is not None and found.state.mean:
            state = found.state
            what = (
                f"the {state.year} mean for {state.occupation.lower()} in {state.area} "
                f"({tf.money(state.mean)}; {state.label})"
            )
            sentence = f"That is {tf.compare_sentence(pay, state.mean, what)}."
            if found.national is not None and found.national.soc_code != state.soc_code:
                sentence += " (State figures here cover medical records specialists only.)"
            sentences.append(sentence)
        if found.article is not None:
            placed = tf.placement_sentence(pay, found.article)
            if placed:
                sentences.append(
                    f"Against the article's 2016 benchmark (median "
                    f"{tf.money(found.article.median)}), it {placed} — 2016 dollars, not "
                    "adjusted for inflation."
                )
    for sentence in sentences:
        st.markdown(sentence)
    shown = (found.national, found.state, found.article)
    rows = tf.benchmark_chart_rows(found)
    if rows:
        pay_range = (low, high) if low is not None and high is not None else None
        st.altair_chart(
            charts.percentile_bands(rows, pay=pay, pay_range=pay_range), width="stretch"
        )
        st.caption(
            "Line: 10th–90th percentile; box: 25th–75th; dark tick: median; diamond: mean. "
            "Sources: " + "; ".join(sorted({b.source for b in shown if b and b.source}))
        )


def _credentials_section(posting: dict, credential_names: dict[str, str]) -> None:
    requirements = posting.get("credential_requirements") or {}
    codes = list(dict.fromkeys([*(posting.get("certifications") or []), *requirements]))
    st.markdown("#### Credentials and education")
    lines = []
    for code in codes:
        name = credential_names.get(code)
        asked = requirements.get(code) or "mentioned"
        lines.append(f"- **{code}**" + (f" ({name})" if name else "") + f" — {asked}")
    st.markdown("\n".join(lines) if lines else "No credentials named.")
    education = posting.get("education")
    facts = [
        "Education asked: "
        + (tf.EDUCATION_LEVELS.get(education, education) if education else "not stated")
    ]
    if posting.get("experience_years") is not None:
        years = posting["experience_years"]
        facts.append(f"Experience asked: {years:g} year{'s' if years != 1 else ''}")
    st.markdown("  \n".join(facts))


def _detail(posting: dict, benchmarks: list[tf.Benchmark], credential_names: dict) -> None:
    st.subheader(posting["title"])
    arrangement = posting.get("remote")
    place = tf.place_label(
        posting.get("city"), posting.get("state"), posting.get("location"), arrangement
    )
    facts = [posting.get("company") or "Company not given"]
    if place or arrangement not in tf.ARRANGEMENTS:
        facts.append(place or "Place not given")
    facts.append(tf.ARRANGEMENTS.get(arrangement, "Arrangement not stated"))
    if posting.get("employment_type"):
        facts.append(posting["employment_type"])
    st.markdown(" · ".join(facts))
    dates = []
    if posting.get("posted_at"):
        dates.append(f"posted {posting['posted_at']:%Y-%m-%d}")
    dates.append(f"first collected {posting['first_seen_at']:%Y-%m-%d}")
    dates.append(f"last seen {posting['last_seen_at']:%Y-%m-%d}")
    if posting.get("closed_at"):
        dates.append(f"**closed {posting['closed_at']:%Y-%m-%d}** (no longer listed)")
    st.caption(f"Source: {posting['source']} · " + " · ".join(dates))
    st.link_button("Open the posting ↗", posting["url"])

    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("#### Pay")
        lines = _pay_lines(posting)
        st.markdown("  \n".join(lines) if lines else "This posting doesn't state pay.")
    with right:
        _credentials_section(posting, credential_names)
    _benchmark_section(posting, benchmarks)
    st.markdown("#### Description")
    description = safe_description_html(
        posting.get("description_html"), posting.get("description_text")
    )
    # Long descriptions scroll in a box so the page stays easy to move around.
    height = 520 if len(description) > LONG_DESCRIPTION else "content"
    with st.container(height=height, border=True):
        if description:
            st.html(description)
        else:
            st.markdown("No description collected.")


def main() -> None:
    url = data.database_url()
    st.title("Health information jobs")
    listing = data.load_listing(url)
    if listing.empty:
        st.info(EMPTY_STORE_MESSAGE)
        return
    demo = data.demo_status(url)
    if demo.any_demo:
        st.warning(
            "**Demo sample: synthetic postings, not real jobs.**"
            + ("" if demo.all_demo else " Some postings here come from the demo sample.")
        )

    keyword = st.text_input(
        "Search titles, companies and descriptions",
        key=KEY + "keyword",
        placeholder="e.g. coder inpatient, cancer registrar, release of information",
    )
    filters = _filters_sidebar(listing)
    keyword_ids = data.keyword_matches(url, keyword)
    result = tf.filter_postings(listing, filters, now=datetime.now(UTC), keyword_ids=keyword_ids)
    st.markdown(_count_line(len(result.postings), listing, filters, result.hidden_without_pay))
    if result.postings.empty:
        st.info("No postings match these filters. Loosen one, or press *Reset filters*.")
        return
    table = tf.listing_table(result.postings)
    event = _table(table)
    posting_id = _pick_posting(table, event)
    posting = data.load_posting(url, posting_id)
    if posting is None:  # removed since the listing was cached
        st.info("That posting is no longer in the store.")
        return
    benchmarks = tf.benchmarks_from_rows(data.load_benchmarks(url))
    credential_names = {c["code"]: c["name"] for c in data.load_credentials(url)}
    st.divider()
    _detail(posting, benchmarks, credential_names)


main()
