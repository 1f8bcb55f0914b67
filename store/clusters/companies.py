"""Employers as the matcher compares them: a tidy name, its group, and whether it staffs.

"AdventHealth Orlando", "AdventHealth" and "Adventist Health System" are one employer
group; "Robert Half" posts other employers' jobs. Both facts come from `data/companies.csv`
(each row with its source), with name words ("Staffing", "Coding Services") for agencies and
vendors the file does not list.
"""

import csv
import re
import unicodedata
from functools import cache
from pathlib import Path
from typing import NamedTuple

DATA_FILE = Path(__file__).with_name("data") / "companies.csv"


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that say what sort of organization it is, not which one.
LEGAL_WORDS = _words("inc llc llp ltd lp plc pc pllc corp corporation co company the of and dba")
KIND_WORDS = _words(
    "health healthcare system systems services service medical center centers hospital "
    "hospitals network group partners regional clinic clinics care government federal "
    "corporate enterprise holdings operations international global usa us america"
)
AGENCY_WORDS = re.compile(
    r"\b(staffing|recruit(?:ing|ment|ers)?|talent|personnel|placements?|workforce solutions"
    r"|locum|locums|temps)\b"
)
VENDOR_WORDS = re.compile(
    r"\b(coding (?:services|solutions|partners|company)|medical coding|him services"
    r"|health information services|revenue cycle|rcm)\b"
)
AGENCY = "agency"
VENDOR = "vendor"


class Company(NamedTuple):
    key: str  # the distinctive words: "adventhealth orlando"
    group: str  # the key of its parent or brand group: "adventhealth"
    agency: str | None  # "agency" (staffing), "vendor" (coding / HIM services) or None


def tidy(name: str | None) -> str:
    """Lower-case words without accents, punctuation or legal suffixes."""
    if not name:
        return ""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = text.lower().replace("&", " and ").replace("'s", "s")
    words = [w for w in re.split(r"[^a-z0-9]+", text) if w and w not in LEGAL_WORDS]
    return " ".join(words)


def _key(name: str, place_words: frozenset[str] = frozenset()) -> str:
    words = tidy(name).split()
    # "Lakeshore Health - Cleveland" posting a job in Cleveland is Lakeshore Health.
    while len(words) > 1 and words[-1] in place_words:
        words.pop()
    distinct = [w for w in words if w not in KIND_WORDS]
    return " ".join(distinct or words)


@cache
def _listed() -> dict[str, tuple[str, str | None]]:
    """key → (group key, agency kind) for every company of the data file."""
    listed: dict[str, tuple[str, str | None]] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            key = _key(row["name"])
            kind = row["kind"]
            if kind == "brand":
                parent = _key(row["parent"])
                listed[key] = (parent, None)
                listed.setdefault(parent, (parent, None))
            else:
                listed[key] = (key, kind)
    return listed


@cache
def company(name: str | None, place_words: frozenset[str] = frozenset()) -> Company:
    """The matcher's view of an employer name; `place_words` (the posting's city and state)
    are dropped from its end. Cached: names repeat across postings."""
    key = _key(name or "", place_words)
    listed = _listed()
    words = key.split()
    # The longest listed name the key starts with: "adventhealth orlando" is AdventHealth's.
    for end in range(len(words), 0, -1):
        found = listed.get(" ".join(words[:end]))
        if found:
            return Company(key, found[0], found[1])
    text = tidy(name)
    agency = AGENCY if AGENCY_WORDS.search(text) else VENDOR if VENDOR_WORDS.search(text) else None
    return Company(key, key, agency)


@cache
def same_employer(left: str, right: str) -> bool:
    """Whether two company keys name one employer: equal, or a listed group and one of its
    brands ("adventhealth" and "adventhealth orlando"). Two brands of one group (two
    hospitals of one system) are not one employer; nor are unlisted names that merely
    start alike ("magnolia" and "magnolia st anne").
    """
    if left == right:
        return bool(left)
    a, b = company(left), company(right)
    return a.group == b.group and bool(a.group) and (a.key == a.group or b.key == b.group)
