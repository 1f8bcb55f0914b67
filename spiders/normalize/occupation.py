"""Occupation (SOC 2018) from a posting's title and text, and whether it is in scope.

In scope (SPEC "Occupation"): 29-2072 Medical Records Specialists (coders, records clerks,
release of information), 29-9021 Health Information Technologists and Medical Registrars
(registrars, clinical documentation improvement, health data), 11-9111 Medical and Health
Services Managers (here: health-information directors, managers, records administrators and
federal supervisory positions).

Order of decisions: trades that borrow our words (software "coders", university registrars)
are out; managers, administrators and federal supervisory positions of health-information
work; CDI and registry work; the O*NET title list in data/titles.csv; then patterns for the
many ways ads word coder and records jobs. Where O*NET
files a title differently from the spec's grouping (O*NET puts "Medical Records Director" in
29-9021 and "Clinical Documentation Specialist" in 29-2072), the spec's grouping wins.
"""

from __future__ import annotations

import csv
import re
from functools import cache
from pathlib import Path

from core.vocabulary import Occupation
from spiders.normalize.entries import EntryPoints
from spiders.normalize.text import plain

RECORDS = Occupation.RECORDS_SPECIALISTS
TECHNOLOGISTS = Occupation.TECHNOLOGISTS_AND_REGISTRARS
MANAGERS = Occupation.HEALTH_SERVICES_MANAGERS
RELEVANT = frozenset(Occupation)

_DATA = Path(__file__).parent / "data" / "titles.csv"

_EXPANSIONS = [
    (re.compile(r"\bh\.?i\.?m\.?\b", re.I | re.A), "health information management"),
    (re.compile(r"\broi\b", re.I | re.A), "release of information"),
    (
        re.compile(r"\bcdi[sp]?\b|\bcds\b|\bcdes?\b", re.I | re.A),
        "clinical documentation improvement",
    ),
    (re.compile(r"\bhcc\b", re.I | re.A), "risk adjustment"),
    (re.compile(r"\bpro[- ]?fee\b", re.I | re.A), "professional fee"),
    (re.compile(r"\bmed\.?\s+rec(?:ord)?s?\b", re.I | re.A), "medical records"),
    (re.compile(r"\bmgr\b", re.I | re.A), "manager"),
    (re.compile(r"\bdir\b\.?", re.I | re.A), "director"),
    (re.compile(r"\b(?:sr|jr)\b\.?", re.I | re.A), " "),
    (re.compile(r"&"), " and "),
    (re.compile(r"[/|,()\[\]:–—-]"), " "),
]
_LEVEL = re.compile(
    r"\b(?:i{1,3}|iv|v|[1-4]|senior|junior|lead|level|entry|trainee|associate|principal|"
    r"staff|temporary|temp|contract|per diem|prn|part time|full time|remote|hybrid|onsite|"
    r"on site|days|nights|weekends?)\b"
)
_SPACES = re.compile(r"\s+")

_SOFTWARE = re.compile(
    r"\b(?:python|java|javascript|typescript|software|developer|programmer|full stack|"
    r"front end|back end|web|react|golang|ruby|php|devops|game|ai training|ai trainer|"
    r"machine learning|llm|\.net|c\+\+|c#|sql developer|engineer|bootcamp|instructor|teacher|"
    r"tutor)\b"
)
_NOT_HIM = re.compile(r"\b(?:health information exchange|hie|pharmacy|pharmacist|veterinary)\b")
# Registrars who register patients or students rather than keep a disease registry.
_FRONT_DESK_REGISTRAR = re.compile(
    r"\b(?:patient|access|admitting|admissions?|registration|emergency|ed|er|front desk|"
    r"university|college|school|student|academic|court|county|deeds|probate|museum)\b"
)
_MANAGER = re.compile(
    r"\b(?:director|manager|head of|vice president|vp|chief|administrator of|avp)\b"
)
# Who runs records or coding work: a records administrator, or a federal "Supervisory" position
# (one whose main duty is supervising). A working "Coding Supervisor" stays with the coders, as
# SOC files supervisors of technical work with the workers they supervise; the O*NET title
# "Health Information Administrator" stays 29-9021, and system administrators are IT work.
_RUNS_THE_WORK = re.compile(r"\bsupervisory\b|\badministrator\b")
_NOT_RUNNING_THE_WORK = re.compile(
    r"\b(?:systems?|database|network|application|applications|epic|cerner|meditech|ehr|emr|"
    r"electronic health records?|it|security|software)\s+(?:[a-z]+\s+)?administrator\b"
    r"|^(?!.*\bsupervisory\b).*\bhealth information(?: management)? administrator\b"
)
_HIM_WORK = re.compile(
    r"health information|medical records?|health records?|\bcod(?:ing|er|ers)\b|"
    r"clinical documentation|release of information|registry|registrar|\bdrg\b"
)
_CDI = re.compile(
    r"clinical documentation|documentation (?:integrity|improvement|specialist|quality)"
)
_REGISTRY = re.compile(
    r"\b(?:cancer|tumou?r|oncology|trauma|stroke|cardiac|cardiovascular|transplant|ncdr|sts|"
    r"implant|joint replacement|diabetes|birth defects?|vital|public health|certified)\s+"
    r"(?:data\s+)?(?:registrar|registry|abstractor|data specialist|data coordinator)\b"
    r"|\bregistry (?:specialist|coordinator|analyst|abstractor|technician|associate)\b"
    r"|\boncology data specialist\b|\bods c\b|\bctr\b"
)
_DATA_WORK = re.compile(
    r"\b(?:health|healthcare|clinical|medical|health information management|"
    r"health information) data (?:analyst|specialist|abstractor|coordinator|integrity)\b"
    r"|\bhealth information(?: management)? analyst\b|\bmedical records? analyst\b"
    r"|\bhealth information(?: management)? administrator\b"
    # the SOC occupation's own name (its "Medical Registrar" half is left out: hospitals use it
    # for patient registration, and in the UK it is a grade of doctor)
    r"|\bhealth information(?: management)? technologists?\b"
)
# Abstracting pulls data out of charts into registries and measure sets: health-data work
# (29-9021) whatever the abstractor is named after ("Quality Abstractor", "Medical Record
# Abstractor", "Chart Abstractor"), once the title says the work is clinical.
_ABSTRACTOR = re.compile(
    r"\babstract(?:or|ors|ion)\b.*\b(?:quality|clinical|core measures?|data|medical|health|"
    r"records?|charts?|coding|registry|cancer|trauma|stroke|cardiac|nursing|hospital)\b"
    r"|\b(?:quality|clinical|core measures?|data|medical|health|records?|charts?|coding|"
    r"registry|cancer|trauma|stroke|cardiac|nursing|hospital)\b.*\babstract(?:or|ors|ion)\b"
)
_CODER = re.compile(r"\bcod(?:er|ers|ing)\b|\bdrg (?:validat|review|audit|coordinat|special)")
_RECORDS_WORK = re.compile(
    r"\b(?:medical|health|patient|health information management) records?\b"
    r"|\bhealth information(?: management)? (?:[a-z]+ ){0,2}(?:clerk|specialist|technician|tech|"
    r"associate|coordinator|assistant|representative|rep|processor|aide|supervisor|lead|"
    r"services)\b"
    r"|\brelease of information\b|\bcorrespondence specialist\b"
    r"|\b(?:chart|deficiency|record) (?:analyst|analysis|completion|retrieval|prep|abstractor)\b"
    r"|\b(?:billing and coding|biller coder|coder biller)\b"
    r"|\b(?:ehr|electronic health records?) specialist\b"
)
# Tried only where one of their literal entry points occurs (entries.py): the same matches.
_HIM_CONTEXT_TEXT = EntryPoints.compile(
    r"ICD-?10|\bCPT\b|HCPCS|AHIMA|AAPC|\bRHI[AT]\b|\bCCS\b|\bCPC\b|medical record|"
    r"health information|coding guidelines|\bDRG\b|abstract|cancer registry|tumor registry|"
    r"release of information|\bHIM\b|clinical documentation|\bE/M\b|risk adjustment|\bHCC",
    re.I | re.A,
)
_SOFTWARE_TEXT = EntryPoints.compile(
    r"python|javascript|typescript|software|programming|developer|github|AI training|"
    r"machine learning|LLM|coding challenges",
    re.I | re.A,
)
_REGISTRY_TEXT = re.compile(r"cancer registr|tumor registr|\bNCRA\b|\bCTR\b|ODS-C|trauma registr")
_CDI_TEXT = re.compile(r"clinical documentation (?:improvement|integrity)|\bCDI\b|query|queries")
_GENERIC_TITLE = re.compile(
    r"^(?:specialist|associate|analyst|technician|tech|clerk|auditor|abstractor|reviewer|"
    r"validator|consultant|coordinator|coder|registrar|representative|assistant|professional)"
    r"(?: (?:specialist|analyst|technician|coordinator|auditor|reviewer))?$"
)


def _normalize(title: str) -> str:
    text = plain(title).lower()
    for pattern, replacement in _EXPANSIONS:
        text = pattern.sub(replacement, text)
    return _SPACES.sub(" ", text).strip()


def _core(normalized: str) -> str:
    return _SPACES.sub(" ", _LEVEL.sub(" ", normalized)).strip()


_PLURAL = re.compile(r"\b([a-z]{3,}?)(?:ies|s)\b")


def _singular(core: str) -> str:
    """A lookup key where "Medical Records Coders" and "Medical Record Coder" meet: every word
    loses a plural ending (applied to O*NET titles and posting titles alike)."""
    return _PLURAL.sub(
        lambda m: (
            m.group(0)
            if m.group(0).endswith(("ss", "is", "us", "ics"))
            else m.group(1) + ("y" if m.group(0).endswith("ies") else "")
        ),
        core,
    )


@cache
def _titles() -> dict[str, tuple[str, str]]:
    """Normalized O*NET title → (SOC 2018 code, "title" | "context")."""
    table: dict[str, tuple[str, str]] = {}
    with _DATA.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        for row in rows:
            soc = row["onet_soc"][:7]
            for variant in _title_variants(row["title"]):
                table.setdefault(_singular(_core(_normalize(variant))), (soc, row["use"]))
    return table


def _title_variants(title: str) -> list[str]:
    """'Medical Records Technician (Medical Records Tech)' names two titles."""
    match = re.fullmatch(r"(.+?)\s*\((.+)\)", title)
    return [match.group(1), match.group(2)] if match else [title]


def _him_text(text: str) -> bool:
    return len({m.group(0).lower() for m in _HIM_CONTEXT_TEXT.scan(text)}) >= 2


def _from_text(text: str) -> str | None:
    """A generic title ("Specialist II"): let a clearly health-information text decide."""
    if not _him_text(text):
        return None
    if _REGISTRY_TEXT.search(text):
        return TECHNOLOGISTS
    if len(_CDI_TEXT.findall(text)) >= 2:
        return TECHNOLOGISTS
    return RECORDS


def classify_occupation(title: str, text: str = "") -> str | None:
    """SOC 2018 code for a health-information posting, or None for anything else."""
    if not title:
        return None
    t = _normalize(title)
    core = _core(t)
    body = plain(text) if text else ""
    if _SOFTWARE.search(t):
        return None
    if _NOT_HIM.search(t):
        return None
    if _MANAGER.search(t):
        return MANAGERS if _HIM_WORK.search(t) else None
    if _RUNS_THE_WORK.search(t) and _HIM_WORK.search(t) and not _NOT_RUNNING_THE_WORK.search(t):
        return MANAGERS
    if _CDI.search(t) or _REGISTRY.search(t) or _DATA_WORK.search(t) or _ABSTRACTOR.search(t):
        return TECHNOLOGISTS
    known = _titles().get(_singular(core))
    if known:
        soc, use = known
        if use == "title" or (body and _him_text(body)):
            return soc
    if _CODER.search(t):
        if body and _SOFTWARE_TEXT.search(body) and not _him_text(body):
            return None
        return RECORDS
    if _RECORDS_WORK.search(t):
        # O*NET files "Medical Records Analyst" with the technologists; chart and deficiency
        # analysts do records work
        records_analyst = re.search(r"\b(?:medical|health) records? analyst\b", t)
        return TECHNOLOGISTS if records_analyst else RECORDS
    if re.search(r"\bregistrar\b", t):
        if _FRONT_DESK_REGISTRAR.search(t):
            return None
        return TECHNOLOGISTS if body and _REGISTRY_TEXT.search(body) else None
    if _GENERIC_TITLE.match(core) and body:
        found = _from_text(body)
        # a bare "Abstractor" in a health-information ad abstracts data, like the named ones
        return TECHNOLOGISTS if found and core.startswith("abstractor") else found
    return None


def is_relevant(occupation: str | None) -> bool:
    """True for the three health-information occupations this board is about."""
    return occupation in RELEVANT
