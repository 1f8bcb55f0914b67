"""Read the reference data files and load them into the store."""

import csv
import tomllib
from functools import cache
from importlib import resources
from typing import Any

from sqlalchemy import delete, func, insert, select
from sqlmodel import Session

from store.models import Credential, Projection, SalaryBenchmark

# table -> (data file, columns that hold numbers)
_FILES: dict[type, tuple[str, tuple[str, ...]]] = {
    SalaryBenchmark: ("benchmarks.csv", ("annual", "hourly")),
    Projection: (
        "projections.csv",
        ("employment_start", "employment_end", "pct_change", "openings_annual"),
    ),
    Credential: ("credentials.csv", ()),
}


def _data_file(name: str):
    return resources.files(__package__).joinpath(name)


@cache
def reference_rows(model: type) -> tuple[dict[str, Any], ...]:
    """The rows of one reference table as its data file has them (blank cells are None)."""
    name, numeric = _FILES[model]
    with _data_file(name).open(encoding="utf-8", newline="") as handle:
        rows = []
        for line, raw in enumerate(csv.DictReader(handle), start=2):
            row: dict[str, Any] = {key: (value.strip() or None) for key, value in raw.items()}
            for column in numeric:
                try:
                    row[column] = float(row[column]) if row[column] is not None else None
                except ValueError:
                    message = f"{name}:{line}: {column} is not a number: {row[column]!r}"
                    raise ValueError(message) from None
            if not row.get("source"):
                raise ValueError(f"{name}:{line}: every reference row needs its source")
            rows.append(row)
    return tuple(rows)


@cache
def credential_forms() -> dict[str, tuple[str, ...]]:
    """Every way postings write each credential: its code first, then former codes and names.

    From credentials.csv (the codes) and credential_aliases.csv (each other form with its
    source), e.g. ODS-C: ("ODS-C", "CTR", "Certified Tumor Registrar", ...).
    """
    forms = {row["code"]: [row["code"]] for row in reference_rows(Credential)}
    name = "credential_aliases.csv"
    with _data_file(name).open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            code, alias = row["code"].strip(), row["alias"].strip()
            if code not in forms:
                raise ValueError(f"{name}:{line}: {code!r} is not a code of credentials.csv")
            if not alias or not row.get("source", "").strip():
                raise ValueError(f"{name}:{line}: every alias needs its text and its source")
            forms[code].append(alias)
    return {code: tuple(found) for code, found in forms.items()}


@cache
def career_facts() -> dict[str, Any]:
    """The career article's facts (education, credentials, states, employers) with source."""
    with _data_file("career.toml").open("rb") as handle:
        return tomllib.load(handle)


def reference_is_loaded(session: Session) -> bool:
    """True when every reference table holds as many rows as its data file."""
    for model in _FILES:
        count = session.scalar(select(func.count()).select_from(model))
        if count != len(reference_rows(model)):
            return False
    return True


def load_reference(session: Session) -> None:
    """Replace the reference tables with the data files' rows (idempotent)."""
    for model in _FILES:
        session.exec(delete(model))
        session.exec(insert(model), params=[dict(row) for row in reference_rows(model)])
