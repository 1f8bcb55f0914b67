"""Pay: what the current search's postings pay, against the BLS figures of each occupation,
and which states' postings state pay beside each state's pay-transparency law."""

import pandas as pd
import streamlit as st

from dashboard import charts, current, data
from dashboard import transforms as tf
from dashboard.escape import md
from dashboard.labels import MISSING

PERCENTILES = (10, 25, 50, 75, 90)


def _band(benchmark: tf.Benchmark, series: str) -> dict:
    return {"series": series, **{f"p{p}": benchmark.percentiles.get(p) for p in PERCENTILES}}


def _distributions(url: str, params: dict, revision: int, benchmarks: list) -> None:
    st.subheader("Posted pay against the benchmarks")
    by_occupation = data.posted_pay_by_occupation(url, params, revision)
    if not by_occupation:
        st.info("No posting of this search states its pay in US dollars.")
        return
    for code, bins in by_occupation.items():
        found = tf.benchmarks_for_posting(benchmarks, code, None)
        # Short names fit above a band on a phone; the caption credits each in full.
        bands = []
        if found.national is not None:
            bands.append(_band(found.national, f"{found.national.label} (now)"))
        if found.article is not None:
            bands.append(_band(found.article, f"{found.article.label} (the article)"))
        total = sum(b.postings for b in bins)
        noun = "posting states" if total == 1 else "postings state"
        st.markdown(f"**{md(tf.occupation_label(code))}** · {total:,} {noun} pay")
        st.altair_chart(charts.pay_distribution([b.__dict__ for b in bins], bands), width="stretch")
        if found.shown():
            st.caption(
                "Bars: postings by posted pay. Above them, each benchmark: line from the 10th "
                "to the 90th percentile, box from the 25th to the 75th, tick (and dotted line) "
                "at the median. U.S. Bureau of Labor Statistics, "
                + tf.benchmark_credits([b for b in (found.national, found.article) if b])
                + (". 2016 dollars are not adjusted for inflation." if found.article else ".")
            )


def _states(url: str, params: dict, revision: int, benchmarks: list) -> None:
    st.subheader("Which states' postings state pay")
    figures = data.search_figures(url, params, revision)
    coverage = data.pay_law_coverage(url, params, revision)
    laws = {law.state: law for law in data.transparency_laws()}
    state_means = {
        b.area: b for b in benchmarks if b.soc_code == tf.RECORDS and b.area != "US" and b.mean
    }
    rows = []
    for state in figures.states:
        if not state.state:
            continue
        law = laws.get(state.state)
        covered = coverage.get(state.state)
        mean = state_means.get(state.state)
        rows.append(
            {
                "state": state.state,
                "postings": state.postings,
                "share_stating_pay": state.with_pay / state.postings if state.postings else None,
                "median_pay": state.median_pay,
                "bls_mean": mean.mean if mean else None,
                "law": law.law if law else None,
                "effective": law.effective if law else None,
                "likely_covered": covered.likely_covered if covered else None,
                "covered_stating_pay": (
                    covered.stating_pay / covered.likely_covered
                    if covered and covered.likely_covered
                    else None
                ),
                "source": law.url if law else None,
            }
        )
    if not rows:
        st.info("No posting of this search names a US state.")
        return
    some = next(iter(state_means.values()), None)
    year = f"{some.survey} {some.year}, SOC {some.soc_code}" if some else "BLS OEWS"
    st.dataframe(
        pd.DataFrame(rows),
        hide_index=True,
        placeholder=MISSING,
        width="stretch",
        column_config={
            "state": "State",
            "postings": st.column_config.NumberColumn("Postings", format="localized"),
            "share_stating_pay": st.column_config.ProgressColumn(
                "State pay", format="percent", min_value=0, max_value=1
            ),
            "median_pay": st.column_config.NumberColumn(
                "Median posted pay", format="dollar", step=1
            ),
            "bls_mean": st.column_config.NumberColumn(
                "BLS state mean",
                format="dollar",
                step=1,
                help=f"Medical records specialists, {year}",
            ),
            "law": st.column_config.TextColumn("Pay-transparency law", width="medium"),
            "effective": st.column_config.DateColumn("In effect since", format="YYYY-MM-DD"),
            "likely_covered": st.column_config.NumberColumn(
                "Likely covered",
                format="localized",
                help="Postings listed in the state since its law took effect",
            ),
            "covered_stating_pay": st.column_config.NumberColumn(
                "Of them stating pay", format="percent"
            ),
            "source": st.column_config.LinkColumn("Law", display_text="Statute ↗"),
        },
    )
    st.caption(
        "*Likely covered*: the posting names a state whose law asks job postings to state pay, "
        "and was listed after the law took effect. Only likely: each law binds employers of a "
        "certain size (see below) and jobs done in the state, which postings seldom say — so "
        "a posting without pay is not, by itself, a breach of any law. Pay counts only when "
        "the employer states it in US dollars; estimates by job boards are left out. "
        f"BLS state means: medical records specialists, {year}."
    )
    with st.expander("The laws, whom they bind and their sources"):
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        "state": law.state,
                        "law": law.law,
                        "effective": law.effective,
                        "binds": law.employers,
                        "citation": law.citation,
                        "source": law.url or None,
                    }
                    for law in laws.values()
                ]
            ),
            hide_index=True,
            placeholder=MISSING,
            width="stretch",
            column_config={
                "state": "State",
                "law": st.column_config.TextColumn("Law", width="medium"),
                "effective": st.column_config.DateColumn("In effect since", format="YYYY-MM-DD"),
                "binds": st.column_config.TextColumn("Employers it binds", width="large"),
                "citation": st.column_config.TextColumn("Citation", width="medium"),
                "source": st.column_config.LinkColumn("Source", display_text="Open ↗"),
            },
        )
        st.caption("Laws change: check the cited statute before relying on a row.")


def main() -> None:
    url = data.database_url()
    st.title("Pay")
    search = current.current_search()
    current.describe(search, data.load_credentials(url), " (change it on the Jobs page).")
    params = search.to_params()
    revision = data.revision(url)
    benchmarks = tf.benchmarks_from_rows(data.load_benchmarks(url))
    _distributions(url, params, revision, benchmarks)
    _states(url, params, revision, benchmarks)


main()
