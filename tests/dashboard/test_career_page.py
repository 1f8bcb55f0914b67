"""The Career page, run by Streamlit's AppTest against a real SQLite store."""

import pyarrow as pa
import pytest
from streamlit.testing.v1 import AppTest

from tests.dashboard.conftest import APP
from tests.dashboard.test_jobs_page import unescaped

pytestmark = pytest.mark.usefixtures("filled_store")


@pytest.fixture
def career() -> AppTest:
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    app.switch_page("app_pages/career.py").run()
    assert not app.exception, [e.message for e in app.exception]
    return app


def text_of(app: AppTest) -> str:
    parts = [m.value for m in app.markdown] + [c.value for c in app.caption]
    parts += [s.value for s in app.subheader]
    return "\n".join(parts)


def metrics(app: AppTest) -> list[tuple[str, str, str]]:
    return [(m.label, m.value, m.proto.help) for m in app.metric]


def chart_rows(app: AppTest) -> list[list[dict]]:
    return [
        pa.ipc.open_stream(d.data.data).read_all().to_pylist()
        for chart in app.get("vega_lite_chart")
        for d in chart.proto.datasets
    ]


def test_shows_the_2016_benchmark_with_its_label(career: AppTest) -> None:
    shown = metrics(career)
    label = "BLS OES May 2016, SOC 29-2071"
    assert ("10th percentile", "$25,070", label) in shown
    assert ("Median", "$38,040", label) in shown
    assert ("90th percentile", "$62,840", label) in shown
    text = text_of(career)
    assert "BLS OES May 2016, SOC 29-2071" in text
    assert "13% projected for 2016–2026" in text
    assert "RHIA, RHIT, ODS-C, CHP" in text
    assert "AHIMA, AAPC, PAHCS, NHA" in text
    assert "CAHIIM" in text
    assert "NJ, AK, CA, MD, CO" in text
    assert "CA, TX, FL, OH, NY" in text


def test_shows_current_figures_with_their_labels(career: AppTest) -> None:
    shown = metrics(career)
    label = "BLS OEWS May 2024, SOC 29-2072"
    assert ("Median", "$50,250", label) in shown
    assert ("10th percentile", "$35,780", label) in shown
    text = text_of(career)
    assert "+7.1% jobs projected 2024–2034" in text
    assert "SOC 29-9021" in text and "SOC 11-9111" in text
    assert "Pay by state — medical records specialists (BLS OEWS May 2023, SOC 29-2072)" in text

    pay_table = career.dataframe[0].value
    medians = dict(
        zip(pay_table["SOC"] + " " + pay_table["Year"], pay_table["Median"], strict=True)
    )
    assert medians == {
        "29-2072 May 2024": 50250,
        "29-9021 May 2024": 67310,
        "11-9111 May 2024": 117960,
        "29-2071 May 2016": 38040,
    }
    labels = [row["benchmark"] for rows in chart_rows(career) for row in rows if "benchmark" in row]
    assert "Medical records specialists · US · May 2024 · SOC 29-2072" in labels
    assert "Records & HI technicians · US · May 2016 · SOC 29-2071" in labels


def test_state_means_chart_has_every_state(career: AppTest) -> None:
    states = {
        row["state"]: row["mean"] for rows in chart_rows(career) for row in rows if "state" in row
    }
    assert states["NJ"] == 62900
    assert states["CA"] == 64070
    assert len(states) >= 50


def test_counts_credentials_employers_ask_for(career: AppTest) -> None:
    demand = next(rows for rows in chart_rows(career) if rows and "asked as" in rows[0])
    counts = {(row["credential"], row["asked as"]): row["count"] for row in demand}
    # Open, relevant postings only: the closed clerk job and the Python job do not count.
    assert counts[("CCS", "required")] == 1
    assert counts[("RHIT", "preferred")] == 1
    assert counts[("CRC", "preferred")] == 1
    assert counts[("ODS-C", "required")] == 1
    assert sum(c for (code, _), c in counts.items() if code == "RHIA") == 1

    credentials = career.dataframe[-1].value
    naming = dict(zip(credentials["Code"], credentials["Open postings naming it"], strict=True))
    assert naming["CPC"] == 1
    assert naming["CCA"] == 0
    assert "NCRA" in set(credentials["Body"])


def test_a_phone_reads_each_table_as_short_rows_of_the_same_figures(career: AppTest) -> None:
    text = unescaped(text_of(career))
    credentials = career.dataframe[-1].value
    for code, count in zip(credentials["Code"], credentials["Open postings naming it"],
                           strict=True):  # fmt: skip
        plural = "s" if count > 1 else ""
        said = f"named by {count} posting{plural} open now" if count else "named by no open posting"
        assert f"**{code}** — " in text and said in text, code
    assert "Median $50,250 · 10th–90th $35,780–$80,950" in text  # May 2024, 29-2072
    assert "+7.1%" in text and "14,200 openings a year" in text  # 29-2072, 2024–34


def state_chart_states(app: AppTest) -> set[str]:
    return {row["state"] for rows in chart_rows(app) for row in rows if "state" in row}


def test_state_chart_leaves_territories_out_unless_asked(career: AppTest) -> None:
    shown = state_chart_states(career)
    assert "GU" not in shown and "PR" not in shown
    assert len(shown) == 51  # the 50 states and DC
    career.toggle(key="career_territories").set_value(True).run()
    assert "GU" in state_chart_states(career)


def national_rules(app: AppTest) -> list[float]:
    return [row["mean"] for rows in chart_rows(app) for row in rows if set(row) == {"mean"}]


def test_state_means_are_drawn_beside_the_national_mean_of_their_year(career: AppTest) -> None:
    # The state means are May 2023's: the rule is May 2023's national mean, not May 2024's.
    assert national_rules(career) == [53690]
    text = text_of(career)
    assert "The national mean for May 2023 is **$53,690** (BLS OEWS May 2023, SOC 29-2072)" in text
    states = state_chart_states(career)
    means = {row["state"]: row["mean"] for rows in chart_rows(career) for row in rows
             if "state" in row}  # fmt: skip
    above = sum(1 for state in states if means[state] > 53690)
    assert f"{above} of the 51 states (DC counted as one) shown pay more on average" in text


def test_another_years_national_mean_is_not_drawn(monkeypatch: pytest.MonkeyPatch) -> None:
    from dashboard import data

    every = data.load_benchmarks

    def without_2023_national(url: str) -> list[dict]:
        return [
            row for row in every(url) if not (row["year"] == "May 2023" and row["area"] == "US")
        ]

    monkeypatch.setattr(data, "load_benchmarks", without_2023_national)
    app = AppTest.from_file(str(APP), default_timeout=60)
    app.run()
    app.switch_page("app_pages/career.py").run()
    assert not app.exception, [e.message for e in app.exception]
    assert national_rules(app) == []  # the store's other national mean is May 2024's
    assert "no national mean for May 2023" in text_of(app)


def test_the_article_names_the_occupation_s_other_titles_and_credits_link_to_bls(
    career: AppTest,
) -> None:
    text = text_of(career)
    assert "health information technicians (HIT)" in text
    assert "medical records technicians (MRT)" in text
    assert "(https://www.bls.gov/oes/2023/may/oes292072.htm)" in text
    sources = set(next(f.value for f in career.dataframe if "SOC" in f.value.columns)["Source"])
    assert sources == {
        "https://www.bls.gov/oes/2024/may/oes292072.htm",
        "https://www.bls.gov/oes/2024/may/oes299021.htm",
        "https://www.bls.gov/oes/2024/may/oes119111.htm",
        "https://www.bls.gov/oes/2016/may/oes292071.htm",
    }


def test_the_article_s_facts_keep_their_meaning_and_say_where_they_come_from(
    career: AppTest,
) -> None:
    text = text_of(career)
    assert "**Also called:** health information technicians (HIT) or medical records " in text
    # Where most of the jobs are: not the top-paying industries, which the data lacks.
    assert (
        "**Where most of them work:** hospitals, physician offices and nursing care "
        "facilities — the industries with the most of these jobs, not the best-paying ones."
    ) in text
    assert "Main employers" not in text and "top-paying industr" not in text.lower()
    assert (
        "its pay figures are the U.S. Bureau of Labor Statistics' [BLS OES May 2016, national, "
        "SOC 29-2071](https://www.bls.gov/oes/2016/may/oes292071.htm) estimates"
    ) in text
    assert "records neither the article's title nor the industries" in text
    assert "OOH" not in text


def test_no_table_column_is_cut(career: AppTest) -> None:
    # Every text cell fits its column: ~7 px a character, "large" columns 400 px wide, and
    # no column wider than that.
    for table in career.dataframe:
        for column in table.value.columns:
            cells = [v for v in table.value[column] if isinstance(v, str)]
            if column == "Source" and all(c.startswith("https://") for c in cells):
                continue  # shown as "BLS ↗"
            assert max((len(c) for c in cells), default=0) <= 57, (column, cells)
    sources = set(next(t for t in career.dataframe if "Period" in t.value.columns).value["Source"])
    assert sources == {"BLS Employment Projections 2024–34", "BLS Employment Projections 2016–26"}


def test_a_credential_s_rules_are_read_in_full(career: AppTest) -> None:
    career.selectbox(key="career_credential").select("RHIT").run()
    text = unescaped(text_of(career))
    assert "**To sit the exam:** Associate-level studies in a CAHIIM-accredited HIM program" in text
    assert "[ahima.org](https://www.ahima.org/certification/Recertification)" in text
