"""The real captured answers behind the conformance tests, kept outside the repository.

HITBOARD_CONFORMANCE_DIR points at them. A test that needs a capture which is not there
skips, except under CI=true, where it fails: CI never passes by not looking. Parametrized
tests take `capture_params(folder)`, which stands one failing (or skipping) case in for a
folder with no files, so a missing kind is never an empty, silently skipped parameter set.
"""

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn

import pytest

_DIR = os.environ.get("HITBOARD_CONFORMANCE_DIR")
ROOT = Path(_DIR) if _DIR else None
UNDER_CI = os.environ.get("CI", "").lower() == "true"

# State names as the captures spell them → USPS codes: the tests' own table, so expected
# values never come from the code under test.
USPS = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "florida": "FL", "georgia": "GA", "hawaii": "HI", "idaho": "ID", "illinois": "IL",
    "indiana": "IN", "iowa": "IA", "kansas": "KS", "kentucky": "KY", "louisiana": "LA",
    "maine": "ME", "maryland": "MD", "massachusetts": "MA", "michigan": "MI",
    "minnesota": "MN", "mississippi": "MS", "missouri": "MO", "montana": "MT",
    "nebraska": "NE", "nevada": "NV", "new hampshire": "NH", "new jersey": "NJ",
    "new mexico": "NM", "new york": "NY", "north carolina": "NC", "north dakota": "ND",
    "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "rhode island": "RI", "south carolina": "SC", "south dakota": "SD", "tennessee": "TN",
    "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA", "washington": "WA",
    "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY", "puerto rico": "PR",
    "guam": "GU", "virgin islands": "VI",
}  # fmt: skip


def missing(reason: str) -> NoReturn:
    """Skip the test, or fail it under CI=true."""
    if UNDER_CI:
        pytest.fail(f"{reason} (captures are required under CI=true)")
    pytest.skip(reason)


@dataclass(frozen=True)
class MissingCaptures:
    """Stands in for the files of a folder that has none."""

    folder: str
    pattern: str


def capture_params(folder: str, pattern: str = "*") -> list:
    """The capture files of `folder` as pytest params (id `folder/name`); one
    MissingCaptures param when there are none."""
    found = sorted((ROOT / folder).glob(pattern)) if ROOT and (ROOT / folder).is_dir() else []
    if found:
        return [pytest.param(path, id=f"{folder}/{path.name}") for path in found]
    return [pytest.param(MissingCaptures(folder, pattern), id=f"{folder}-missing")]


def present(value: Any) -> Any:
    """A parametrized capture (a path, or what was read from one), or the missing verdict
    when it is the MissingCaptures stand-in."""
    if isinstance(value, MissingCaptures):
        where = ROOT or "HITBOARD_CONFORMANCE_DIR (unset)"
        missing(f"no capture matches {value.folder}/{value.pattern} in {where}")
    return value


def paths(params: list) -> list[Path]:
    """The paths of `capture_params(...)`, for a test that reads every file of a folder."""
    return [present(param.values[0]) for param in params]


def capture(relative: str) -> Path:
    """One capture file by its path under the captures folder."""
    path = ROOT / relative if ROOT else None
    if path is None or not path.is_file():
        missing(f"capture {relative} not found (HITBOARD_CONFORMANCE_DIR={_DIR or 'unset'})")
    return path


def read_json(path: Path | MissingCaptures | str) -> Any:
    path = capture(path) if isinstance(path, str) else present(path)
    return json.loads(path.read_text(encoding="utf-8"))


def read_text(path: Path | MissingCaptures | str) -> str:
    path = capture(path) if isinstance(path, str) else present(path)
    return path.read_text(encoding="utf-8")
