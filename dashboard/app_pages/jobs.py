"""Jobs: find postings, then read one beside the pay benchmarks for its occupation and state.

The search runs in the store (store.listing), a page at a time; every filter lives in the URL
(dashboard.search_url), so a link or a reload opens the same search.
"""

import math

import pandas as pd
import streamlit as st

from dashboard import charts, current, data, labels, phone
from dashboard import job_rows as jr
from dashboard import search_url as su
from dashboard import transforms as tf
from dashboard.escape import csv_safe, md
from dashboard.sanitize import safe_description_html
from dashboard.saved_searches import saved_search_controls
from store.job_search import JobSearch
from store.listing import MAX_OFFSET, PAGE_SIZE, ListingPage

KEY = su.KEY  # prefix of this page's widget keys (the reset button clears them)
URL_READ = "jobs_url_read_once"
FILTERS_BUTTON = "jobs_filters_button"
FILTERS_HERE = "jobs_filters_in_page"  # not under KEY: a reset keeps the filters where they are
FILTERS_IN_PAGE = "jobs_filters_panel"  # not under KEY: a reset must not read the old URL again
TABLE_GENERATION = "jobs_table_generation"
POSTED_WITHIN = [None, 1, 3, 7, 14, 30, 90]
SORTS = {"relevance": "Best match", "newest": "Newest", "pay": "Highest pay"}
PAY_BASES = current.PAY_BASES
AGENCY_CHOICES = {None: "Shown", False: "Left out", True: "Only these"}
ARRANGEMENT_CHOICES = current.ARRANGEMENT_CHOICES
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
# Title, company, place and pay first: on a phone they are what fits.
TABLE_COLUMNS = (
    "title", "company", "place", "pay", "pay_from", "pay_to", "arrangement", "posted",
    "days_open", "reposted", "credentials", "sources", "occupation", "url",
)  # fmt: skip
CSV_COLUMNS = ("title", "company", "place", "arrangement", "pay", "pay_from", "pay_to",
               "posted", "days_open", "reposted", "credentials", "sources", "url")  # fmt: skip
TITLE_WIDTH = 290  # px
SOURCE_WORDS = {"text": "read from the description", "inferred": "inferred from other fields"}
EMPTY_STORE_MESSAGE = """
**No postings yet.** Collect some, then reload this page:

- `hitboard crawl --sources sources.toml` crawls the sources in your sources file, or
- `hitboard demo` loads a synthetic sample so you can try the dashboard.
"""


def _reset_filters() -> None:
    """Every widget back to its default value. Deleting the keys is not enough: the browser
    still holds the old values and sends them back with the next change."""
    for key, value in su.widget_state(JobSearch()).items():
        st.session_state[key] = value
    st.session_state[KEY + "page"] = 1
    st.session_state.pop(KEY + "detail", None)
    _new_table()


def _new_table() -> None:
    """Clear the table's selection (a new key), so it never ticks a posting not shown."""
    st.session_state[TABLE_GENERATION] = st.session_state.get(TABLE_GENERATION, 0) + 1


def _restore_search() -> None:
    """Give every filter widget its value: from the URL on a session's first run, from another
    page that opens a search (the map), from the last search when the page is entered again
    (Streamlit forgets a page's widgets when another page runs); else kept."""
    pending = st.session_state.pop(current.PENDING_SEARCH, None)
    problems: dict[str, str] = {}
    if pending is not None:
        search, page = JobSearch.from_params(pending), 1
    elif not st.session_state.get(URL_READ):
        st.session_state[URL_READ] = True
        params = {key: st.query_params.get_all(key) for key in st.query_params}
        search, page, problems = su.read_url(params)
    elif KEY + "keyword" not in st.session_state:
        search, page = JobSearch.from_params(st.session_state.get(current.LAST_SEARCH, {})), 1
    else:
        search = None
    if search is not None:
        for key, value in su.widget_state(search).items():
            st.session_state[key] = value
        st.session_state[KEY + "page"] = page
    if problems:
        st.warning(
            "Part of this link could not be read and was left out: "
            + "; ".join(f"`{name}`: {md(why)}" for name, why in problems.items())
        )
    for key, value in su.widget_state(JobSearch()).items():
        st.session_state.setdefault(key, value)
    st.session_state.setdefault(KEY + "page", 1)


def _options(present: list[str], chosen_key: str) -> list[str]:
    """Values the store holds, plus any the search already names (a link may name others)."""
    return sorted({*present, *st.session_state.get(chosen_key, [])}, key=str.lower)


def _toggle_filters_here() -> None:
    st.session_state[FILTERS_HERE] = not st.session_state.get(FILTERS_HERE, False)


def _filters_button() -> None:
    """On a phone the sidebar hides behind Streamlit's small arrow: this labelled button
    brings the filters into the page instead (a wide screen has the sidebar open)."""
    here = st.session_state.get(FILTERS_HERE, False)
    st.html(PHONE_CSS + ("" if here else WIDE_HIDES_BUTTON_CSS))
    st.button(
        "Hide filters" if here else "Filters",
        key=FILTERS_BUTTON,
        on_click=_toggle_filters_here,
        type="secondary" if here else "primary",
        help="Show the filters here, in the page" if not here else None,
    )


def _filters(values: dict[str, list[str]], credential_names: dict[str, str]) -> JobSearch:
    """The filter widgets: in the sidebar, or in the page when the Filters button asked."""
    if st.session_state.get(FILTERS_HERE, False):
        with st.container(border=True, key=FILTERS_IN_PAGE):
            return _filter_widgets(st.container(), values, credential_names)
    return _filter_widgets(st.sidebar, values, credential_names)


def _filter_widgets(
    sidebar, values: dict[str, list[str]], credential_names: dict[str, str]
) -> JobSearch:
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
        format_func=lambda code: labels.credential_option(code, credential_names),
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
        [su.ANY, *(b for b in PAY_BASES if b is not None)],
        format_func=lambda b: PAY_BASES[None if b == su.ANY else b],
        key=KEY + "pay_basis",
        help="Hourly: pay by the hour. Salaried: by the year, month or pay period.",
    )
    chosen_days = st.session_state.get(KEY + "posted_within")
    within = sorted({*POSTED_WITHIN[1:], chosen_days if isinstance(chosen_days, int) else 1})
    sidebar.selectbox(
        "Posted within",
        [su.ANY, *within],
        format_func=lambda d: "Any time" if d == su.ANY else f"Last {d} day{'s' if d > 1 else ''}",
        key=KEY + "posted_within",
        help="Uses the posting's own date, or the day it was first collected when it has none.",
    )
    sidebar.selectbox(
        "Education asked, at most",
        [su.ANY, *tf.EDUCATION_LEVELS],
        format_func=lambda e: "Any" if e == su.ANY else tf.EDUCATION_LEVELS[e],
        key=KEY + "education",
        help="Keeps postings asking for this level or less, and those that don't say.",
    )
    groups = _employment_groups(values["employment_type"])
    sidebar.multiselect(
        "Employment type",
        [spellings[0] for spellings in groups.values()],
        format_func=labels.employment_label,
        key=KEY + "employment_type",
    )
    sidebar.selectbox(
        "Agency postings",
        [su.ANY, *(c for c in AGENCY_CHOICES if c is not None)],
        format_func=lambda c: AGENCY_CHOICES[None if c == su.ANY else c],
        key=KEY + "agency",
        help="Postings by staffing agencies or coding vendors for another employer's job.",
    )
    facet_options = {
        name: _options(values[facet], KEY + "facet_" + name) for name, facet in FACET_VALUES.items()
    }
    if any(facet_options.values()):
        with sidebar.expander("Setting, code sets, EHR"):
            for name, options in facet_options.items():
                if options:
                    st.multiselect(
                        FACET_LABELS[name],
                        options,
                        format_func=labels.facet_label,
                        key=KEY + "facet_" + name,
                    )
    sidebar.button("Reset filters", on_click=_reset_filters)
    search = su.search_from_widgets(st.session_state)
    # One choice on screen ("Full-time") stands for every spelling the store holds.
    chosen = {labels.employment_label(v) for v in search.employment_types}
    spellings = sorted({s for label in chosen for s in groups.get(label, [label])})
    return search.model_copy(update={"employment_types": tuple(spellings)})


def _employment_groups(present: list[str]) -> dict[str, list[str]]:
    """The employment types by label; the widget holds one spelling of each (the first)."""
    key = KEY + "employment_type"
    chosen = list(st.session_state.get(key, []))
    groups = labels.employment_groups({*present, *chosen})
    first = {spelling: group[0] for group in groups.values() for spelling in group}
    st.session_state[key] = list(dict.fromkeys(first[v] for v in chosen))
    return groups


def _count_line(
    page: ListingPage, search: JobSearch, scope_total: int, jobs: int | None = None
) -> str:
    kind = " ".join(
        word
        for word, on in (("open", not search.include_closed),
                         ("health-information", not search.include_unrelated))
        if on
    )  # fmt: skip
    noun = "posting" if scope_total == 1 else "postings"
    shown = f"{page.total:,}" if page.total_exact else f"More than {page.total:,}"
    line = f"**{shown}** of {scope_total:,} {kind + ' ' if kind else ''}{noun} match"
    if page.total_exact and jobs is not None and jobs < page.total:
        line += f": **{jobs:,}** {'job' if jobs == 1 else 'jobs'}, each shown once."
    else:
        line += "."
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


PHONE_LIST, WIDE_LIST = "jobs_list_phone", "jobs_list_wide"
PHONE_CSS = phone.css(phone=[PHONE_LIST], wide=[WIDE_LIST])
# A wide screen has the sidebar open: the Filters button is for phones.
WIDE_HIDES_BUTTON_CSS = phone.css(phone=[FILTERS_BUTTON], wide=[])


def _phone_list(table: pd.DataFrame) -> None:
    """The results as short rows for a phone: title, then company, place and pay."""
    for n, row in enumerate(table.itertuples(), start=1):
        facts = [row.company or "Company not given", row.place or row.arrangement or "", row.pay]
        st.markdown(
            f"**{n}. {md(row.title)}**  \n" + " · ".join(md(f) for f in facts if f),
        )


def _jobs_table(jobs: list[dict]) -> pd.DataFrame:
    table = tf.listing_table(pd.DataFrame(jobs))
    table["pay"] = [jr.pay_as_posted(job) for job in jobs]
    table["credentials"] = [jr.credentials_asked(job) for job in jobs]
    table["days_open"] = [job["days_open"] for job in jobs]
    table["reposted"] = [job["reposted"] for job in jobs]
    table["sources"] = [job["sources"] for job in jobs]
    return table


def _table(table: pd.DataFrame):
    return st.dataframe(
        table,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * len(table), 460),
        on_select="rerun",
        selection_mode="single-row",
        key=f"{KEY}table_{st.session_state.get(TABLE_GENERATION, 0)}",
        # Missing values (no pay, no date) show as a dash; the pay columns stay numeric,
        # so they still sort by amount.
        placeholder=labels.MISSING,
        column_order=TABLE_COLUMNS,
        column_config={
            "posted": st.column_config.DateColumn(
                "Posted", format="YYYY-MM-DD", help="Posting date, else first collected"
            ),
            # Wide enough that a title such as "Director of Health Information Management"
            # is read whole (Streamlit's "medium" is 200 px and cuts it).
            "title": st.column_config.TextColumn("Title", width=TITLE_WIDTH),
            "company": st.column_config.TextColumn("Company"),
            "place": st.column_config.TextColumn("Place"),
            "pay": st.column_config.TextColumn(
                "Pay as posted", help="The employer's figures: hourly stays hourly"
            ),
            "arrangement": st.column_config.TextColumn("Arrangement"),
            "pay_from": st.column_config.NumberColumn(
                "Yearly from", format="dollar", step=1, help="Annual equivalent (2,080 hours)"
            ),
            "pay_to": st.column_config.NumberColumn(
                "Yearly to", format="dollar", step=1, help="Annual equivalent (2,080 hours)"
            ),
            "days_open": st.column_config.NumberColumn(
                "Days open", format="%d", help="Since the job was first posted on any source"
            ),
            "reposted": st.column_config.NumberColumn(
                "Reposted", format="%d", help="Times the job was taken down and put up again"
            ),
            "credentials": st.column_config.TextColumn("Credentials"),
            "sources": st.column_config.TextColumn(
                "Posted on", help="Every source this job is posted on (one row per job)"
            ),
            "occupation": st.column_config.TextColumn("Occupation"),
            "url": st.column_config.LinkColumn("Posting", display_text="Open ↗"),
        },
    )


def _pick_posting(table: pd.DataFrame, event) -> int:
    """The posting to show: the table's selected row, else the picker's choice.

    Labels start with the row's number, so they are unique and name the row they show;
    choosing in the picker clears the table's tick (see _new_table).
    """
    ids = [int(i) for i in table["id"]]
    labels_by_id = {
        int(row.id): f"{n}. {row.title} — {row.company or 'company not given'}"
        + (f" ({row.place})" if row.place else "")
        for n, row in enumerate(table.itertuples(), start=1)
    }
    rows = list(getattr(getattr(event, "selection", None), "rows", []) or [])
    if rows and rows[0] < len(ids):
        st.session_state[KEY + "detail"] = ids[rows[0]]
    if st.session_state.get(KEY + "detail") not in ids:
        st.session_state[KEY + "detail"] = ids[0]
    return st.selectbox(
        "Posting details (or select a row in the table)",
        ids,
        format_func=labels_by_id.__getitem__,
        key=KEY + "detail",
        on_change=_new_table,
    )


def _pay_lines(posting: dict) -> list[str]:
    lines = []
    if posting.get("salary_text"):
        lines.append(f"As posted: “{md(posting['salary_text'])}”")
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
    if lines and posting.get("salary_source") in SOURCE_WORDS:
        lines.append(f"*Pay {SOURCE_WORDS[posting['salary_source']]}: check it in the posting.*")
    return lines


def _amount(value: float) -> str:
    return f"${value:,.2f}" if value < 1000 and value != int(value) else f"${value:,.0f}"


def _benchmark_section(posting: dict, benchmarks: list[tf.Benchmark]) -> None:
    found = tf.benchmarks_for_posting(benchmarks, posting.get("occupation"), posting.get("state"))
    low, high = posting.get("salary_annual_min"), posting.get("salary_annual_max")
    pay = tf.pay_point(low, high)
    st.markdown("#### Pay against the benchmarks")
    if not found.shown():
        st.info(
            f"No benchmark figures for {md(tf.occupation_label(found.occupation))} in the "
            "store: run `hitboard init` to load them."
        )
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
        sentences.append(
            f"Pay is in {md(currency)}, so it is not placed against US dollar figures."
        )
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
            sentences.append(f"That is {tf.compare_sentence(pay, state.mean, what)}.")
        if found.article is not None:
            placed = tf.placement_sentence(pay, found.article)
            if placed:
                sentences.append(
                    f"Against the article's 2016 benchmark (median "
                    f"{tf.money(found.article.median)}), it {placed} — 2016 dollars, not "
                    "adjusted for inflation."
                )
    state_code = posting.get("state")
    if state_code and found.state is None:
        sentences.append(
            f"There is no state figure for {md(tf.occupation_label(found.occupation))} in "
            f"{md(state_code)} in the store, so it is compared nationally only."
        )
    for sentence in sentences:
        st.markdown(sentence)
    rows = tf.benchmark_chart_rows(found)
    if rows:
        pay_range = (low, high) if low is not None and high is not None else None
        st.altair_chart(
            charts.percentile_bands(rows, pay=pay, pay_range=pay_range), width="stretch"
        )
        st.caption(
            "Line: 10th–90th percentile; box: 25th–75th; dark tick: median; diamond: mean. "
            "Figures: U.S. Bureau of Labor Statistics, " + tf.benchmark_credits(found.shown()) + "."
        )


def _credentials_section(posting: dict, credential_names: dict[str, str]) -> None:
    requirements = posting.get("credential_requirements") or {}
    codes = list(dict.fromkeys([*(posting.get("certifications") or []), *requirements]))
    st.markdown("#### Credentials and education")
    lines = []
    for code in codes:
        name = credential_names.get(code)
        asked = requirements.get(code) or "mentioned"
        lines.append(f"- **{md(code)}**" + (f" ({md(name)})" if name else "") + f" — {md(asked)}")
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


def _detail(
    posting: dict, copies: list[dict], benchmarks: list[tf.Benchmark], names: dict, kinds: dict
) -> None:
    st.subheader(md(posting["title"]))
    arrangement = posting.get("remote")
    place = tf.place_label(
        posting.get("city"), posting.get("state"), posting.get("location"), arrangement
    )
    facts = [md(posting.get("company") or "Company not given")]
    if place or arrangement not in tf.ARRANGEMENTS:
        facts.append(md(place or "Place not given"))
    facts.append(tf.ARRANGEMENTS.get(arrangement, "Arrangement not stated"))
    if posting.get("employment_type"):
        facts.append(md(labels.employment_label(posting["employment_type"])))
    st.markdown(" · ".join(facts))
    read = [
        f"{what} {SOURCE_WORDS[posting[column]]}"
        for what, column in (("State", "state_source"), ("Arrangement", "remote_source"))
        if posting.get(column) in SOURCE_WORDS and posting.get(column.removesuffix("_source"))
    ]
    if read:
        st.caption("; ".join(read) + ".")
    dates = []
    if posting.get("posted_at"):
        dates.append(f"posted {posting['posted_at']:%Y-%m-%d}")
    dates.append(f"first collected {posting['first_seen_at']:%Y-%m-%d}")
    dates.append(f"last seen {posting['last_seen_at']:%Y-%m-%d}")
    if posting.get("closed_at"):
        dates.append(f"**closed {posting['closed_at']:%Y-%m-%d}** (no longer listed)")
    source = labels.source_label(posting["source"], posting.get("source_kind"))
    st.caption(f"Source: {md(source)} · " + " · ".join(dates))
    st.link_button("Open the posting ↗", posting["url"])
    _copies_section(posting, copies, kinds)

    left, right = st.columns(2, gap="large")
    with left:
        st.markdown("#### Pay")
        lines = _pay_lines(posting)
        st.markdown("  \n".join(lines) if lines else "This posting doesn't state pay.")
    with right:
        _credentials_section(posting, names)
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


def _copies_section(posting: dict, copies: list[dict], kinds: dict) -> None:
    """Every copy of this job, on every source (one row per copy)."""
    if len(copies) < 2:
        return
    st.markdown(f"#### This job is posted {len(copies)} times")
    table = pd.DataFrame(
        [
            {
                "source": labels.source_label(
                    c["source"], c.get("source_kind") or kinds.get(c["source"])
                ),
                "title": c["title"],
                "company": c["company"],
                "place": tf.place_label(c["city"], c["state"], c["location"], c["remote"]),
                "first_seen": c["first_seen_at"],
                "status": "closed" if c["closed_at"] else "open",
                "agency": "staffing agency" if c["posted_by_agency"] else "",
                "this": "shown above" if c["id"] == posting["id"] else "",
                "url": c["url"],
            }
            for c in copies
        ]
    )
    st.dataframe(
        table,
        hide_index=True,
        placeholder=labels.MISSING,
        width="stretch",
        column_config={
            "source": "Posted on",
            "title": "Title",
            "company": "Company",
            "place": "Place",
            "first_seen": st.column_config.DateColumn("First seen", format="YYYY-MM-DD"),
            "status": "Status",
            "agency": "Posted by",
            "this": " ",
            "url": st.column_config.LinkColumn("Posting", display_text="Open ↗"),
        },
    )


def _download(table: pd.DataFrame, page_number: int) -> None:
    """This page of jobs as CSV; a cell that would be a spreadsheet formula is quoted."""
    frame = csv_safe(table[list(CSV_COLUMNS)])
    st.download_button(
        "Download this page (CSV)",
        frame.to_csv(index=False).encode("utf-8"),
        file_name=f"hitboard-jobs-page-{page_number}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=KEY + "download",
    )


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
    credential_names = {c["code"]: c["name"] for c in data.load_credentials(url)}

    left, right = st.columns([5, 1], vertical_alignment="bottom")
    left.text_input(
        "Search titles, companies and descriptions",
        key=KEY + "keyword",
        placeholder='e.g. coder inpatient, cancer registrar, "release of information"',
    )
    right.selectbox("Sort by", list(SORTS), format_func=SORTS.__getitem__, key=KEY + "sort")
    _filters_button()
    search = _filters(data.filter_values(url, revision), credential_names)
    saved_search_controls(url, search)
    params = search.to_params()
    if st.session_state.get(KEY + "last_params") not in (None, params):
        st.session_state[KEY + "page"] = 1  # a new search starts on its first page
        _new_table()
    st.session_state[KEY + "last_params"] = params
    st.session_state[current.LAST_SEARCH] = params
    page_number = st.session_state[KEY + "page"]
    st.query_params.from_dict(su.url_params(search, page_number))

    active = current.filter_phrases(search, credential_names)
    st.caption(
        ("**Filters:** " + " · ".join(md(p) for p in active) + "." if active else "**No filters.**")
        + (
            " Change them above (*Hide filters* puts them away)."
            if st.session_state.get(FILTERS_HERE)
            else " Change them in the sidebar (on a phone: the *Filters* button above)."
        )
    )
    page = data.search_page(url, params, page_number, revision)
    scope_total = data.scope_total(url, search.include_closed, search.include_unrelated, revision)
    line, share = st.columns([5, 1], vertical_alignment="center")
    jobs = data.job_count(url, params, revision) if page.total_exact else None
    line.markdown(_count_line(page, search, scope_total, jobs))
    with share:
        _share_control(su.url_params(search, page_number))
    if not page.rows:
        if page_number > 1:
            st.info("No postings on this page. Go back a page.")
            _page_control(page)
        else:
            st.info("No postings match these filters. Loosen one, or press *Reset filters*.")
        return
    kinds = data.source_kinds(url)
    ids = tuple(int(row["id"]) for row in page.rows)
    extra = data.page_jobs(url, params, page_number, ids, revision)
    jobs = jr.one_row_per_job(page.rows, extra["facts"], extra["copies"], kinds, extra["firsts"])
    if len(jobs) < len(page.rows):
        folded = len(page.rows) - len(jobs)
        copies = "is a copy" if folded == 1 else "are copies"
        st.caption(
            f"One row per job: {folded:,} of this page's {len(page.rows):,} postings {copies} "
            "of a job listed in another row."
        )
    table = _jobs_table(jobs)
    with st.container(key=PHONE_LIST):
        _phone_list(table)
    with st.container(key=WIDE_LIST):
        event = _table(table)
    _page_control(page)
    _download(table, page_number)
    posting_id = _pick_posting(table, event)
    posting = data.load_posting(url, posting_id)
    if posting is None:  # removed since the page was cached
        st.info("That posting is no longer in the store.")
        return
    benchmarks = tf.benchmarks_from_rows(data.load_benchmarks(url))
    copies = extra["copies"].get(posting.get("cluster_id") or "", [])
    st.divider()
    _detail(posting, copies, benchmarks, credential_names, kinds)


main()
