"""Health-information credentials named in a posting, each with how it is asked for.

Canonical codes (SPEC "Credentials"): RHIA, RHIT, CCA, CCS, CCS-P, CDIP, CHDA, CHPS, CHP, CPC,
COC, CPB, CRC, CIC, CPMA, ODS-C (CTR, its name until 2024, is stored as ODS-C), CBCS, CEHRS.
Dotted (R.H.I.T.) and apprentice (CPC-A) forms count as the credential. Several codes mean
other things in other trades, so those need the right neighbourhood before they count.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.vocabulary import CREDENTIAL_CODES
from spiders.normalize.entries import EntryPoints
from spiders.normalize.requirement import RequirementReader, strongest
from spiders.normalize.text import plain

CANONICAL = CREDENTIAL_CODES

_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,5}(?:-?[A-Z]\.?)?(?![A-Za-z])")
# what every dotted code holds: a scan for it skips most positions at once, _DOTTED's does not
_TWO_DOTTED = re.compile(r"[A-Z]\.[A-Z]\.")
_DASH = re.compile(r"[\u2010-\u2015\u2212]")
_TAIL = r"(?:®|™|\(r\))?"
_APPRENTICE = r"(?:-A\b|\s\(A\))?"

# Codes as written, case-sensitive: lowercase "cpc" or "coc" are rarely the credential.
_CODE_PATTERNS: list[tuple[str, str]] = [
    ("RHIA", rf"\bRHIA{_TAIL}\b"),
    ("RHIT", rf"\bRHIT{_TAIL}\b"),
    ("CCS-P", rf"\bCCS{_TAIL}\s?-\s?P\b|\bCCS\sP\b"),
    ("CCSP", r"\bCCSP\b"),  # CCS-P without its dash, or the ISC2 cloud-security credential
    ("CCS", rf"\bCCS{_TAIL}(?!\s?-\s?P\b|\sP\b)\b"),
    ("CCA", rf"\bCCA{_TAIL}\b"),
    ("CDIP", rf"\bCDIP{_TAIL}\b"),
    ("CHDA", rf"\bCHDA{_TAIL}\b"),
    ("CHPS", rf"\bCHPS{_TAIL}\b"),
    ("CHP", rf"\bCHP{_TAIL}\b(?!-)"),
    ("CPC", rf"\bCPC{_TAIL}{_APPRENTICE}(?!-[B-Z]\b)\b"),
    ("COC", rf"\bCOC{_TAIL}{_APPRENTICE}\b|\bCPC-H\b"),
    ("CPB", rf"\bCPB{_TAIL}{_APPRENTICE}\b"),
    ("CRC", rf"\bCRC{_TAIL}{_APPRENTICE}\b"),
    ("CIC", rf"\bCIC{_TAIL}{_APPRENTICE}\b"),
    ("CPMA", rf"\bCPMA{_TAIL}\b"),
    ("ODS-C", r"\bODS\s?-?\s?C\b|\bODS(?=\s*\(CTR\))"),
    ("CTR", rf"\bCTR{_TAIL}\b"),
    ("CBCS", rf"\bCBCS{_TAIL}\b"),
    ("CEHRS", rf"\bCEHRS?{_TAIL}\b"),
]
# Names, any case.
_NAME_PATTERNS: list[tuple[str, str]] = [
    ("RHIA", r"registered health information administrator"),
    ("RHIT", r"registered health information technician"),
    ("CCA", r"certified coding associate"),
    ("CCS-P", r"certified coding specialist\s?[-,]?\s?physician(?:[- ]based)?"),
    ("CCS", r"certified coding specialist(?!\s?[-,]?\s?physician)"),
    ("CDIP", r"certified documentation (?:integrity|improvement) practitioner"),
    ("CHDA", r"certified health data analyst"),
    ("CHPS", r"certified in healthcare privacy and security"),
    ("CHP", r"certified in healthcare privacy(?! and security)"),
    ("CPC", r"certified professional coder"),
    ("COC", r"certified outpatient coder"),
    ("CPB", r"certified professional biller"),
    ("CRC", r"certified risk adjustment coder"),
    ("CIC", r"certified inpatient coder"),
    ("CPMA", r"certified professional medical auditor"),
    ("ODS-C", r"certified tumor registrar|oncology data specialist"),
    ("CBCS", r"certified billing (?:and|&) coding specialist"),
    ("CEHRS", r"certified electronic health records? specialist"),
]
# The lookaheads let the scan skip most positions at once (10 KB descriptions, every posting).
_FINDER = re.compile(
    r"\b(?=[A-Z]{2})(?:"
    + "|".join(f"(?P<c{i}>{pattern})" for i, (_, pattern) in enumerate(_CODE_PATTERNS))
    + ")"
)
_NAME_FINDER = re.compile(
    r"\b(?=registered|certified|oncology)(?:"
    + "|".join(f"(?P<n{i}>{pattern})" for i, (_, pattern) in enumerate(_NAME_PATTERNS))
    + ")",
    re.I | re.A,
)
# where a code or a name can start: the patterns are tried only there (see entries.py)
_FINDER_STARTS = EntryPoints(_FINDER)
_NAME_FINDER_STARTS = EntryPoints(_NAME_FINDER)

# Neighbourhoods that decide the ambiguous codes.
_CODING = re.compile(
    r"cod(?:er|ers|ing)\b|\bICD|\bCPT\b|HCPCS|AAPC|AHIMA|health information|\bHIM\b|"
    r"medical record|\bRHI[AT]\b|\bCCS\b|\bCPC\b|\bCOC\b|\bCCA\b|\bCRC\b|\bCIC\b|\bCPMA\b|"
    r"\bRHIT\b|credential|certif|abstract|registr|revenue cycle|billing|\bDRG\b|\bE/M\b",
    re.I | re.A,
)
_MARKETING = re.compile(
    r"click|cost[- ]per|\bPPC\b|\bCPM\b|\bCPA\b|impression|\bROAS\b|conversion|\bSEM\b|\bSEO\b|"
    r"google ads|ad spend|paid (?:search|social|media)|campaign|advertis|bid\b|bidding|"
    r"engagement rate|open rate|\bKPIs?\b|marketing|\bCAC\b|\bLTV\b",
    re.I | re.A,
)
# A code glossed as an advertising measure where it stands: "CPC (cost per click)",
# "click-through rate (CTR)". The gloss says what the code means, whatever else is near.
_MARKETING_GLOSS_AFTER = re.compile(r"\s*\(([^()\n]{1,40})\)")
_MARKETING_GLOSS_BEFORE = re.compile(r"([^()\n]{1,40})\(\s*$")
_REGISTRY = re.compile(r"registr|tumou?r|cancer|oncolog|NCRA|abstract", re.I | re.A)
_RESEARCH = re.compile(
    r"clinical research|research coordinator|\bstudy\b|studies|trial|\bIRB\b|protocol|sponsor|"
    r"\bCCRC\b|\bCCRP\b|\bACRP\b|\bSOCRA\b|colorectal|screening|\bGCP\b",
    re.I | re.A,
)
# "breast, lung and CRC cases": colorectal cancer among other cancer sites or as a case type.
_CANCER_SITE = re.compile(
    r"\b(?:breast|lung|prostate|colon|rectal|cervical|melanoma|pancrea\w*|thyroid|bladder|"
    r"kidney|ovarian|skin)\b",
    re.I | re.A,
)
_CRC_CASES = re.compile(r"\s*(?:cases?|patients?|tumou?rs?|surgery|surgeries|screenings?)\b", re.I)
_RISK = re.compile(r"risk adjust|\bHCC|hierarchical condition|certified risk|\bRAF\b", re.I | re.A)
_INFECTION = re.compile(r"infection|\bCBIC\b|\bAPIC\b|epidemiolog|\bIP\b|prevention", re.I | re.A)
_INPATIENT_CODING = re.compile(r"inpatient|\bDRG|PCS\b|AAPC|cod(?:er|ing)", re.I | re.A)
_CLOUD = re.compile(
    r"cloud|\(ISC\)|ISC2|ISC²|CISSP|\bAWS\b|azure|\bGCP\b|security architect|cyber|devsecops|"
    r"\bCCSK\b|\bCISM\b|\bCISA\b",
    re.I | re.A,
)
# CHP named beside CHPS or another health-information credential is the privacy credential.
_PRIVACY = re.compile(
    r"privacy|HIPAA|AHIMA|security|compliance|\bCHPS\b|\bRHI[AT]\b|\bCCS\b|\bCDIP\b|\bCHDA\b",
    re.A,
)
_PRIVACY_WORDS = re.compile(r"privacy|HIPAA|AHIMA|security|compliance", re.I | re.A)
_CCA_OTHER = re.compile(
    r"citrix|cloudera|cisco|\bCCA-[A-Z]|childcare|child care|\bCCA-V\b|\bNetScaler\b",
    re.I | re.A,
)
# A bare "CCA required" / "CCA within 6 months of hire": asked for as a qualification.
_ASKED_FOR = re.compile(
    r"\b(?:required|requires?|preferred|must|eligib\w*|obtain\w*|within \w+ (?:months?|years?))\b",
    re.I | re.A,
)
_CCS_OTHER = re.compile(r"california children|CCS[- ]paneled|CCS[- ]approved", re.I | re.A)
_COC_OTHER = re.compile(
    r"commission on cancer|accreditation|\bACoS\b|standards|chain of custody|certificate of",
    re.I | re.A,
)

_WINDOW = 140

# An acronym a posting spells out for itself: "Chief of Campaigns and Strategies (CCS)",
# "CRC (Clinical Research Coordinator)". When the words are not the credential's, the posting
# uses those letters for something else everywhere in it.
_ACRONYM_AFTER_WORDS = re.compile(r"\(\s*([A-Z]{3,5})\s*\)")
# "\b[A-Z]{3,5}", with the word start checked after the first capital: opening on a capital
# lets the scan skip every other character at once
_ACRONYM_BEFORE_WORDS = re.compile(r"([A-Z](?<!\w.)[A-Z]{2,4})\s*\(([^()\n]{3,80})\)")
_SMALL_WORDS = frozenset({"of", "and", "the", "for", "in", "on", "to", "a", "an", "&", "with"})
_WORD = re.compile(r"[A-Za-z]+(?:'s)?")
# Spelled-out words that keep the letters in our field ("Certified Healthcare Privacy
# Professional (CHP)") though they are not the credential's exact name.
_FIELD_WORDS = re.compile(
    r"cod(?:e|er|ers|ing)\b|health information|medical record|registr|tumou?r|oncolog|privacy|"
    r"billing|biller|audit|documentation|risk adjust|inpatient|outpatient|abstract",
    re.I | re.A,
)


def _near(text: str, start: int, end: int, width: int = _WINDOW) -> str:
    """The text around a mention, without the mention itself."""
    return f"{text[max(0, start - width) : start]} \u2063 {text[end : end + width]}"


def _glossed_as_marketing(text: str, start: int, end: int) -> bool:
    after = _MARKETING_GLOSS_AFTER.match(text, end)
    if after and _MARKETING.search(after.group(1)):
        return True
    before = _MARKETING_GLOSS_BEFORE.search(text, max(0, start - 42), start)
    closes = text.startswith(")", end) or text.startswith(" )", end)
    return bool(before and closes and _MARKETING.search(before.group(1)))


def _cpc_ok(text: str, start: int, end: int) -> bool:
    if _glossed_as_marketing(text, start, end):
        return False
    window = _near(text, start, end)
    return not (_MARKETING.search(window) and not _CODING.search(_near(text, start, end, 60)))


def _ctr_ok(text: str, start: int, end: int) -> bool:
    if _glossed_as_marketing(text, start, end):
        return False
    window = _near(text, start, end)
    if _REGISTRY.search(window):
        return True
    return not _MARKETING.search(window)


def _crc_ok(text: str, start: int, end: int) -> bool:
    window = _near(text, start, end)
    if _RISK.search(window):
        return True
    if _CRC_CASES.match(text, end) or _CANCER_SITE.search(_near(text, start, end, 40)):
        return False  # colorectal cancer, not the risk-adjustment credential
    if _RESEARCH.search(window):
        return False
    return bool(_CODING.search(window)) or (
        bool(_CODING.search(text)) and not _RESEARCH.search(text)
    )


def _cic_ok(text: str, start: int, end: int) -> bool:
    window = _near(text, start, end)
    if _INFECTION.search(window) and not _INPATIENT_CODING.search(window):
        return False
    return bool(_CODING.search(window)) or (
        bool(_CODING.search(text)) and not _INFECTION.search(text)
    )


def _ccsp_ok(text: str, start: int, end: int) -> bool:
    window = _near(text, start, end)
    if _CLOUD.search(window):
        return False
    return bool(_CODING.search(window))


def _chp_ok(text: str, start: int, end: int) -> bool:
    window = _near(text, start, end, 100)
    return bool(_PRIVACY_WORDS.search(window) or _PRIVACY.search(window))


def _cca_ok(text: str, start: int, end: int) -> bool:
    window = _near(text, start, end)
    if _CCA_OTHER.search(window):
        return False
    # no other trade's words near: coding context, or the CCA asked for as a qualification
    return bool(_CODING.search(window) or _ASKED_FOR.search(_near(text, start, end, 40)))


def _ccs_ok(text: str, start: int, end: int) -> bool:
    return not _CCS_OTHER.search(_near(text, start, end, 60))


def _coc_ok(text: str, start: int, end: int) -> bool:
    return not _COC_OTHER.search(_near(text, start, end, 60))


_CHECKS: dict[str, Callable[[str, int, int], bool]] = {
    "CPC": _cpc_ok,
    "CTR": _ctr_ok,
    "CRC": _crc_ok,
    "CIC": _cic_ok,
    "CCSP": _ccsp_ok,
    "CHP": _chp_ok,
    "CCA": _cca_ok,
    "CCS": _ccs_ok,
    "COC": _coc_ok,
}
_STORED_AS = {"CTR": "ODS-C", "CCSP": "CCS-P"}
# Each code's name, to tell whether a posting spelling the code out means the credential.
_CODE_NAMES = {
    code: re.compile(pattern, re.I | re.A)
    for written, pattern in _NAME_PATTERNS
    for code in [written] + [raw for raw, stored in _STORED_AS.items() if stored == written]
    if "-" not in code
}


def _spells(words: list[str], code: str) -> bool:
    """The words, small ones left out, have the code's letters as their initials."""
    initials = [w[0].upper() for w in words if w.lower() not in _SMALL_WORDS]
    return "".join(initials) == code


def _spelled_out_words(text: str, match: re.Match[str]) -> tuple[str, str] | None:
    """(code, its spelled-out words) for "words (CODE)" or "CODE (words)", else None."""
    code = match.group(1)
    if match.re is _ACRONYM_BEFORE_WORDS:
        words = _WORD.findall(match.group(2).replace("-", " "))
        count = 0
        for end in range(1, len(words) + 1):
            count += words[end - 1].lower() not in _SMALL_WORDS
            if count == len(code):
                return (code, " ".join(words[:end])) if _spells(words[:end], code) else None
        return None
    before = _WORD.findall(text[max(0, match.start() - 120) : match.start()].replace("-", " "))
    count = 0
    for start in range(len(before) - 1, -1, -1):
        count += before[start].lower() not in _SMALL_WORDS
        if count == len(code):
            taken = before[start:]
            return (code, " ".join(taken)) if _spells(taken, code) else None
    return None


def _spelled_out_as_something_else(text: str) -> set[str]:
    """Codes the text spells out as words that are not the credential's."""
    other: set[str] = set()
    for pattern in (_ACRONYM_AFTER_WORDS, _ACRONYM_BEFORE_WORDS):
        for match in pattern.finditer(text):
            found = _spelled_out_words(text, match)
            if found is None or found[0] not in _CODE_NAMES:
                continue
            code, words = found
            if not (_CODE_NAMES[code].search(words) or _FIELD_WORDS.search(words)):
                other.add(code)
    return other


def _undot(text: str) -> str:
    """R.H.I.T. → RHIT, C.P.C.-A → CPC-A (same length kept is not needed: we re-read)."""
    if not _TWO_DOTTED.search(text):
        return text
    return _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)


def find_credentials(text: str | None) -> dict[str, str | None]:
    """Canonical code → "required" | "preferred" | "eligible" | None (named, status unsaid)."""
    if not text:
        return {}
    body = _undot(_DASH.sub("-", plain(text)))
    reader: RequirementReader | None = None
    found: dict[str, str | None] = {}
    mentions: list[tuple[str, int, int]] = []
    elsewise = _spelled_out_as_something_else(body) if "(" in body else set()
    lowered = body.lower()
    same_length = len(lowered) == len(body)  # else the entry points do not line up: scan
    codes = (
        _FINDER_STARTS.finditer(body, _FINDER_STARTS.starts(lowered))
        if same_length
        else _FINDER.finditer(body)
    )
    for match in codes:
        code = _CODE_PATTERNS[int(match.lastgroup[1:])][0]
        if code in elsewise:
            continue
        check = _CHECKS.get(code)
        apprentice = match.group(0).endswith(("-A", "(A)"))  # only AAPC writes "-A"
        if check and not apprentice and not check(body, match.start(), match.end()):
            continue
        mentions.append((_STORED_AS.get(code, code), match.start(), match.end()))
    has_names = "certified" in lowered or "registered" in lowered or "oncology" in lowered
    names = (
        (
            _NAME_FINDER_STARTS.finditer(body, _NAME_FINDER_STARTS.starts(lowered))
            if same_length
            else _NAME_FINDER.finditer(body)
        )
        if has_names
        else ()
    )
    for match in names:
        code = _NAME_PATTERNS[int(match.lastgroup[1:])][0]
        mentions.append((code, match.start(), match.end()))
    for code, start, end in mentions:
        if reader is None:
            reader = RequirementReader(body)
        status = reader.status(start, end)
        found[code] = strongest(found.get(code), status) if code in found else status
    return {code: found[code] for code in CANONICAL if code in found}
