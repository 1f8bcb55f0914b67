"""What the store's words are called on screen: facet slugs, employment types, source names.

The store keeps stable slugs ("oracle_health") and whatever a source wrote ("FULL_TIME",
"Full-time"); a job seeker reads one human name for each.
"""

import re
from collections.abc import Iterable

MISSING = "—"  # what every table shows for a missing value (never None or nan)

FACET_NAMES: dict[str, str] = {
    # care settings
    "inpatient": "Inpatient",
    "outpatient": "Outpatient",
    "professional_fee": "Professional fee (physician)",
    "emergency": "Emergency department",
    "risk_adjustment": "Risk adjustment",
    # EHR systems
    "epic": "Epic",
    "oracle_health": "Oracle Health (Cerner)",
    "meditech": "MEDITECH",
    "athenahealth": "athenahealth",
    "eclinicalworks": "eClinicalWorks",
    "nextgen": "NextGen",
    "allscripts": "Veradigm (Allscripts)",
}
EMPLOYMENT_NAMES: dict[str, str] = {
    "fulltime": "Full-time",
    "parttime": "Part-time",
    "perdiem": "Per diem",
    "prn": "Per diem",
    "temporary": "Temporary",
    "temp": "Temporary",
    "contract": "Contract",
    "contractor": "Contract",
    "intern": "Internship",
    "internship": "Internship",
    "seasonal": "Seasonal",
    "volunteer": "Volunteer",
}
KIND_NAMES: dict[str, str] = {
    "adzuna": "Adzuna", "ashby": "Ashby", "bamboohr": "BambooHR", "dayforce": "Dayforce",
    "feed": "a job feed", "greenhouse": "Greenhouse", "icims": "iCIMS", "jobvite": "Jobvite",
    "jsonld": "the employer's site", "lever": "Lever", "neogov": "NEOGOV",
    "oracle": "Oracle Recruiting", "paylocity": "Paylocity", "phenom": "Phenom",
    "recruitee": "Recruitee", "remotive": "Remotive", "smartrecruiters": "SmartRecruiters",
    "successfactors": "SuccessFactors", "taleo": "Taleo", "themuse": "The Muse", "ukg": "UKG",
    "usajobs": "USAJOBS", "workable": "Workable", "workday": "Workday",
}  # fmt: skip
DEMO_PREFIX = "demo-"


def facet_label(value: str) -> str:
    return FACET_NAMES.get(value, value)


def employment_label(value: str | None) -> str:
    """ "FULL_TIME", "full time" and "Full-time" are all "Full-time"."""
    if not value:
        return ""
    key = re.sub(r"[^a-z]", "", value.lower())
    return EMPLOYMENT_NAMES.get(key, value.strip())


def employment_groups(values: Iterable[str]) -> dict[str, list[str]]:
    """Stored employment types by label, so one choice on screen covers every spelling."""
    groups: dict[str, list[str]] = {}
    for value in sorted(values):
        groups.setdefault(employment_label(value), []).append(value)
    return groups


def kind_label(kind: str | None) -> str:
    return KIND_NAMES.get(kind or "", kind or "a job board")


def source_label(name: str, kind: str | None) -> str:
    """ "Acme Health on Greenhouse"; the demo's sources read "Demo sample on Greenhouse"."""
    if name.startswith(DEMO_PREFIX):
        owner = "Demo sample"
    else:
        owner = " ".join(word.capitalize() for word in re.split(r"[-_\s]+", name) if word)
    return f"{owner} on {kind_label(kind)}"


def credential_option(code: str, names: dict[str, str]) -> str:
    """ "CCS — Certified Coding Specialist" (the code alone when its name is not known)."""
    name = names.get(code)
    return f"{code} — {name}" if name else code
