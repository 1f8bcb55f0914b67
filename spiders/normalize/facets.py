"""Specialty facets of a coding or records job: care setting, code sets, EHR systems.

Values are stable slugs (settings, EHRs) or the code sets' own names, listed in a fixed order.
A bare "ICD-10" counts as ICD-10-CM: ads that mean procedure coding say PCS.
"""

from __future__ import annotations

import re

from spiders.normalize.entries import EntryPoints, positions
from spiders.normalize.text import plain

_SETTINGS = {
    "inpatient": r"\bin[- ]?patient\b|\bIP (?:coder|coding)\b|\b(?:MS|APR)-DRGs?\b|\bIPPS\b",
    "outpatient": r"\bout[- ]?patient\b|\bOP (?:coder|coding)\b|\bambulatory\b|\bsame[- ]day "
    r"surgery\b|\bAPCs?\b|\bOPPS\b|\bobservation (?:coding|cases|stays?)\b",
    "professional_fee": r"\bpro[- ]?fee\b|\bprofessional (?:fee|services|billing|component)\b"
    r"|\bphysician[- ](?:based|practice|office|billing|coding)\b|\bE/M\b|\bE&M\b"
    r"|\bevaluation and management\b",
    "emergency": r"\bemergency (?:department|room|medicine|services|coder|coding)\b",
    "risk_adjustment": r"\brisk[- ]adjust\w*|\bHCCs?\b|\bhierarchical condition\b|\bRAF\b",
}
_CODE_SETS = {
    "ICD-10-CM": r"\bICD[- ]?10[- ]?CM\b|\bICD[- ]?10(?![- ]?(?:PCS|CM))\b",
    "ICD-10-PCS": r"\bICD[- ]?10[- ]?PCS\b|\bICD[- ]?10[- ]?(?:CM)?\s?(?:/|and|&)\s?PCS\b"
    r"|\bCM/PCS\b",
    "CPT": r"\bCPT(?:®|-4|4)?\b|current procedural terminology",
    "HCPCS": r"\bHCPCS\b|healthcare common procedure coding",
}
_EHRS = {
    "epic": r"\b(?:Epic|EPIC)(?! (?:opportunity|opportunities|adventure|journey|career|team|"
    r"benefits|culture))\b|\bEpicCare\b|\bEpic (?:Resolute|HIM|Hyperspace)\b",
    "oracle_health": r"\bCerner\b|\bOracle Health\b|\bPowerChart\b|\bCerner Millennium\b",
    "meditech": r"\bMEDITECH\b|\bMeditech\b",
    "athenahealth": r"\bathena(?:health|One|Clinicals)?\b",
    "eclinicalworks": r"\beClinicalWorks\b|\beCW\b",
    "nextgen": r"\bNextGen\b",
    "allscripts": r"\bAllscripts\b|\bVeradigm\b|\bSunrise Clinical Manager\b",
}
# "ED"/"ER" in capitals, standing alone: the emergency department in coding ads.
_ED = r"\b(?:ED|ER)\b(?!-\d)"


_PREFIX = re.compile(r"^(?:\\b|\(\?:|\()*")


def _compile(pattern: str, flags: int = 0) -> re.Pattern[str]:
    # A lookahead on the possible first letters lets the scan skip most positions quickly.
    firsts = {_PREFIX.sub("", alt)[:1].lower() for alt in pattern.split("|")}
    if all(ch.isalnum() for ch in firsts):
        chars = "".join(sorted(firsts | {c.upper() for c in firsts}))
        return re.compile(f"(?=[{chars}])(?:{pattern})", flags)
    return re.compile(pattern, flags)


# Cheap substring gates: a pattern runs only when one of its words is in the text at all.
_GATES = {
    "inpatient": ("inpatient", "in-patient", "in patient", "ip cod", "drg", "ipps"),
    "outpatient": ("outpatient", "out-patient", "out patient", "op cod", "ambulatory", "same",
                   "apc", "opps", "observation"),
    "professional_fee": ("pro", "physician", "e/m", "e&m", "evaluation and management"),
    "emergency": ("emergency", "ed", "er"),
    "risk_adjustment": ("risk", "hcc", "hierarchical", "raf"),
    "ICD-10-CM": ("icd",),
    "ICD-10-PCS": ("pcs",),
    "CPT": ("cpt", "current procedural"),
    "HCPCS": ("hcpcs", "healthcare common"),
    "epic": ("epic",),
    "oracle_health": ("cerner", "oracle health", "powerchart"),
    "meditech": ("meditech",),
    "athenahealth": ("athena",),
    "eclinicalworks": ("eclinicalworks", "ecw"),
    "nextgen": ("nextgen",),
    "allscripts": ("allscripts", "veradigm", "sunrise clinical"),
}  # fmt: skip


class _Capitals:
    """A case-sensitive pattern whose matches open on one of `openings` as written ("ED",
    "ER"): found with str.find, then matched there; the same first match as a scan."""

    def __init__(self, pattern: str, openings: tuple[str, ...]) -> None:
        self.pattern = re.compile(pattern)
        self.openings = openings

    def search(self, text: str, _lowered: str | None = None) -> re.Match[str] | None:
        for at in positions(text, self.openings):
            if match := self.pattern.match(text, at):
                return match
        return None


# Each tried only where one of its literal entry points occurs (entries.py).
_ALL = {
    "settings": [(slug, EntryPoints(_compile(p, re.I | re.A))) for slug, p in _SETTINGS.items()]
    + [("emergency", _Capitals(_ED, ("ED", "ER")))],
    "code_sets": [(name, EntryPoints(_compile(p, re.I | re.A))) for name, p in _CODE_SETS.items()],
    "ehr": [(slug, EntryPoints(_compile(p))) for slug, p in _EHRS.items()],
}


def find_facets(text: str | None) -> dict[str, list[str]]:
    """{"settings": [...], "code_sets": [...], "ehr": [...]} named anywhere in the text."""
    body = plain(text) if text else ""
    found: dict[str, list[str]] = {}
    lowered = body.lower()
    for facet, patterns in _ALL.items():
        values = [
            value
            for value, pattern in patterns
            if any(gate in lowered for gate in _GATES[value]) and pattern.search(body, lowered)
        ]
        found[facet] = list(dict.fromkeys(values))
    return found
