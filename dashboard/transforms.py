"""Pure transforms behind the dashboard: listing rows as a table, pay against benchmarks.

Nothing here touches Streamlit or the store's queries (filters are store.job_search and
store.listing), so every rule a job seeker relies on (how a place is labelled, how a
percentile is read off the BLS figures) is tested directly.
"""

import numbers
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from itertools import pairwise

import pandas as pd

from core.vocabulary import (
    HISTORICAL_OCCUPATION_NAMES,
    OCCUPATION_NAMES,
    RECORDS_AND_HI_TECHNICIANS_2010,
    EducationLevel,
    Occupation,
    WorkArrangement,
)

# The occupations the field covers, plus the pre-2018 code the 2016 benchmark uses.
OCCUPATIONS = OCCUPATION_NAMES
HISTORICAL_OCCUPATIONS = HISTORICAL_OCCUPATION_NAMES
RECORDS = Occupation.RECORDS_SPECIALISTS
# Short names for chart labels, where the full BLS titles do not fit.
SHORT_NAMES: dict[str, str] = {
    RECORDS: "Medical records specialists",
    Occupation.TECHNOLOGISTS_AND_REGISTRARS: "HI technologists & registrars",
    Occupation.HEALTH_SERVICES_MANAGERS: "Health services managers",
    RECORDS_AND_HI_TECHNICIANS_2010: "Records & HI technicians",
}
DEFAULT_OCCUPATION = RECORDS  # most postings in the field are records and coding work
# BLS OES, before the 2018 split of 29-2071.
ARTICLE_BENCHMARK = (RECORDS_AND_HI_TECHNICIANS_2010, "May 2016")

ARRANGEMENTS: dict[str, str] = {
    WorkArrangement.REMOTE: "Remote",
    WorkArrangement.HYBRID: "Hybrid",
    WorkArrangement.ONSITE: "On-site",
}
# How location texts name each arrangement ("United States - Remote", "Cleveland (Hybrid)").
ARRANGEMENT_WORDS: dict[str, re.Pattern[str]] = {
    WorkArrangement.REMOTE: re.compile(r"\bremote\b", re.IGNORECASE),
    WorkArrangement.HYBRID: re.compile(r"\bhybrid\b", re.IGNORECASE),
    WorkArrangement.ONSITE: re.compile(r"\bon[- ]?site\b", re.IGNORECASE),
}
PLACE_EDGES = " -–—,;:/|()"  # what is left around a removed arrangement word

EDUCATION_LEVELS: dict[str, str] = {
    EducationLevel.HIGH_SCHOOL: "High school diploma",
    EducationLevel.CERTIFICATE: "Post-secondary certificate",
    EducationLevel.ASSOCIATE: "Associate degree",
    EducationLevel.BACHELOR: "Bachelor's degree",
    EducationLevel.MASTER: "Master's degree",
    EducationLevel.DOCTORATE: "Doctorate",
}

PERCENTILE_STATS: dict[str, int] = {"p10": 10, "p25": 25, "median": 50, "p75": 75, "p90": 90}


def occupation_label(code: str | None) -> str:
    if not code:
        return "Not classified"
    name = OCCUPATIONS.get(code) or HISTORICAL_OCCUPATIONS.get(code)
    return f"{code} {name}" if name else code


# --- the listing table ----------------------------------------------------------------


def listing_table(postings: pd.DataFrame) -> pd.DataFrame:
    """The columns the jobs table shows, in the listing's order (the store sorted it)."""
    table = pd.DataFrame(
        {
            "id": postings["id"],
            "posted": pd.to_datetime(postings["listed_at"], utc=True),
            "title": postings["title"],
            "company": postings["company"],
            "place": [
                place_label(city, state, location, arrangement)
                for city, state, location, arrangement in zip(
                    postings["city"],
                    postings["state"],
                    postings["location"],
                    postings["remote"],
                    strict=True,
                )
            ],
            "arrangement": postings["remote"].map(lambda v: ARRANGEMENTS.get(v, "")),
            "pay_from": postings["salary_annual_min"],
            "pay_to": postings["salary_annual_max"],
            "credentials": postings["certifications"].map(lambda codes: ", ".join(codes or ())),
            "occupation": postings["occupation"].map(
                lambda code: OCCUPATIONS.get(code, code or "")
            ),
            "url": postings["url"],
        }
    )
    return table.reset_index(drop=True)


def place_label(
    city: str | None, state: str | None, location: str | None, arrangement: str | None = None
) -> str:
    """ "City, ST" when known, else the location as posted.

    The arrangement has a column of its own, so a location that also names it ("United
    States - Remote") is shown without it ("United States").
    """
    parts = [p for p in (_text(city), _text(state)) if p]
    if parts:
        return ", ".join(parts)
    place = _text(location) or ""
    words = ARRANGEMENT_WORDS.get(_text(arrangement) or "")
    if words is None or not words.search(place):
        return place
    return " ".join(words.sub(" ", place).replace("()", " ").split()).strip(PLACE_EDGES)


# --- pay against benchmarks ----------------------------------------------------------------


@dataclass(frozen=True)
class Benchmark:
    """One occupation's BLS wage figures for one area and year."""

    soc_code: str
    occupation: str
    year: str  # "May 2024"
    area: str  # "US" or a USPS code
    percentiles: dict[int, float] = field(default_factory=dict)  # {10: ..., 50: ...}
    mean: float | None = None
    source: str = ""

    @property
    def survey(self) -> str:
        # BLS renamed OES to OEWS in 2021.
        return "BLS OEWS" if year_number(self.year) >= 2021 else "BLS OES"

    @property
    def label(self) -> str:
        """`BLS OEWS May 2024, SOC 29-2072` — how every figure is credited."""
        return f"{self.survey} {self.year}, SOC {self.soc_code}"

    @property
    def credit(self) -> str:
        """`BLS OEWS May 2024, national, SOC 29-2072` — publisher, series, area and code."""
        area = "national" if self.area == "US" else f"state ({self.area})"
        return f"{self.survey} {self.year}, {area}, SOC {self.soc_code}"

    @property
    def link(self) -> str:
        """The BLS page of this occupation's figures for this year (state tables are on it)."""
        year = year_number(self.year)
        return f"https://www.bls.gov/oes/{year}/may/oes{self.soc_code.replace('-', '')}.htm"

    @property
    def chart_label(self) -> str:
        """`Medical records specialists · US · May 2024 · SOC 29-2072` (short, for axes)."""
        name = SHORT_NAMES.get(self.soc_code, self.occupation)
        area = "US" if self.area == "US" else f"{self.area} mean"
        return f"{name} · {area} · {self.year} · SOC {self.soc_code}"

    @property
    def median(self) -> float | None:
        return self.percentiles.get(50)


def benchmarks_from_rows(rows: Iterable[Mapping]) -> list[Benchmark]:
    """Group SalaryBenchmark rows (soc_code, occupation, year, area, stat, annual, source)."""
    grouped: dict[tuple[str, str, str], dict] = {}
    for row in rows:
        key = (row["soc_code"], row["year"], row["area"])
        entry = grouped.setdefault(
            key,
            {"occupation": row["occupation"], "percentiles": {}, "mean": None, "source": ""},
        )
        annual = row.get("annual")
        if not _is_number(annual):
            continue
        stat = row["stat"]
        if stat in PERCENTILE_STATS:
            entry["percentiles"][PERCENTILE_STATS[stat]] = float(annual)
        elif stat == "mean":
            entry["mean"] = float(annual)
        if row.get("source") and not entry["source"]:
            entry["source"] = row["source"]
    return [
        Benchmark(
            soc,
            entry["occupation"],
            year,
            area,
            entry["percentiles"],
            entry["mean"],
            entry["source"],
        )
        for (soc, year, area), entry in grouped.items()
    ]


def find_benchmark(
    benchmarks: Iterable[Benchmark],
    soc_code: str,
    *,
    area: str = "US",
    year: str | None = None,
    needs_percentiles: bool = False,
) -> Benchmark | None:
    """The benchmark for an occupation and area: of `year`, else the newest one."""
    candidates = [
        b
        for b in benchmarks
        if b.soc_code == soc_code
        and b.area == area
        and (year is None or b.year == year)
        and (not needs_percentiles or len(b.percentiles) >= 2)
        and (needs_percentiles or b.percentiles or b.mean is not None)
    ]
    if not candidates:
        return None
    return max(candidates, key=lambda b: year_number(b.year))


@dataclass(frozen=True)
class PostingBenchmarks:
    national: Benchmark | None  # newest national percentiles for the posting's occupation
    state: Benchmark | None  # newest state mean for that occupation in the posting's state
    article: Benchmark | None  # the 2016 benchmark (29-2071), for records work only
    occupation_assumed: bool  # True when the posting had no known occupation
    occupation: str = DEFAULT_OCCUPATION  # the SOC code compared with

    def shown(self) -> list[Benchmark]:
        return [b for b in (self.national, self.state, self.article) if b is not None]


def benchmarks_for_posting(
    benchmarks: list[Benchmark], occupation: str | None, state: str | None
) -> PostingBenchmarks:
    """Only figures of the posting's own occupation: a director is never placed against
    records specialists. The 2016 figures (29-2071, split in 2018) stand beside records work
    (29-2072), the code most of 29-2071 became."""
    assumed = occupation not in OCCUPATIONS
    soc = DEFAULT_OCCUPATION if assumed else occupation
    national = find_benchmark(benchmarks, soc, needs_percentiles=True)
    state_mean = None
    if state:
        state_mean = find_benchmark(benchmarks, soc, area=state)
        if state_mean is not None and state_mean.mean is None:
            state_mean = None
    article = None
    if soc == RECORDS:
        article = find_benchmark(
            benchmarks, ARTICLE_BENCHMARK[0], year=ARTICLE_BENCHMARK[1], needs_percentiles=True
        )
    return PostingBenchmarks(national, state_mean, article, assumed, soc)


def pay_point(annual_min: float | None, annual_max: float | None) -> float | None:
    """One annual figure for a posting: the middle of its range, or its only figure."""
    values = [float(v) for v in (annual_min, annual_max) if _is_number(v)]
    if not values:
        return None
    return sum(values) / len(values)


@dataclass(frozen=True)
class Placement:
    percentile: float  # 10..90 when inside the published range
    below_range: bool = False  # under the 10th percentile
    above_range: bool = False  # over the 90th percentile


def percentile_of(pay: float, percentiles: Mapping[int, float]) -> Placement | None:
    """Where `pay` falls among published percentiles, interpolating linearly between them.

    BLS publishes only the 10th to 90th percentiles, so pay outside them is reported as
    below or above that range rather than guessed at.
    """
    points = sorted((p, float(v)) for p, v in percentiles.items() if _is_number(v))
    if len(points) < 2:
        return None
    lowest_p, lowest_v = points[0]
    highest_p, highest_v = points[-1]
    if pay < lowest_v:
        return Placement(float(lowest_p), below_range=True)
    if pay > highest_v:
        return Placement(float(highest_p), above_range=True)
    for (p0, v0), (p1, v1) in pairwise(points):
        if v0 <= pay <= v1:
            if v1 == v0:
                return Placement(float(p0))
            return Placement(p0 + (p1 - p0) * (pay - v0) / (v1 - v0))
    return Placement(float(highest_p))  # unreachable with sorted, monotone figures


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        suffix = "th"
    else:
        suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def placement_phrase(placement: Placement) -> str:
    if placement.below_range:
        return f"below the {ordinal(round(placement.percentile))} percentile"
    if placement.above_range:
        return f"above the {ordinal(round(placement.percentile))} percentile"
    return f"about the {ordinal(round(placement.percentile))} percentile"


def placement_sentence(pay: float, benchmark: Benchmark) -> str | None:
    """`pays about the 62nd percentile of medical records specialists nationally (...)`."""
    placement = percentile_of(pay, benchmark.percentiles)
    if placement is None:
        return None
    where = "nationally" if benchmark.area == "US" else f"in {benchmark.area}"
    return (
        f"pays {placement_phrase(placement)} of {benchmark.occupation.lower()} {where} "
        f"({benchmark.label})"
    )


def compare_sentence(pay: float, reference: float, what: str) -> str:
    """`12% above the May 2023 mean for ...` — a plain relative comparison."""
    change = (pay - reference) / reference * 100
    if abs(change) < 1:
        return f"about the same as {what}"
    direction = "above" if change > 0 else "below"
    return f"{abs(change):.0f}% {direction} {what}"


def benchmark_credits(shown: list[Benchmark]) -> str:
    """ "[BLS OEWS May 2024, national, SOC 29-2072](https://www.bls.gov/…)" for each figure."""
    credits = dict.fromkeys(f"[{b.credit}]({b.link})" for b in shown)
    return "; ".join(credits)


def chart_row(benchmark: Benchmark) -> dict:
    """A benchmark as one row of charts.percentile_bands: label, p10…p90, mean."""
    return {
        "benchmark": benchmark.chart_label,
        **{f"p{p}": v for p, v in sorted(benchmark.percentiles.items())},
        "mean": benchmark.mean,
    }


def benchmark_chart_rows(found: PostingBenchmarks) -> list[dict]:
    """One row per benchmark shown beside a posting (the chart's data)."""
    rows = []
    for benchmark, kind in ((found.national, "national"), (found.article, "article")):
        if benchmark is not None:
            rows.append({**chart_row(benchmark), "kind": kind})
    if found.state is not None:
        # Only the state's mean is shown: its percentiles are not in the store.
        state = found.state
        rows.append({"benchmark": state.chart_label, "kind": "state", "mean": state.mean})
    return rows


# --- credentials employers ask for ---------------------------------------------------------


def credential_demand(
    postings: Iterable[tuple[list | None, dict | None]],
) -> pd.DataFrame:
    """Count each credential across postings, split by how the posting asks for it.

    Each posting counts once per credential: "required", "preferred", or "mentioned" (named
    without saying which, or as "eligible").
    """
    counts: dict[str, dict[str, int]] = {}
    for certifications, requirements in postings:
        requirements = requirements or {}
        for code in {*(certifications or ()), *requirements}:
            level = requirements.get(code)
            bucket = level if level in ("required", "preferred") else "mentioned"
            counts.setdefault(code, {"required": 0, "preferred": 0, "mentioned": 0})
            counts[code][bucket] += 1
    rows = [
        {"credential": code, **buckets, "postings": sum(buckets.values())}
        for code, buckets in counts.items()
    ]
    frame = pd.DataFrame(
        rows, columns=["credential", "required", "preferred", "mentioned", "postings"]
    )
    return frame.sort_values(["postings", "credential"], ascending=[False, True]).reset_index(
        drop=True
    )


# --- small helpers -------------------------------------------------------------------------


def money(value: float | None) -> str:
    return "—" if value is None else f"${value:,.0f}"


def _is_number(value: object) -> bool:
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not pd.isna(value)


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    return str(value).strip() or None


def year_number(year: str) -> int:
    digits = [int(token) for token in str(year).split() if token.isdigit()]
    return digits[-1] if digits else 0
