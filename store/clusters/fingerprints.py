"""Fingerprints: what the matcher keeps of each posting, columnar, and its blocking keys.

A fingerprint is made once, when a posting is stored or changed, and kept in the
`posting_matches` table; matching a new posting never reads another's description again.
The same columns come back from that table as from `fingerprint(rows)`.
"""

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from store.clusters import minhash
from store.clusters.companies import AGENCY, VENDOR, company, tidy
from store.clusters.thresholds import THRESHOLDS
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
            table: dict[str | None, int] = {"": 0, None: 0}
            values = getattr(self, column)
            cache[column] = np.array(
                [table.setdefault(v, len(table) - 1) for v in values], dtype=np.int64
            )
        return cache[column]

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
        values: dict[str, Any] = {name: [row[name] for row in rows] for name in TEXT_COLUMNS}
        values["external_id"] = [row.get("external_id", "") for row in rows]
        values["title_level"] = np.array([row["title_level"] for row in rows], dtype=np.int8)
        values["remote"] = np.array([row["remote"] for row in rows], dtype=np.int8)
        values["pay_min"] = _floats(row["pay_min"] for row in rows)
        values["pay_max"] = _floats(row["pay_max"] for row in rows)
        blob = b"".join(row["signature"] for row in rows)
        values["signature"] = np.frombuffer(blob, dtype=np.uint32).reshape(len(rows), -1).copy()
        values["shingles"] = np.array([row["shingles"] for row in rows], dtype=np.int32)
        return Fingerprints(**values)


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


def fingerprint(rows: Sequence[dict[str, Any]]) -> Fingerprints:
    """Fingerprints of posting rows (dicts of Posting columns)."""
    columns: dict[str, list] = {name: [] for name in TEXT_COLUMNS}
    levels, remote, pay_min, pay_max = [], [], [], []
    external_ids = [str(row.get("external_id") or "") for row in rows]
    for row in rows:
        city, state = row.get("city"), row.get("state")
        place_words = _place_words(city, state)
        employer = company(row.get("company"), place_words)
        title = parse_title(row.get("title"), place_words)
        description = row.get("description_text")
        agency = employer.agency
        columns["company_key"].append(employer.key)
        columns["client_key"].append(_client(description) if agency else "")
        columns["agency"].append(agency)
        columns["title_key"].append(title.key)
        columns["title_seniority"].append(title.seniority)
        columns["title_class"].append(title.job_class)
        columns["title_shift"].append(title.shift or shift_in_text(description))
        columns["title_setting"].append(title.setting)
        columns["title_schedule"].append(title.schedule or _schedule(row.get("employment_type")))
        columns["state"].append(state)
        columns["city"].append(tidy(city) or None)
        levels.append(title.level)
        remote.append(REMOTE_CODES.get(row.get("remote") or "", 0))
        estimated = bool(row.get("salary_estimated"))
        low, high = row.get("salary_annual_min"), row.get("salary_annual_max")
        pay_min.append(np.nan if estimated or low is None else low)
        pay_max.append(np.nan if estimated or high is None else high)
    signature, shingles = minhash.signatures([row.get("description_text") for row in rows])
    return Fingerprints(
        external_id=external_ids,
        **columns,
        title_level=np.array(levels, dtype=np.int8),
        remote=np.array(remote, dtype=np.int8),
        pay_min=np.array(pay_min, dtype=np.float64),
        pay_max=np.array(pay_max, dtype=np.float64),
        signature=signature,
        shingles=shingles,
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


# -- blocking keys --------------------------------------------------------------------


def _hash64(text: str) -> int:
    return int.from_bytes(
        hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True
    )


@cache
def _title_keys(group: str, title_key: str, place: str, remote: bool) -> tuple[int, ...]:
    """Keys of a title at an employer and place: its words, and (for titles of three words
    or more) each set of its words less one ("medical records specialist" meets "records
    specialist"). A remote job also meets the same title placed nowhere."""
    words = title_key.split()
    subsets = {title_key}
    if len(words) >= 3:
        subsets.update(" ".join(words[:i] + words[i + 1 :]) for i in range(len(words)))
    places = {place, ""} if remote else {place}
    return tuple(
        _hash64(f"title\x1f{group}\x1f{where}\x1f{subset}")
        for where in sorted(places)
        for subset in sorted(subsets)
    )


@cache
def _title_hash(title_key: str) -> int:
    return _hash64(f"band\x1f{title_key}")


def blocking_keys(prints: Fingerprints) -> tuple[np.ndarray, np.ndarray]:
    """(keys int64, owner index) of every blocking key of every fingerprint.

    Title keys are scoped to the employer group (and the client an agency names); band keys
    pair a description's LSH band with the title's words, so agency copies of a job meet
    the employer's posting without every posting of one template meeting all the others.
    """
    keys: list[int] = []
    owners: list[int] = []
    for i in range(len(prints)):
        place = prints.state[i] or ""
        remote = bool(prints.remote[i] == 3)
        groups = {company(prints.company_key[i]).group}
        if prints.client_key[i]:
            groups.add(company(prints.client_key[i]).group)
        for group in sorted(groups):
            found = _title_keys(group, prints.title_key[i], place, remote)
            keys.extend(found)
            owners.extend([i] * len(found))
    banded = np.flatnonzero(prints.shingles >= THRESHOLDS.min_shingles)
    if banded.size:
        bands = minhash.band_keys(prints.signature[banded])
        titles = np.array([_title_hash(prints.title_key[i]) for i in banded], dtype=np.int64)
        band_keys = (bands ^ titles[:, None]).ravel()
        keys.extend(band_keys.tolist())
        owners.extend(np.repeat(banded, bands.shape[1]).tolist())
    return np.array(keys, dtype=np.int64), np.array(owners, dtype=np.intp)
