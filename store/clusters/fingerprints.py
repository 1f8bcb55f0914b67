"""Fingerprints: what the matcher keeps of each posting, columnar.

A fingerprint is made once, when a posting is stored or changed, and kept in the
`posting_matches` table; matching a new posting never reads another's description again.
The same columns come back from that table as from `fingerprint(rows)`.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from store.clusters import minhash
from store.clusters.companies import AGENCY, VENDOR, company, tidy
from store.clusters.factorize import factorize
from store.clusters.titles import parse_title, shift_in_text

REMOTE_CODES = {"onsite": 1, "hybrid": 2, "remote": 3}
# Source kinds that are an employer's own career system; the rest gather others' postings.
AGGREGATOR_KINDS = frozenset({"adzuna", "themuse", "feed", "remotive"})
CLIENT_NAMED = re.compile(
    r"\b(?:our client|on behalf of(?: our client)?|client)\s*,?\s+"
    r"((?:[A-Z][\w'&.-]*\s?){1,4})",
)
# The columns of a fingerprint, as the posting_matches table stores them.
TEXT_COLUMNS = (
    "company_key", "client_key", "agency", "title_key", "title_seniority", "title_class",
    "title_shift", "title_setting", "title_schedule", "state", "city",
)  # fmt: skip
NUMBER_COLUMNS = ("title_level", "remote", "pay_min", "pay_max", "signature", "shingles")


@dataclass
class Fingerprints:
    """Columns of n fingerprints (lists of text, numpy arrays of numbers)."""

    external_id: list[str]  # read from the posting itself, not stored again
    company_key: list[str]
    client_key: list[str]
    agency: list[str | None]
    title_key: list[str]
    title_seniority: list[str]
    title_class: list[str]
    title_shift: list[str]
    title_setting: list[str]
    title_schedule: list[str]
    state: list[str | None]
    city: list[str | None]
    title_level: np.ndarray  # int8
    remote: np.ndarray  # int8: 0 unknown, 1 onsite, 2 hybrid, 3 remote
    pay_min: np.ndarray  # float64, nan when not posted or estimated
    pay_max: np.ndarray
    signature: np.ndarray  # uint32 [n, BINS]
    shingles: np.ndarray  # int32

    def __len__(self) -> int:
        return len(self.title_key)

    def codes(self, column: str) -> np.ndarray:
        """Integers standing for a text column's values: 0 for empty ("" or None), and one
        code per distinct value otherwise (cached: one set is judged in many chunks)."""
        cache = self.__dict__.setdefault("_codes", {})
        if column not in cache:
            codes, uniques = factorize(objects(getattr(self, column)))
            codes = codes + 1  # None (-1) becomes 0
            if "" in uniques:
                codes[codes == uniques.index("") + 1] = 0
            cache[column] = codes
        return cache[column]

    def flags(self, name: str, make) -> np.ndarray:
        """A bool array per fingerprint made once by `make()` (cached like `codes`)."""
        cache = self.__dict__.setdefault("_flags", {})
        if name not in cache:
            cache[name] = np.array(make(), dtype=bool)
        return cache[name]

    def _columns(self) -> dict[str, Any]:
        return {name: value for name, value in vars(self).items() if not name.startswith("_")}

    def take(self, index: Sequence[int] | np.ndarray) -> "Fingerprints":
        index = np.asarray(index, dtype=np.intp)
        values: dict[str, Any] = {}
        for name, column in self._columns().items():
            if isinstance(column, np.ndarray):
                values[name] = column[index]
            else:
                values[name] = [column[i] for i in index]
        return Fingerprints(**values)

    @staticmethod
    def concat(parts: Sequence["Fingerprints"]) -> "Fingerprints":
        values: dict[str, Any] = {}
        for name, first in parts[0]._columns().items():
            columns = [getattr(part, name) for part in parts]
            if isinstance(first, np.ndarray):
                values[name] = np.concatenate(columns)
            else:
                values[name] = [value for column in columns for value in column]
        return Fingerprints(**values)

    def stored_rows(self) -> list[dict[str, Any]]:
        """One posting_matches row (less its posting id) per fingerprint."""
        rows = []
        for i in range(len(self)):
            row = {name: getattr(self, name)[i] for name in TEXT_COLUMNS}
            row.update(
                title_level=int(self.title_level[i]),
                remote=int(self.remote[i]),
                pay_min=_none_if_nan(self.pay_min[i]),
                pay_max=_none_if_nan(self.pay_max[i]),
                signature=self.signature[i].tobytes(),
                shingles=int(self.shingles[i]),
            )
            rows.append(row)
        return rows

    @staticmethod
    def from_stored(rows: Sequence[Any]) -> "Fingerprints":
        """Fingerprints from posting_matches rows (mappings with the stored columns)."""
        names = [*TEXT_COLUMNS, *NUMBER_COLUMNS]
        columns = {name: [row[name] for row in rows] for name in names}
        columns["external_id"] = [row.get("external_id", "") for row in rows]
        return Fingerprints.from_columns(columns)

    @staticmethod
    def from_columns(columns: dict[str, Sequence[Any]]) -> "Fingerprints":
        """Fingerprints from the stored columns, each a sequence of values (as a query's
        rows transposed give them: no work per row and column in Python)."""
        values: dict[str, Any] = {name: list(columns[name]) for name in TEXT_COLUMNS}
        count = len(columns["title_key"])
        values["external_id"] = list(columns.get("external_id") or [""] * count)
        values["title_level"] = np.array(columns["title_level"], dtype=np.int8)
        values["remote"] = np.array(columns["remote"], dtype=np.int8)
        values["pay_min"] = _floats(columns["pay_min"])
        values["pay_max"] = _floats(columns["pay_max"])
        blob = b"".join(columns["signature"])
        values["signature"] = np.frombuffer(blob, dtype=np.uint32).reshape(count, -1).copy()
        values["shingles"] = np.array(columns["shingles"], dtype=np.int32)
        return Fingerprints(**values)


def objects(values: Sequence[Any]) -> np.ndarray:
    """A 1-d array of Python objects (numpy would make a list of tuples 2-d)."""
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


def distinct(values: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(where each distinct value first occurs, which distinct value each one is), by
    hashing: np.unique(return_index, return_inverse) without its sort, which costs many
    times more on millions of values."""
    inverse, _uniques = factorize(values)
    # factorize numbers distinct values in order of first appearance.
    seen = np.maximum.accumulate(inverse)
    first = np.flatnonzero(np.r_[True, inverse[1:] > seen[:-1]])
    return first, inverse


def groups(*columns: Sequence[Any] | np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows alike in every column, as `distinct` gives them: (the first row of each group,
    each row's group). Work that depends only on these columns is done once a group."""
    code = np.zeros(len(columns[0]), dtype=np.int64)
    for column in columns:
        values = column if isinstance(column, np.ndarray) else objects(column)
        codes, uniques = factorize(values)
        code = factorize(code * (len(uniques) + 1) + (codes + 1))[0]
    return distinct(code)


def _spread(values: Sequence[Any], group: np.ndarray) -> list[Any]:
    """values[group[i]] for each row i (a value per group, made a value per row)."""
    return objects(values)[group].tolist()


def _floats(values) -> np.ndarray:
    return np.array([np.nan if v is None else v for v in values], dtype=np.float64)


def _none_if_nan(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


@cache
def _place_words(city: str | None, state: str | None) -> frozenset[str]:
    words = set(tidy(city).split())
    if state:
        words.add(state.lower())
    return frozenset(words)


def _client(text: str | None) -> str:
    """The employer an agency names as its client ("Our client, AdventHealth, ..."), or ""."""
    if not text:
        return ""
    match = CLIENT_NAMED.search(text[:1500])
    return company(match.group(1).strip()).key if match else ""


def _employer(company_name: str | None, city: str | None, state: str | None) -> tuple:
    employer = company(company_name, _place_words(city, state))
    return employer.key, employer.agency


def _title(title: str | None, city: str | None, state: str | None) -> tuple:
    parsed = parse_title(title, _place_words(city, state))
    return (
        parsed.key, parsed.seniority, parsed.job_class, parsed.shift, parsed.setting,
        parsed.schedule, parsed.level,
    )  # fmt: skip


def _per_row(make, *columns: list[Any]) -> list[list[Any]]:
    """make(*values) for each row, worked out once for each distinct set of values (copies
    of one job, and one employer's jobs, repeat them), as columns."""
    first, group = groups(*columns)
    picked = (objects(column)[first] for column in columns)
    parts = [make(*values) for values in zip(*picked, strict=True)]
    return [_spread(column, group) for column in zip(*parts, strict=True)]


def fingerprint(rows: Sequence[dict[str, Any]]) -> Fingerprints:
    """Fingerprints of posting rows (dicts of Posting columns)."""
    if not rows:
        return _no_fingerprints()
    names, titles_, cities, states, types = (
        [row.get(name) for row in rows]
        for name in ("company", "title", "city", "state", "employment_type")
    )
    keys, agencies = _per_row(_employer, names, cities, states)
    titles, seniority, job_class, shift, setting, schedule, level = _per_row(
        _title, titles_, cities, states
    )
    (city,) = _per_row(_city_key, cities)
    if not all(schedule):
        (from_type,) = _per_row(lambda kind: (_schedule(kind),), types)
        schedule = [s or t for s, t in zip(schedule, from_type, strict=True)]
    texts = [row.get("description_text") for row in rows]
    for i, text in enumerate(texts):
        if not shift[i] and text and "hift" in text:
            shift[i] = shift_in_text(text)
    estimated = np.array([bool(row.get("salary_estimated")) for row in rows], dtype=bool)
    pay_min = _floats(row.get("salary_annual_min") for row in rows)
    pay_max = _floats(row.get("salary_annual_max") for row in rows)
    pay_min[estimated] = np.nan
    pay_max[estimated] = np.nan
    signature, shingles = minhash.signatures(texts)
    return Fingerprints(
        external_id=[str(row.get("external_id") or "") for row in rows],
        company_key=keys,
        client_key=[_client(t) if a else "" for a, t in zip(agencies, texts, strict=True)],
        agency=agencies,
        title_key=titles,
        title_seniority=seniority,
        title_class=job_class,
        title_shift=shift,
        title_setting=setting,
        title_schedule=schedule,
        state=[row.get("state") for row in rows],
        city=city,
        title_level=np.array(level, dtype=np.int8),
        remote=np.array([REMOTE_CODES.get(row.get("remote") or "", 0) for row in rows], np.int8),
        pay_min=pay_min,
        pay_max=pay_max,
        signature=signature,
        shingles=shingles,
    )


def _city_key(city: str | None) -> tuple[str | None]:
    return (tidy(city) or None,)


def _no_fingerprints() -> Fingerprints:
    empty = np.zeros(0)
    return Fingerprints(
        *([] for _ in range(12)),
        title_level=empty.astype(np.int8),
        remote=empty.astype(np.int8),
        pay_min=empty,
        pay_max=empty,
        signature=np.zeros((0, minhash.BINS), dtype=np.uint32),
        shingles=empty.astype(np.int32),
    )


@cache
def _schedule(employment_type: str | None) -> str:
    words = tidy(employment_type)
    for needle, schedule in (
        ("per diem", "prn"), ("prn", "prn"), ("part", "part"), ("temp", "temp"),
        ("contract", "contract"), ("full", "full"),
    ):  # fmt: skip
        if needle in words:
            return schedule
    return ""


def poster_rank(source_kind: str, agency: str | None) -> int:
    """Which copy of a job leads its cluster: 0 the employer's own career system, 1 an
    aggregator, 2 an agency or vendor posting for a client."""
    if agency == AGENCY:
        return 2
    return 1 if source_kind in AGGREGATOR_KINDS else 0


def is_staffing(agency: str | None) -> bool:
    return agency in (AGENCY, VENDOR)
