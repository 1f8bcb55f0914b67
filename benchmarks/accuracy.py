"""Accuracy of the normalizers on the labelled cases in benchmarks/cases/.

    python -m benchmarks.accuracy                 # per-field table + JobSpy pay comparison
    python -m benchmarks.accuracy --failures      # also list every case that missed
    python -m benchmarks.accuracy --write-readme  # refresh the table in benchmarks/README.md

JobSpy (python-jobspy, the `bench` extra) is called in-process when it imports; otherwise
through the interpreter named by --jobspy-python or $HITBOARD_JOBSPY_PYTHON (a separate venv);
without either the report leaves its column out.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from spiders.normalize.credentials import find_credentials
from spiders.normalize.education import education_floor, experience_years
from spiders.normalize.facets import find_facets
from spiders.normalize.occupation import RELEVANT, classify_occupation, is_relevant
from spiders.normalize.pay import pay_from_text
from spiders.normalize.place import parse_place, work_arrangement

HERE = Path(__file__).parent
CASES = HERE / "cases"
README = HERE / "README.md"
START, END = "<!-- accuracy:start -->", "<!-- accuracy:end -->"

TARGETS = {"pay": 0.98, "credentials": 0.97, "relevance": 0.97}
DEFAULT_TARGET = 0.95
# SPEC "Pay": the yearly factor of each period.
SPEC_FACTORS = {"hour": 2080, "day": 260, "week": 52, "biweek": 26, "month": 12, "year": 1}
JOBSPY_PERIODS = {"hourly": "hour", "daily": "day", "weekly": "week", "monthly": "month",
                  "yearly": "year"}  # fmt: skip


@dataclass
class FieldResult:
    name: str
    total: int = 0
    correct: int = 0
    misses: list[tuple[str, object, object]] = field(default_factory=list)

    def add(self, case_id: str, ok: bool, expected: object, got: object) -> None:
        self.total += 1
        self.correct += ok
        if not ok:
            self.misses.append((case_id, expected, got))

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0

    @property
    def target(self) -> float:
        return TARGETS.get(self.name, DEFAULT_TARGET)


def load(name: str) -> list[dict]:
    with (CASES / f"{name}.jsonl").open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _close(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=0.005)


def _expected_annual(value: float | None, period: str | None) -> float | None:
    if value is None or period is None:
        return None
    return value * SPEC_FACTORS[period]


def pay_matches(expect: dict | None, got: tuple | None) -> bool:
    """got = (min, max, period, annual_min, annual_max) or None for "no pay"."""
    if expect is None or got is None:
        return expect is None and got is None
    low, high, period, annual_low, annual_high = got
    return (
        _close(low, expect["min"])
        and _close(high, expect["max"])
        and period == expect["period"]
        and _close(annual_low, _expected_annual(expect["min"], expect["period"]))
        and _close(annual_high, _expected_annual(expect["max"], expect["period"]))
    )


def ours_pay(text: str) -> tuple | None:
    pay = pay_from_text(text)
    if pay is None:
        return None
    return (pay.min, pay.max, pay.period, pay.annual_min, pay.annual_max)


def evaluate_pay(cases: list[dict]) -> FieldResult:
    result = FieldResult("pay")
    for case in cases:
        got = ours_pay(case["text"])
        result.add(case["id"], pay_matches(case["expect"], got), case["expect"], got)
    return result


def evaluate_credentials(cases: list[dict]) -> FieldResult:
    result = FieldResult("credentials")
    for case in cases:
        got = find_credentials(case["text"])
        result.add(case["id"], got == case["expect"], case["expect"], got)
    return result


def evaluate_occupation(cases: list[dict]) -> tuple[FieldResult, FieldResult]:
    occupation, relevance = FieldResult("occupation"), FieldResult("relevance")
    for case in cases:
        got = classify_occupation(case["title"], case.get("text", ""))
        occupation.add(case["id"], got == case["expect"], case["expect"], got)
        wanted = case["expect"] in RELEVANT
        relevance.add(case["id"], is_relevant(got) == wanted, wanted, is_relevant(got))
    return occupation, relevance


def _simple(name: str, cases: list[dict], parse: Callable[[dict], object]) -> FieldResult:
    result = FieldResult(name)
    for case in cases:
        got = parse(case)
        result.add(case["id"], got == case["expect"], case["expect"], got)
    return result


def _place(case: dict) -> dict:
    place = parse_place(case["text"])
    return {"city": place.city, "state": place.state, "country": place.country}


def evaluate_holdout() -> list[FieldResult]:
    """Cases written after the parsers were last changed; never used to adjust them."""
    occupation, relevance = evaluate_occupation(load("occupation_holdout"))
    return [
        evaluate_pay(load("pay_holdout")),
        evaluate_credentials(load("credentials_holdout")),
        occupation,
        relevance,
    ]


def evaluate_all() -> list[FieldResult]:
    occupation, relevance = evaluate_occupation(load("occupation"))
    return [
        evaluate_pay(load("pay")),
        evaluate_credentials(load("credentials")),
        occupation,
        relevance,
        _simple("education", load("education"), lambda c: education_floor(c["text"])),
        _simple(
            "experience",
            load("experience"),
            lambda c: (lambda y: None if y is None else float(y))(experience_years(c["text"])),
        ),
        _simple("place", load("place"), _place),
        _simple("remote", load("remote"), lambda c: work_arrangement(c["hint"], *c["texts"])),
        _simple("facets", load("facets"), lambda c: find_facets(c["text"])),
    ]


# ---------------------------------------------------------------------------------------------
# JobSpy side by side


@dataclass
class JobspyRun:
    method: str
    version: str
    how: str
    results: list


def run_jobspy(texts: list[str], python: str | None) -> JobspyRun | None:
    try:
        from benchmarks import jobspy_pay

        outcome = jobspy_pay.read_all(texts)
        how = "in-process"
    except ImportError:
        if not python:
            return None
        script = HERE / "jobspy_pay.py"
        completed = subprocess.run(
            [python, str(script)],
            input=json.dumps(texts),
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if completed.returncode != 0:
            print(f"JobSpy run failed under {python}:\n{completed.stderr[-2000:]}", file=sys.stderr)
            return None
        outcome = json.loads(completed.stdout)
        how = f"subprocess ({python})"
    return JobspyRun(outcome["method"], outcome["version"], how, outcome["results"])


def jobspy_pay_tuple(raw: object) -> tuple | None:
    if not isinstance(raw, list):
        return None
    low, high, interval, _currency = raw
    period = JOBSPY_PERIODS.get(str(interval).lower()) if interval else None
    return (
        low,
        high,
        period,
        _expected_annual(low, period),
        _expected_annual(high, period),
    )


@dataclass
class PayComparison:
    name: str
    exact: int
    found: int
    total: int


def compare_pay(cases: list[dict], jobspy: JobspyRun | None) -> list[PayComparison]:
    rows = []
    readers: list[tuple[str, Callable[[int, str], tuple | None]]] = [
        ("hitboard `pay_from_text`", lambda _i, text: ours_pay(text))
    ]
    if jobspy:
        readers.append(
            (
                f"JobSpy {jobspy.version} `{jobspy.method}`",
                lambda i, _text: jobspy_pay_tuple(jobspy.results[i]),
            )
        )
    for name, read in readers:
        exact = found = 0
        for index, case in enumerate(cases):
            got = read(index, case["text"])
            exact += pay_matches(case["expect"], got)
            found += (got is None) == (case["expect"] is None)
        rows.append(PayComparison(name, exact, found, len(cases)))
    return rows


# ---------------------------------------------------------------------------------------------
# speed


def time_per_posting(repeat: int = 20) -> float:
    """Milliseconds to run every text normalizer over one ~10 KB description."""
    filler = (
        "Our health system serves 1,200 patients a day across 14 hospitals. Benefits include "
        "401(k) match, tuition reimbursement up to $5,250 per year and a $2,500 sign-on bonus. "
    )
    text = (
        "Medical Coder II - Remote\nRequired: CPC or CCS; 2+ years of inpatient coding "
        "experience; high school diploma.\nPreferred: RHIT, Epic experience.\n"
        + filler * 45
        + "\nPay Range: $24.00 - $32.00 per hour"
    )
    start = time.perf_counter()
    for _ in range(repeat):
        pay_from_text(text)
        find_credentials(text)
        classify_occupation("Medical Coder II", text)
        education_floor(text)
        experience_years(text)
        find_facets(text)
        work_arrangement(None, "Tampa, FL", "Medical Coder II", text)
    return (time.perf_counter() - start) / repeat * 1000


# ---------------------------------------------------------------------------------------------
# report


def _field_rows(results: list[FieldResult]) -> list[str]:
    lines = [
        "| Field | Cases | Correct | Accuracy | Target |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in results:
        mark = "" if r.accuracy >= r.target else " (below)"
        lines.append(
            f"| {r.name} | {r.total} | {r.correct} | {r.accuracy:.1%} | ≥ {r.target:.0%}{mark} |"
        )
    return lines


def markdown(
    results: list[FieldResult], holdout: list[FieldResult], comparison: list[PayComparison]
) -> str:
    lines = ["Development cases (the parsers were corrected against these):", ""]
    lines += _field_rows(results)
    lines += ["", "Held-out cases (written afterwards, never used to change the parsers):", ""]
    lines += _field_rows(holdout)
    lines += [
        "",
        "All pay cases (development + held-out) read by each method (exact = minimum, maximum "
        "and period all right; found = pay told apart from no pay):",
        "",
        "| Method | Exact | Found |",
        "|---|---:|---:|",
    ]
    for c in comparison:
        lines.append(
            f"| {c.name} | {c.exact}/{c.total} ({c.exact / c.total:.1%}) | "
            f"{c.found}/{c.total} ({c.found / c.total:.1%}) |"
        )
    return "\n".join(lines)


def write_readme(table: str) -> None:
    text = README.read_text(encoding="utf-8") if README.exists() else f"{START}\n{END}\n"
    head, _, rest = text.partition(START)
    _, _, tail = rest.partition(END)
    README.write_text(f"{head}{START}\n{table}\n{END}{tail}", encoding="utf-8")


def _show_failures(results: Iterable[FieldResult]) -> None:
    for r in results:
        for case_id, expected, got in r.misses:
            print(f"  {r.name:12} {case_id:10} expected={expected!r}\n{'':25} got={got!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.accuracy", description=__doc__)
    parser.add_argument("--failures", action="store_true", help="list every missed case")
    parser.add_argument("--write-readme", action="store_true", help="refresh benchmarks/README.md")
    parser.add_argument(
        "--jobspy-python",
        default=os.environ.get("HITBOARD_JOBSPY_PYTHON"),
        help="interpreter that can import jobspy (when this one cannot)",
    )
    args = parser.parse_args(argv)

    results = evaluate_all()
    holdout = evaluate_holdout()
    pay_cases = load("pay") + load("pay_holdout")
    jobspy = run_jobspy([c["text"] for c in pay_cases], args.jobspy_python)
    comparison = compare_pay(pay_cases, jobspy)
    table = markdown(results, holdout, comparison)

    print(table)
    print()
    if jobspy:
        print(f"JobSpy {jobspy.version} called {jobspy.how} as {jobspy.method}")
    else:
        print("JobSpy not available: install the bench extra or pass --jobspy-python")
    total = sum(r.total for r in results + holdout if r.name != "relevance")
    print(
        f"{total} labelled cases; all normalizers on a ~10 KB description: "
        f"{time_per_posting():.2f} ms"
    )
    if args.failures:
        print("\nMisses:")
        _show_failures(results + holdout)
    if args.write_readme:
        write_readme(table)
        print(f"\nwrote {README}")
    return 0 if all(r.accuracy >= r.target for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
