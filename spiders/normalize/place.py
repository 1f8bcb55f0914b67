"""Places: a posted location string → city, USPS state, ISO country; and remote/hybrid/onsite."""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.states import US_STATES
from core.vocabulary import WorkArrangement
from spiders.normalize.text import plain


@dataclass(frozen=True)
class Place:
    city: str | None
    state: str | None  # USPS code, US only
    country: str | None  # ISO 3166-1 alpha-2


STATES = US_STATES  # USPS codes → names
_NAME_TO_CODE = {name.lower(): code for code, name in STATES.items()}
_NAME_TO_CODE.update(
    # "D.C." as its own segment ("Washington, D.C."); "d.c" is what is left once dots are trimmed
    {"washington dc": "DC", "washington d.c.": "DC", "virgin islands": "VI", "d.c": "DC"},
)

# Countries job boards name, with their ISO 3166-1 alpha-2 codes.
_COUNTRIES = {
    "united states": "US", "united states of america": "US", "usa": "US", "us": "US",
    "u.s.": "US", "u.s.a.": "US", "america": "US", "canada": "CA", "united kingdom": "GB",
    "uk": "GB", "great britain": "GB", "england": "GB", "scotland": "GB", "wales": "GB",
    "ireland": "IE", "india": "IN", "philippines": "PH", "mexico": "MX", "australia": "AU",
    "germany": "DE", "france": "FR", "netherlands": "NL", "spain": "ES", "costa rica": "CR",
    "colombia": "CO", "brazil": "BR", "puerto rico": "US", "pakistan": "PK", "singapore": "SG",
}  # fmt: skip
# Written as US-/USA-/U.S. before a state code: "USA-TX-Houston", "USA DC Washington", "US-FL".
_US_PREFIX = re.compile(
    r"^\s*(?:U\.?S\.?A?\.?|United States)\s*[-,:/ ]\s*([A-Z]{2})\b\s*[-,:/ ]?\s*(.*)$"
)
_ZIP = re.compile(r"\b\d{5}(?:-\d{4})?\b")
_ARRANGEMENT_WORDS = re.compile(
    r"\(?\b(?:fully remote|100% remote|remote|hybrid|on[- ]?site|in[- ]office|telecommute|"
    r"work from home|wfh|virtual|nationwide|anywhere)\b\)?",
    re.I | re.A,
)
_SEPARATORS = re.compile(r"\s*(?:[,;|/•]|\s-\s|\s–\s|\(|\))\s*")
_STATE_CODE = re.compile(r"\b([A-Z]{2})\b")
_STATE_NAMES = re.compile(
    r"\b(" + "|".join(re.escape(n) for n in sorted(_NAME_TO_CODE, key=len, reverse=True)) + r")\b",
    re.I | re.A,
)
_COUNTRY_NAMES = re.compile(
    r"(?<![\w.])(" + "|".join(re.escape(n) for n in sorted(_COUNTRIES, key=len, reverse=True))
    + r")(?![\w])",
    re.I | re.A,
)  # fmt: skip
# Canadian provinces and territories (Canada Post abbreviations); none collides with a USPS code.
PROVINCES = {
    "AB": "Alberta", "BC": "British Columbia", "MB": "Manitoba", "NB": "New Brunswick",
    "NL": "Newfoundland and Labrador", "NS": "Nova Scotia", "NT": "Northwest Territories",
    "NU": "Nunavut", "ON": "Ontario", "PE": "Prince Edward Island", "QC": "Quebec",
    "SK": "Saskatchewan", "YT": "Yukon",
}  # fmt: skip
_PROVINCE_NAMES = {name.lower() for name in PROVINCES.values()} | {"newfoundland", "québec"}
_CANADA = re.compile(
    r"\bcanada\b|\b(?:"
    + "|".join(re.escape(n) for n in sorted(_PROVINCE_NAMES, key=len, reverse=True))
    + r")\b",
    re.I,
)
_CANADIAN_POSTCODE = re.compile(r"\b[A-Z]\d[A-Z]\s?\d[A-Z]\d\b")


def _country_of(segment: str) -> str | None:
    cleaned = segment.strip().strip(".").lower()
    if cleaned in _COUNTRIES:
        return _COUNTRIES[cleaned]
    if segment.strip() in {"U.S.", "U.S.A."}:
        return "US"
    return None


def _state_of_segment(segment: str) -> str | None:
    """A whole segment that names a state: "FL", "Florida", "FL 33606", "Washington D.C."."""
    cleaned = _ZIP.sub("", segment).strip().strip(".")
    if cleaned in STATES:  # codes count only in capitals: "in", "or", "me" are words
        return cleaned
    return _NAME_TO_CODE.get(cleaned.lower())


def _province_of(segment: str) -> bool:
    """A whole segment naming a Canadian province: "ON", "Ontario", "ON M5V 2T6"."""
    cleaned = _CANADIAN_POSTCODE.sub("", segment).strip().strip(".")
    return cleaned in PROVINCES or cleaned.lower() in _PROVINCE_NAMES


def _clean_city(city: str | None, state: str | None = None) -> str | None:
    if not city:
        return None
    city = _ZIP.sub("", city)
    city = _ARRANGEMENT_WORDS.sub("", city).strip(" -,.:")
    if not city:
        return None
    named = _COUNTRIES.get(city.lower())
    if named and (state is None or named == "US"):  # "Mexico, MO" is a town in Missouri
        return None
    if re.search(
        r"\b(?:multiple|various|locations?|any|anywhere|nationwide|us|usa|u\.s\.?(?:a\.?)?|n/a)(?:\b|(?<=\.))",
        city,
        re.I | re.A,
    ):
        return None
    return city


def parse_place(text: str | None) -> Place:
    """A posted location → Place. Unknown parts stay None; a US state implies country US."""
    if not text:
        return Place(None, None, None)
    raw = plain(text).strip()
    if not raw:
        return Place(None, None, None)
    prefixed = _US_PREFIX.match(raw)
    if prefixed and prefixed.group(1) in STATES:
        rest = prefixed.group(2)
        return Place(_clean_city(rest.split(",")[0] if rest else None), prefixed.group(1), "US")

    segments = [s for s in _SEPARATORS.split(raw) if s and s.strip()]
    country = None
    state = None
    city = None
    for index in range(len(segments) - 1, -1, -1):
        segment = segments[index]
        if country is None and _country_of(segment):
            country = _country_of(segment)
            continue
        found = _state_of_segment(segment)
        if found and state is None:
            state = found
            if index > 0:
                city = segments[index - 1]
            break
        if country in (None, "CA") and _province_of(segment):
            country = "CA"  # "Toronto, ON": no USPS state, but the country is known
            if index > 0:
                city = segments[index - 1]
            break
    segment_state = state
    if state is None:
        state = _state_anywhere(raw)
    if country is None and segment_state is None:
        # A state named as its own segment wins over a country word elsewhere: "Mexico, MO"
        # is in Missouri, and the "Mexico" inside "New Mexico" is no country.
        country = _country_named(raw)
    if country == "CA" and state == "CA" and not _CANADA.search(raw):
        country = "US"  # "Los Angeles, CA" names California, not Canada
    if state and country in (None, "US"):
        country = "US"
    elif country and country != "US":
        state = None  # USPS codes are for US places only
    if city is None and len(segments) >= 2 and (state or country):
        first = segments[0]
        if not _country_of(first) and not _state_of_segment(first):
            city = first
    return Place(_clean_city(city, state), state, country)


def _country_named(text: str) -> str | None:
    """The first country named in a free-form location, skipping words inside state names."""
    inside_states = [m.span() for m in _STATE_NAMES.finditer(text)]
    for match in _COUNTRY_NAMES.finditer(text):
        name = match.group(1)
        if len(name) <= 2 and not name.isupper():
            continue
        if any(start <= match.start() and match.end() <= end for start, end in inside_states):
            continue
        return _COUNTRIES[name.lower()]
    if _CANADA.search(text):
        return "CA"
    return None


def _state_anywhere(text: str) -> str | None:
    """A state code or name anywhere in a free-form location."""
    if re.search(r"\bwashington,?\s*d\.?c\.?\b", text, re.I | re.A):
        return "DC"
    codes = [c for c in _STATE_CODE.findall(_ZIP.sub(" ", text)) if c in STATES]
    if codes:
        return codes[-1]
    names = _STATE_NAMES.findall(text)
    if names:
        return _NAME_TO_CODE[names[-1].lower()]
    return None


def us_state(text: str | None) -> str | None:
    """The USPS code of the state a text names, in any common form."""
    return parse_place(text).state


# ---------------------------------------------------------------------------------------------
# remote / hybrid / onsite

_HINT_REMOTE = {"remote", "telecommute", "fully_remote", "fully remote", "remote_ok", "wfh",
                "work from home", "virtual", "true", "yes", "y", "1", "anywhere"}  # fmt: skip
_HINT_HYBRID = {"hybrid", "flexible", "partially remote", "partially_remote", "remote_partial",
                "hybrid remote", "hybrid_remote"}  # fmt: skip
_HINT_ONSITE = {"onsite", "on-site", "on_site", "on site", "in-office", "in office", "office",
                "in person", "in-person", "in_person", "no_remote", "not remote", "false", "no",
                "n", "0", "on-premise", "onsite_only"}  # fmt: skip

_HYBRID_WORDS = re.compile(
    r"\b(?=[hHpP])(?:hybrid\b|\bpartially remote\b|\bpart(?:ly)? remote\b)", re.I | re.A
)
# A denied hybrid ("No remote or hybrid option", "not a hybrid or remote role", "hybrid is not
# available") is no hybrid; a denial joined by "or" covers both, in either order ("No hybrid,
# remote only" keeps its remote).
_NOT_HYBRID = re.compile(
    r"\b(?:no|not|non)[- ](?:a\s+)?(?:(?:remote|telework)\s*(?:,|or|and|/)\s*)?hybrid\b"
    r"(?:\s+(?:or|nor)\s+(?:an?\s+)?(?:remote|telework)\b)?"
    r"|\bhybrid (?:work |schedules? )?(?:is |are )?not (?:available|an option|offered|permitted)",
    re.I | re.A,
)
_NOT_REMOTE = re.compile(
    r"(?=[nNrR1fFmMtTpPoOiIbBwW])"
    r"(?:\b(?:not|no|non)[- ](?:a\s+)?(?:remote|work[- ]from[- ]home|telecommut\w*)"
    r"|\b(?:remote|telework\w*|telecommut\w*|work(?:ing)? from home)(?: work)? (?:is |are )?"
    r"not (?:available|an option|offered|permitted|possible|allowed|supported)"
    r"|\bnot eligible for (?:remote|telework|telecommut\w*)"
    r"|\b(?:100%|fully|must work|must be|required to work|to be worked|position is) on[- ]?site\b"
    r"|\bon[- ]?site only\b|\bin[- ]office only\b"
    r"|\b(?:is|are|be) based (?:on[- ]?site|in[- ]office|in[- ]person)\b"
    # a yes/no field answered no: "Remote job: No", USAJOBS "Telework eligible: No"
    r"|\b(?:remote|telework|telecommut\w*|work from home)(?:\s+(?:job|position|work|role|"
    r"eligible|eligibility|option|available|allowed))?\s*[:?]\s*"
    r"(?:no|n|false|none|not (?:available|offered|permitted|allowed|possible|an option)"
    r"|unavailable)\b)",
    re.I | re.A,
)
# Strong remote phrases count anywhere, also in long descriptions.
_REMOTE_STRONG = re.compile(
    r"(?=[fF1cCpPeErRwWtThH])(?:\b(?:fully|100%|completely|permanently|entirely) remote\b"
    r"|\bremote (?:position|role|opportunity|job|work|employee|based|option|eligible)\b"
    r"(?!\s+experience)"
    r"|\b(?:work|working) (?:from|at) home\b|\bwork[- ]from[- ]home\b|\bwfh\b"
    r"|\btelecommut\w*|\bhome[- ]based\b|\bthis (?:is a|position is|role is) remote\b"
    r"|\bremote in\b|\bremote\s*[-–(]\s*(?:us|usa|united states|nationwide)\b)",
    re.I | re.A,
)
# "remote access", "remote monitoring" name tools, not where the work happens.
_REMOTE_WORD = re.compile(
    r"\bremote\b(?!\s+(?:access|desktop|connection|login|log-in|monitoring|portals?|servers?|"
    r"support|sites?|locations?|patient|coding tools|systems?|vpn))"
    # "remote coding experience preferred" is about the candidate's past, not this job
    r"(?!\s+(?:[a-z]+\s+)?experience)|\bvirtual\b|\banywhere\b",
    re.I | re.A,
)
_ANY_SIGNAL = (
    "remote", "hybrid", "home", "telecommut", "site", "office", "person", "virtual",
    "anywhere", "wfh", "telework",
)  # fmt: skip
_ONSITE_WORDS = re.compile(r"\bon[- ]?site\b|\bin[- ]office\b|\bin[- ]person\b", re.I | re.A)
_SHORT_TEXT = 160


def _from_hint(hint: object) -> str | None:
    if hint is None:
        return None
    if isinstance(hint, bool):
        # False says "not remote"; the words may still say hybrid.
        return WorkArrangement.REMOTE if hint else None
    value = str(hint).strip().lower()
    if not value:
        return None
    if value in _HINT_HYBRID:
        return WorkArrangement.HYBRID
    if value in _HINT_REMOTE:
        return WorkArrangement.REMOTE
    if value in _HINT_ONSITE:
        return WorkArrangement.ONSITE
    return _from_words(value, short=True)


def _without_hybrid(denial: re.Match[str]) -> str:
    """A denied hybrid goes; a remote denied with it stays said ("No remote or hybrid option")."""
    return " no remote " if re.search(r"remote|telework", denial[0], re.I) else " "


def _from_words(text: str, *, short: bool) -> str | None:
    lowered = text.lower()
    if not any(word in lowered for word in _ANY_SIGNAL):
        return None
    # Order matters: "hybrid remote" is hybrid, "not remote" is onsite, then remote, then onsite.
    remote_words = (
        "remote" in lowered or "home" in lowered or "telecommut" in lowered or "telework" in lowered
    )
    onsite_words = "site" in lowered or "office" in lowered or "person" in lowered
    if "hybrid" in lowered and _NOT_HYBRID.search(text):
        text = _NOT_HYBRID.sub(_without_hybrid, text)
        lowered = text.lower()
    if ("hybrid" in lowered or "remote" in lowered) and _HYBRID_WORDS.search(text):
        return WorkArrangement.HYBRID
    if (remote_words or onsite_words) and _NOT_REMOTE.search(text):
        return WorkArrangement.ONSITE
    if (remote_words or "wfh" in lowered) and _REMOTE_STRONG.search(text):
        return WorkArrangement.REMOTE
    if short and _REMOTE_WORD.search(text):
        return WorkArrangement.REMOTE
    if onsite_words and _ONSITE_WORDS.search(text):
        return WorkArrangement.ONSITE
    return None


def work_arrangement(hint: object, *texts: str | None) -> str | None:
    """remote | hybrid | onsite | None. A structured hint wins; else the first text that says.

    Pass texts from the most specific to the least (location, title, description): the bare
    word "remote" counts only in short texts, because descriptions say "remote access" too.
    """
    decided = _from_hint(hint)
    if decided:
        return decided
    for text in texts:
        if not text:
            continue
        body = plain(text)
        decided = _from_words(body, short=len(body) <= _SHORT_TEXT)
        if decided:
            return decided
    return None
