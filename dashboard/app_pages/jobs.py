"""Jobs: find postings, then read one beside the pay benchmarks for its occupation and state.

The search runs in the store (store.listing), a page at a time; every filter lives in the URL
(dashboard.search_url), so a link or a reload opens the same search.
"""

import math

import pandas as pd
import streamlit as st

from dashboard import charts, data
from dashboard import search_url as su
from dashboard import transforms as tf
from dashboard.sanitize import safe_description_html
from dashboard.saved_searches import saved_search_controls
from store.job_search import JobSearch
from store.listing import MAX_OFFSET, PAGE_SIZE, ListingPage

KEY = su.KEY  # prefix of this page's widget keys (the reset button clears them)
URL_READ = "jobs_url_read_once"  # not under KEY: a reset must not read the old URL again
POSTED_WITHIN = [None, 1, 3, 7, 14, 30, 90]
SORTS = {"relevance": "Best match", "newest": "Newest", "pay": "Highest pay"}
PAY_BASES = {None: "Any", "hourly": "Hourly", "salaried": "Salaried"}
ARRANGEMENT_CHOICES = {**tf.ARRANGEMENTS, "unstated": "Not stated"}
FACET_LABELS = {"settings": "Work setting", "code_sets": "Code sets", "ehr": "EHR system"}
FACET_VALUES = {"settings": "setting", "code_sets": "code_set", "ehr": "ehr"}
PERIOD_WORDS = {
    "hour": "an hour",
    "day": "a day",
    "week": "a week",
    "biweek": "every two weeks",
    "month": "a month",
    "year": "a year",
}
HOURS_NOTE = {
    "hour": "2,080 hours",
    "day": "260 days",
    "week": "52 weeks",
    "biweek": "26 pay periods",
    "month": "12 months",
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


def _restore_search() -> None:
    """Give every filter widget its value: from the URL on a session's first run, else kept."""
    if not st.session_state.get(URL_READ):
        st.session_state[URL_READ] = True
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        search, page, problems = su.read_url(params)
        for key, value in su.widget_state(search).items():
            st.session_state[key] = value
        st.session_state[KEY + "page"] = page
        if problems:
            st.warning(
                "Part of this link could not be read and was left out: "
                + "; ".join(f"`{name}`: {why}" for name, why in problems.items())
            )
    for key, value in su.widget_state(JobSearch()).items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault(KEY + "page", 1)


def _options(present: list[str], chosen_key: str) -> list[str]:
    """Values the store holds, plus any the search already names (a link may name others)."""
    return sorted({*present, *st.session_state.get(chosen_key, [])}, key=str.lower)


def _filters_sidebar(values: dict[str, list[str]]) -> JobSearch:
    sidebar = st.sidebar
    sidebar.header("Filters")
    sidebar.toggle("Open postings only", key=KEY + "open_only")
    sidebar.toggle(
        "Health-information jobs only",
        key=KEY + "relevant_only",
        help="Off: also show postings the classifier judged outside the field.",
    )
    occupation_codes = list(tf.OCCUPATIONS) + [
        c for c in _options(values["occupation"], KEY + "occupation") if c not in tf.OCCUPATIONS
    ]
    sidebar.multiselect(
        "Occupation", occupation_codes, format_func=tf.occupation_label, key=KEY + "occupation"
    )
    states = _options(values["state"], KEY + "state")
    sidebar.multiselect("State", states, key=KEY + "state")
    sidebar.checkbox(
        "Also show remote jobs in any state",
        key=KEY + "remote_anywhere",
        disabled=not st.session_state.get(KEY + "state"),
    )
    sidebar.multiselect(
        "Work arrangement",
        list(ARRANGEMENT_CHOICES),
        format_func=ARRANGEMENT_CHOICES.__getitem__,
        key=KEY + "arrangement",
    )
    sidebar.multiselect(
        "Credential mentioned",
        _options(values["credential"], KEY + "credential"),
        key=KEY + "credential",
        help="Postings that name any of these (required, preferred or just mentioned).",
    )
    sidebar.number_input(
        "Minimum annual pay ($)",
        min_value=0,
        max_value=500_000,
        step=5_000,
        key=KEY + "pay_floor",
        help="Compared with the top of a posting's annualized range. Hourly pay counts "
        "2,080 hours a year.",
    )
    sidebar.checkbox(
        "Include postings without pay",
        key=KEY + "include_without_pay",
        help="Many postings state no pay. Ticked, a pay floor keeps them; unticked, it hides them.",
    )
    sidebar.selectbox(
        "Pay stated",
        list(PAY_BASES),
        format_func=PAY_BASES.__getitem__,
        key=KEY + "pay_basis",
        help="Hourly: pay by the hour. Salaried: by the year, month or pay period.",
    )
    within = sorted({*POSTED_WITHIN[1:], st.session_state.get(KEY + "posted_within") or 1})
    sidebar.selectbox(
        "Posted within",
        [None, *within],
        format_func=lambda d: "Any time" if d is None else f"Last {d} day{'s' if d > 1 else ''}",
        key=KEY + "posted_within",
        help="Uses the posting's own date, or the day it was first collected when it has none.",
    )
    sidebar.selectbox(
        "Education asked, at most",
        [None, *tf.EDUCATION_LEVELS],
        format_func=lambda e: "Any" if e is None else tf.EDUCATION_LEVELS[e],
        key=KEY + "education",
        help="Keeps postings asking for this level or less, and those that don't say.",
    )
    sidebar.multiselect(
        "Employment type",
        _options(values["employment_type"], KEY + "employment_type"),
        key=KEY + "employment_type",
    )
    facet_options = {
        name: _options(values[facet], KEY + "facet_" + name) for name, facet in FACET_VALUES.items()
    }
    if any(facet_options.values()):
        with sidebar.expander("Setting, code sets, EHR"):
            for name, options in facet_options.items():
                if options:
                    st.multiselect(FACET_LABELS[name], options, key=KEY + "facet_" + name)
    sidebar.button("Reset filters", on_click=_reset_filters)
    return su.search_from_widgets(st.session_state)


def _count_line(page: ListingPage, search: JobSearch, scope_total: int) -> str:
    kind = " ".join(
        word
        for word, on in (("open", not search.include_closed),
                         ("health-information", not search.include_unrelated))
        if on
    )  # fmt: skip
    noun = "posting" if scope_total == 1 else "postings"
    shown = f"{page.total:,}" if page.total_exact else f"More than {page.total:,}"
    line = f"**{shown}** of {scope_total:,} {kind + ' ' if kind else ''}{noun} match."
    if page.hidden_without_pay:
        line += (
            f" The pay floor hides {page.hidden_without_pay:,} that state no pay"
            " (tick *Include postings without pay* to see them)."
        )
    return line


def _share_control(params: dict) -> None:
    with st.popover("Copy link", icon=":material/link:"):
        st.caption("This link opens this search, with every filter, on any device.")
        st.code(su.share_link(st.context.url, params), language=None, wrap_lines=True)


def _page_control(page: ListingPage) -> None:
    """Page numbers under the table (counts stop early, so the last page may be unknown)."""
    if page.total_exact:
        pages = max(1, math.ceil(page.total / PAGE_SIZE))
    else:
        pages = MAX_OFFSET // PAGE_SIZE + 1
    current = st.session_state[KEY + "page"]
    if pages > 1 or current > 1:
        st.number_input(
            f"Page (of {pages:,})" if page.total_exact else "Page",
            min_value=1,
            max_value=max(pages, current),
            key=KEY + "page",
        )


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
    _restore_search()
    revision = data.revision(url)
    if not data.has_postings(url):
        st.info(EMPTY_STORE_MESSAGE)
        return
    demo = data.demo_status(url)
    if demo.any_demo:
        st.warning(
            "**Demo sample: synthetic postings, not real jobs.**"
            + ("" if demo.all_demo else " Some postings here come from the demo sample.")
        )

    left, right = st.columns([5, 1], vertical_alignment="bottom")
    left.text_input(
        "Search titles, companies and descriptions",
        key=KEY + "keyword",
        placeholder='e.g. coder inpatient, cancer registrar, "release of information"',
    )
    right.selectbox("Sort by", list(SORTS), format_func=SORTS.__getitem__, key=KEY + "sort")
    search = _filters_sidebar(data.filter_values(url, revision))
    saved_search_controls(url, search)
    params = search.to_params()
    if st.session_state.get(KEY + "last_params") not in (None, params):
        st.session_state[KEY + "page"] = 1  # a new search starts on its first page
    st.session_state[KEY + "last_params"] = params
    page_number = st.session_state[KEY + "page"]
    st.query_params.from_dict(su.url_params(search, page_number))

    page = data.search_page(url, params, page_number, revision)
    scope_total = data.scope_total(url, search.include_closed, search.include_unrelated, revision)
    line, share = st.columns([5, 1], vertical_alignment="center")
    line.markdown(_count_line(page, search, scope_total))
    with share:
        _share_control(su.url_params(search, page_number))
    if not page.rows:
        if page_number > 1:
            st.info("No postings on this page. Go back a page.")
            _page_control(page)
        else:
            st.info("No postings match these filters. Loosen one, or press *Reset filters*.")
        return
    table = tf.listing_table(pd.DataFrame(page.rows))
    event = _table(table)
    _page_control(page)
    posting_id = _pick_posting(table, event)
    posting = data.load_posting(url, posting_id)
    if posting is None:  # removed since the page was cached
        st.info("That posting is no longer in the store.")
        return
    benchmarks = tf.benchmarks_from_rows(data.load_benchmarks(url))
    credential_names = {c["code"]: c["name"] for c in data.load_credentials(url)}
    st.divider()
    _detail(posting, benchmarks, credential_names)


main()
