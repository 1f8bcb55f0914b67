"""Places: a posted location string → city, USPS state, ISO country; and remote/hybrid/onsite."""

from __future__ import annotations

import csv
import re
import string
from dataclasses import dataclass
from pathlib import Path

from core.states import US_STATES
from core.vocabulary import WorkArrangement
from spiders.normalize.entries import EntryPoints, positions
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
    if len(states_named(raw)) > 1 and _country_named(raw) in (None, "US"):
        return Place(None, None, "US")  # several states: none of them is the job's
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


# A compass quadrant after a street name is part of the address ("3180 Center St NE"), not
# Nebraska.
_STREET_QUADRANT = re.compile(
    r"\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|dr|drive|way|pkwy|parkway|ln|lane|ct|"
    r"court|pl|place|hwy|highway|ter|terrace|cir|circle|sq|square)\.?\s+(?:NE|NW|SE|SW)\b",
    re.I | re.A,
)


def _state_anywhere(text: str) -> str | None:
    """A state code or name anywhere in a free-form location (codes of several states: none)."""
    if re.search(r"\bwashington,?\s*d\.?c\.?\b", text, re.I | re.A):
        return "DC"
    text = _STREET_QUADRANT.sub(" ", text)
    codes = [c for c in _STATE_CODE.findall(_ZIP.sub(" ", text)) if c in STATES]
    if codes:
        return codes[0] if len(set(codes)) == 1 else None
    names = _STATE_NAMES.findall(text)
    if names:
        return _NAME_TO_CODE[names[-1].lower()]
    return None


# Places within one location string: "Tampa, FL; Atlanta, GA", "Texas and Florida". Within a
# place a comma parts the city from its state; other marks part alternatives.
# "or"/"and" join places only in lower case: "Salem, OR 97301" is Oregon.
_PLACE_BREAK = re.compile(r"\s*(?:[;|•\n]|\s(?:and|or|&)\s)\s*", re.A)
_PART_BREAK = re.compile(r"(\s*(?:[,/]|\s[-–]\s|\(|\))\s*)")


def states_named(text: str | None) -> list[str]:
    """Every US state a location string names as a place, in order, each once.

    A state name before a comma and a state is a city ("Washington, DC", "Indiana, PA"), and so
    is a lone pair of names ("New York, New York"); lists name each ("CA, TX, FL").
    """
    if not text:
        return []
    named: list[str] = []
    for place in _PLACE_BREAK.split(plain(text)):
        prefixed = _US_PREFIX.match(place)
        if prefixed and prefixed.group(1) in STATES:
            codes = [prefixed.group(1)]
        else:
            parts = _PART_BREAK.split(place)
            segments, separators = parts[0::2], parts[1::2]
            found = [_state_of_segment(segment) for segment in segments]
            codes = [
                code
                for index, code in enumerate(found)
                if code and not _city_named_like_a_state(segments, separators, found, index)
            ]
        if not codes and (anywhere := _state_anywhere(place)):
            codes = [anywhere]
        named += [code for code in codes if code not in named]
    return named


# US cities a location may name without their state: data/us_cities.csv (its header says which).
def _read_cities() -> dict[str, str]:
    path = Path(__file__).parent / "data" / "us_cities.csv"
    with path.open(encoding="utf-8") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        return {row["city"].lower(): row["state"] for row in rows}


_CITIES = _read_cities()
# A site named after its city: "Stamford Hub", "Boston Campus", "Greater Boston Area".
_SITE_WORDS = re.compile(
    r"^(?:greater\s+)?|\s+(?:hub|campus|office|offices|site|headquarters|hq|hq office|"
    r"metro(?:politan)?(?: area)?|area|downtown|region|tech center)$",
    re.I | re.A,
)


def cities_named(text: str | None) -> list[str]:
    """The states of the US cities a location string names alone, without their state
    ("Boston", "Stamford Hub", "San Francisco; Seattle"), in order, each once. A city right
    before a state ("Dallas, PA") is that state's, so it is not looked up."""
    if not text:
        return []
    named: list[str] = []
    for place in _PLACE_BREAK.split(plain(text)):
        parts = _PART_BREAK.split(place)
        segments, separators = parts[0::2], parts[1::2]
        for index, segment in enumerate(segments):
            city = _SITE_WORDS.sub("", _ZIP.sub("", segment).strip(" .")).lower()
            state = _CITIES.get(city)
            if state is None or state in named:
                continue
            followed = index + 1 < len(segments) and separators[index].strip() == ","
            if followed and (
                _state_of_segment(segments[index + 1]) or _province_of(segments[index + 1])
            ):
                continue
            named.append(state)
    return named


# A title's last part that is only states: "Regional Account Executive - KS, IA, NE",
# "Coder (Texas)". One bare code is not enough ("Nurse - OR" is an operating room).
_TITLE_TAIL = re.compile(r"(?:\s[-–—|]\s|\()\s*(?P<tail>[A-Za-z .,/&]+?)\s*\)?\s*$")
_TITLE_LIST_BREAK = re.compile(r"\s*(?:,|/|&|\band\b|\bor\b)\s*")


def title_states(title: str | None) -> list[str]:
    """The US states a title's last part names when it names nothing else."""
    tail = _TITLE_TAIL.search(title or "")
    if not tail:
        return []
    tokens = [token for token in _TITLE_LIST_BREAK.split(tail["tail"]) if token.strip()]
    states = [_state_of_segment(token) for token in tokens]
    if not states or None in states:
        return []
    if len(states) == 1 and tokens[0].strip() in STATES:
        return []
    return list(dict.fromkeys(state for state in states if state))


def _city_named_like_a_state(
    segments: list[str], separators: list[str], found: list[str | None], index: int
) -> bool:
    if index + 1 >= len(segments) or not found[index + 1] or separators[index].strip() != ",":
        return False
    if segments[index].strip() in STATES:
        return False  # a code is never a city
    if segments[index + 1].strip().strip(".") in STATES:
        return True  # "Washington, DC"
    before = index > 0 and found[index - 1]
    after = index + 2 < len(segments) and found[index + 2]
    return not before and not after  # "New York, New York" but not "Texas, Florida, Georgia"


# "… Medical Center, Tampa, FL", "located in Tampa, Florida 33606": a city and its state named
# in a description. A bare "Name, XX" is often a person and a degree ("Jane Doe, MD"), so a
# code counts only after a place word or with a ZIP; a state's full name needs any cue.
_TEXT_CITY = r"[A-Z][a-z]+\.?(?:[ '-](?:[A-Z][a-z]+\.?|de|la|du))*"
_TEXT_PLACE = re.compile(
    rf"(?P<city>{_TEXT_CITY}),[ \t]*(?:(?P<code>[A-Z]{{2}})\b(?![-'’]\w)|(?P<name>"
    + "|".join(re.escape(name) for name in sorted(STATES.values(), key=len, reverse=True))
    + r"))(?:[ \t,]+(?P<zip>\d{5}(?:-\d{4})?)\b)?",
    re.A,
)
_PLACE_CUE = re.compile(
    r"(?:\b(?:located|location|locations|based|office|offices|campus|hospital|center|centre|"
    r"clinic|facility|VAMC|HCS|system|station|site)\b[ \t]*(?:in|at|out of|of|near)?"
    r"|\b(?:located|based|work|working|reside|residing|live|living) (?:in|at|near|out of))"
    # "based in our West Lebanon, NH office", "located at the Tampa, FL campus"
    r"(?:[ \t]+(?:our|the|its|their|one of our))?[ \t]*[:,(–-]?\s*$",
    re.I | re.A,
)
# A state in a list of jurisdictions is no place: "by any State, the District of Columbia,
# Guam or Puerto Rico" (the "city" there is DC's name, and another state name follows).
_STATE_NAME_NEXT = re.compile(
    r"[ \t]*,?[ \t]*(?:or|and|&)[ \t]+(?:the[ \t]+)?(?:"
    + "|".join(re.escape(name) for name in sorted(STATES.values(), key=len, reverse=True))
    + r")\b",
    re.A,
)
_DISTRICT_OF = re.compile(r"\bDistrict of[ \t]*$", re.A)
# The next place of a list whose first one counted: "Tampa, FL and Atlanta, GA".
_AFTER_A_PLACE = re.compile(r"\b[A-Z]{2}(?:[ \t]+\d{5})?[ \t]*(?:,|;|/|and|or|&)[ \t]*$", re.A)
_ANY_CUE = re.compile(r"\b(?:in|at|near|of|from)\b[ \t]*$", re.I | re.A)
_HEADQUARTERS = re.compile(r"\bheadquarter|\bHQ\b|\bcorporate office", re.I | re.A)


def places_in_text(text: str | None) -> list[Place]:
    """The US places ("City, ST") a description names as where something is, each once."""
    if not text or "," not in text:
        return []
    body = plain(text)
    places: list[Place] = []
    for match in _TEXT_PLACE.finditer(body):
        code = match["code"] if match["code"] in STATES else None
        state = code or (_NAME_TO_CODE[match["name"].lower()] if match["name"] else None)
        if state is None:
            continue
        lead = body[max(0, match.start() - 60) : match.start()]
        if _HEADQUARTERS.search(lead):
            continue  # where the company sits, not where the job is
        if match["name"] and (
            _DISTRICT_OF.search(lead) or _STATE_NAME_NEXT.match(body, match.end())
        ):
            continue  # a list of states or territories, not a city and its state
        cued = (
            _PLACE_CUE.search(lead)
            or (match["name"] and _ANY_CUE.search(lead))
            or (places and _AFTER_A_PLACE.search(lead))
        )
        if not (match["zip"] or cued):
            continue
        place = Place(_clean_city(_without_cue_word(match["city"]), state), state, "US")
        if place not in places:
            places.append(place)
    return places


def _without_cue_word(city: str) -> str:
    """The city pattern takes a capitalized word opening a sentence: "In Dayton, Ohio"."""
    return re.sub(r"^(?:In|At|Near|From|Located|Based)\s+", "", city)


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

# Most of these patterns are tried only where one of their literal entry points occurs
# (EntryPoints, entries.py): the same first match, at a part of the cost of a scan.
# (a "Hybrid Title 38" employee is a VA appointment authority, not a way of working)
_HYBRID_WORDS = EntryPoints.compile(
    r"\b(?=[hHpP])(?:hybrid\b(?! title 38\b)|\bpartially remote\b|\bpart(?:ly)? remote\b)",
    re.I | re.A,
)
# Working from home as a possibility beside an office, not the whole job: "Work from home
# option is possible", "possibility of home office" (how European postings say it).
_HYBRID_OPTION = EntryPoints.compile(
    r"\b(?:work(?:ing)?[- ]from[- ]home|home[- ]office) (?:option|possibility) (?:is |are )?"
    r"(?:possible|available|offered)\b"
    r"|\bpossibility (?:of|to) (?:a |partial )?(?:home[- ]office|work(?:ing)? from home)\b",
    re.I | re.A,
)
# A denied hybrid ("No remote or hybrid option", "not a hybrid or remote role", "hybrid is not
# available") is no hybrid; a denial joined by "or" covers both, in either order ("No hybrid,
# remote only" keeps its remote).
# A week split between home and an office, or a choice of either: "in the office at least three
# days per week", "2 days a week in our office", "the option to work from home near one of our
# Hubs or come into one of our offices". Five days a week in the office is no split.
_DAYS = r"(?:[1-4]|one|two|three|four)(?:\s*(?:-|to|or)\s*(?:[2-4]|two|three|four))?"
_HYBRID_SCHEDULE = EntryPoints.compile(
    rf"\b(?:in|into|to|at) (?:the|our|an?|your) (?:office|hub)s? (?:at least |up to )?{_DAYS} "
    r"days? (?:a|per|each|every) week"
    rf"|\b{_DAYS} days? (?:a|per|each) week (?:in|at|from) (?:the|our|an?) (?:office|hub)"
    r"|\b(?:option|choice|flexibility) to work from home\b[^.\n]{0,80}?\bor (?:come|coming|"
    r"commute|commuting) (?:in)?to (?:one of )?(?:our|the|an?|your) (?:nearest )?"
    r"(?:offices?|hubs?)",
    re.I | re.A,
)
_NOT_HYBRID = re.compile(
    r"\b(?:no|not|non)[- ](?:a\s+)?(?:(?:remote|telework)\s*(?:,|or|and|/)\s*)?hybrid\b"
    r"(?:\s+(?:or|nor)\s+(?:an?\s+)?(?:remote|telework)\b)?"
    r"|\bhybrid (?:work |schedules? )?(?:is |are )?not (?:available|an option|offered|permitted)",
    re.I | re.A,
)
_NOT_REMOTE = re.compile(
    r"(?=[nNrR1fFmMtTpPoOiIbBwWeEsS])"
    r"(?:\b(?:not|no|non)[- ](?:a\s+)?(?:remote|work[- ]from[- ]home|telecommut\w*)"
    r"|\b(?:remote|telework\w*|telecommut\w*|work(?:ing)? from home)(?: work)? (?:is |are )?"
    r"not (?:available|an option|offered|permitted|possible|allowed|supported)"
    r"|\bnot (?:eligible|suitable) for (?:remote|telework|telecommut\w*)"
    # telework kept for emergencies: "suitable for telework only during an emergency"
    r"|\b(?:eligible|suitable) for telework only (?=during|in|for|when|if)\b"
    r"|\b(?:100%|fully|must work|must be|required to work|to be worked|position is) on[- ]?site\b"
    r"|\bon[- ]?site only\b|\bin[- ]office only\b"
    r"|\b(?:is|are|be) based (?:on[- ]?site|in[- ]office|in[- ]person)\b)",
    re.I | re.A,
)
# A yes/no field: "Remote job: No", "Work from home? Yes", or the label on its own line with
# the answer opening the next (USAJOBS: "Remote job" / "No", "Telework eligible" / "Yes—…").
# Telework beside a duty station is hybrid (as the usajobs spider reads TeleworkEligible);
# remote, telecommuting and work from home are remote.
_FIELD_LABEL = (
    r"(?P<label>remote|telework|telecommut\w*|work(?:ing)?[- ]from[- ]home)"
    r"(?:\s+(?:job|position|work|role|eligible|eligibility|option|available|allowed|status))?"
)
_FIELD_ANSWER = (
    r"(?:(?P<yes>yes|y|true|available|offered)"
    r"|(?P<no>no|n|false|none|unavailable"
    r"|not (?:available|offered|permitted|allowed|possible|an option)))(?![\w/])"
)
_ANSWERED_SAME_LINE = re.compile(rf"\b{_FIELD_LABEL}\s*[:?]\s*{_FIELD_ANSWER}", re.I | re.A)
# the answer is its line, or opens it before a dash or stop ("No—This position…")
_ANSWERED_NEXT_LINE = re.compile(
    rf"\b{_FIELD_LABEL}[ \t]*[:?]?[ \t]*\n[ \t]*{_FIELD_ANSWER}"
    r"(?=[ \t]*(?:$|\n|[.,;:(—–-]))",
    re.I | re.A,
)
_LINE_OPENING = re.compile(r"[ \t*•-]*")
# Strong remote phrases count anywhere, also in long descriptions.
_REMOTE_STRONG = EntryPoints.compile(
    r"(?=[fF1cCpPeErRwWtThH])(?:\b(?:fully|100%|completely|permanently|entirely) remote\b"
    r"|\bremote (?:position|role|opportunity|job|work|employee|based|option|eligible)\b"
    r"(?!\s+experience)"
    r"|\b(?:work|working) (?:from|at) home\b|\bwork[- ]from[- ]home\b|\bwfh\b"
    r"|\btelecommut\w*|\bhome[- ]based\b|\bthis (?:is a|position is|role is) remote\b"
    r"|\bremote in\b|\bremote\s*[-–(]\s*(?:us|usa|united states|nationwide)\b"
    # remote said together with its synonyms: "remote / at-home", "remote or virtual"
    r"|\bremote\s*(?:/|or|and|&)\s*(?:at[- ]home|home[- ]based|virtual)\b"
    r")",
    re.I | re.A,
)
# Virtual work and remote said the other way round, looked for only where "virtual" or "at
# home" is; working virtually counts ("virtually all of" is a quantity, not a place).
_VIRTUAL_OR_AT_HOME = EntryPoints.compile(
    r"\b(?:at[- ]home|virtual)\s*(?:/|or|and|&)\s*remote\b"
    r"|\bwork(?:s|ing)? virtually\b(?!\s+(?:all|any|every|no|none|anything|everything)\b)"
    r"|\bvirtual (?:position|role|job|opportunity|employee|worker)\b",
    re.I | re.A,
)
# Remote as the value of a place or arrangement field, anywhere in a long text: a labelled
# value ("Location: Remote", "Work arrangement - Remote") or a short line of its own after a
# bullet or an emoji ("🌎 Remote", "• Remote - US"). Tools ("Remote access") and past
# experience ("Remote coding experience") are not places.
# "remote access", "remote monitoring" name tools, not where the work happens; "remote coding
# experience preferred" is about the candidate's past, not this job.
_NOT_A_PLACE_AFTER_REMOTE = (
    r"\s+(?:access|desktop|connection|login|log-in|monitoring|portals?|servers?|support|sites?|"
    r"locations?|patient|coding tools|systems?|vpn)\b|\s+(?:[a-z]+\s+)?experience"
)
_NOT_A_PLACE = re.compile(_NOT_A_PLACE_AFTER_REMOTE, re.I | re.A)
_BEFORE_REMOTE = ("fully ", "100% ", "completely ")
# Labels of a field that says where the work is: "Location:", "Work arrangement -".
_WHERE_LABEL = (
    r"\b(?:(?:job |work |primary )?locations?|workplace(?: type)?|work (?:arrangement|setting|"
    r"model|type|environment|style)|location type|arrangement|work site)"
)
_FIELD_LABEL_BEFORE = re.compile(_WHERE_LABEL + r"\s*(?::|-|–)\s*$", re.I | re.A)
_LINE_OPENING_MARK = re.compile(r"[ \t]*[^\w\s]{0,4}[ \t]*")
_REST_OF_A_PLACE_LINE = re.compile(r"[^\n.!?]{0,40}(?:\n|$)")
_REMOTE_WORD = EntryPoints.compile(
    rf"\bremote\b(?!{_NOT_A_PLACE_AFTER_REMOTE})|\bvirtual\b|\banywhere\b", re.I | re.A
)
_ANY_SIGNAL = (
    "remote", "hybrid", "home", "telecommut", "site", "office", "person", "virtual",
    "anywhere", "wfh", "telework",
)  # fmt: skip
# On-site as an activity's word ("conducts on-site inspections", "on-site visits") says where
# a task is done, not where the job is; nor does an amenity ("an on-site fitness center",
# "On-site services such as a mailroom").
_ONSITE_WORDS = EntryPoints.compile(
    r"\bon[- ]?site\b(?!\s+(?:inspections?|visits?|surveys?|audits?|reviews?|assessments?|"
    r"evaluations?|meetings?|events?|interviews?|fitness|gym|wellness|services|cafeteria|caf[eé]|"
    r"dining|day ?care|child ?care|parking|health (?:unit|center|clinic)|clinic|amenities|"
    # an accommodation: "onsite sign language interpreters, readers"
    r"restaurants?|sign language|interpreters?|accommodations?)\b)|\bin[- ]office\b",
    re.I | re.A,
)
# Federal announcements say telework in sentences too: "This position is ELIGIBLE for
# telework" (beside a duty station: hybrid), "This is a Full-Time telework position" (remote).
# An agency's share of teleworking positions says nothing about this one.
_TELEWORK_HYBRID = EntryPoints.compile(
    r"\b(?:this|the) (?:position|job|role) is eligible for (?:situational |regular )?telework\b"
    # "… has determined that the duties of this position are suitable for telework and the
    # selectee may be allowed to telework with supervisor approval"
    r"|\bduties of (?:this|the) position are suitable for telework\b(?! only\b)",
    re.I | re.A,
)
_TELEWORK_REMOTE = EntryPoints.compile(
    r"\b(?:full[- ]time|fully|100%) telework (?:position|role|job)\b", re.I | re.A
)
# "Location: Eagan, Minnesota (Remote)": remote said of the place a location field names.
_REMOTE_AFTER_PLACE = re.compile(_WHERE_LABEL + r"\s*[:–-][^\n()]{1,60}\($", re.I | re.A)
# "In person" says where the work is only when it is about the work itself ("this role is in
# person", "Work location: In person"); "in person or by telephone", "in-person consents" and
# "apply in person" are about patients, services or applying.
_IN_PERSON_WORK = EntryPoints.compile(
    r"\bin[- ]person (?:role|position|job|work|only|attendance|presence|schedule)\b"
    r"|\b(?:work(?:s|ing)?|report(?:s|ing)?(?: to work)?|located|based)\s+"
    r"(?:fully |100% |entirely |full[- ]time )?in[- ]person\b"
    r"|\b(?:position|role|job|work) (?:is|will be|requires?(?: working)?)\s+"
    r"(?:fully |100% |entirely )?in[- ]person\b"
    rf"|{_WHERE_LABEL}\s*:\s*in[- ]person\b"
    r"|^\s*in[- ]person\s*$",
    re.I | re.A,
)
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
    if ("hybrid" in lowered or "remote" in lowered) and _HYBRID_WORDS.search(text, lowered):
        return WorkArrangement.HYBRID
    if (
        ("office" in lowered or "hub" in lowered)
        and ("week" in lowered or "work from home" in lowered)  # every schedule holds one
        and _HYBRID_SCHEDULE.search(text, lowered)
    ):
        return WorkArrangement.HYBRID
    if ("home" in lowered) and _HYBRID_OPTION.search(text, lowered):
        return WorkArrangement.HYBRID
    if remote_words and (answered := _answered_field(text)):
        return answered
    if (remote_words or onsite_words) and _NOT_REMOTE.search(text):
        return WorkArrangement.ONSITE
    if (remote_words or "wfh" in lowered) and _REMOTE_STRONG.search(text, lowered):
        return WorkArrangement.REMOTE
    if "telework" in lowered:
        if _TELEWORK_REMOTE.search(text, lowered):
            return WorkArrangement.REMOTE
        if _TELEWORK_HYBRID.search(text, lowered):
            return WorkArrangement.HYBRID
    if ("virtual" in lowered or "at home" in lowered or "at-home" in lowered) and (
        _VIRTUAL_OR_AT_HOME.search(text, lowered)
    ):
        return WorkArrangement.REMOTE
    if short and _REMOTE_WORD.search(text, lowered):
        return WorkArrangement.REMOTE
    if "remote" in lowered and _remote_field(text):
        return WorkArrangement.REMOTE
    if onsite_words and _ONSITE_WORDS.search(text, lowered):
        return WorkArrangement.ONSITE
    if ("in person" in lowered or "in-person" in lowered) and _IN_PERSON_WORK.search(text, lowered):
        return WorkArrangement.ONSITE
    return None


def _remote_field(text: str) -> bool:
    """Remote as the value of a place or arrangement field: after a label ("Location:
    Remote") or as a short line of its own, maybe after a bullet or an emoji ("🌎 Remote")."""
    lowered = text.translate(_ASCII_LOWER)
    for at in positions(lowered, ("remote",)):
        end = at + len("remote")
        if not _alone(lowered, at, end) or _NOT_A_PLACE.match(text, end):
            continue
        start = next((at - len(w) for w in _BEFORE_REMOTE if lowered.endswith(w, 0, at)), at)
        line_start = text.rfind("\n", 0, start) + 1
        if _FIELD_LABEL_BEFORE.search(text, max(line_start, start - 40), start):
            return True
        if text.startswith(")", end) and _REMOTE_AFTER_PLACE.search(text, line_start, start):
            return True
        if _LINE_OPENING_MARK.fullmatch(text, line_start, start) and (
            _REST_OF_A_PLACE_LINE.match(text, end)
        ):
            return True
    return False


# ASCII letters only, so every position stays where it was (str.lower can lengthen a text).
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _alone(lowered: str, start: int, end: int) -> bool:
    """The word at start:end is a whole word."""
    before = lowered[start - 1] if start else " "
    after = lowered[end] if end < len(lowered) else " "
    return not (before.isalnum() or after.isalnum())


def _opens_line(text: str, position: int) -> bool:
    """Only spaces or a bullet stand between the line's start and `position`."""
    line_start = text.rfind("\n", 0, position) + 1
    return _LINE_OPENING.fullmatch(text, line_start, position) is not None


def _answered_field(text: str) -> str | None:
    """What yes/no fields about remote work answer: a yes to remote is remote, a yes to
    telework (beside a duty station) hybrid; only noes are onsite."""
    said: dict[str, bool] = {}
    lowered = text.translate(_ASCII_LOWER)
    for at in positions(lowered, ("remote", "telework", "telecommut", "work")):
        match = _ANSWERED_SAME_LINE.match(text, at) or _ANSWERED_NEXT_LINE.match(text, at)
        if match is None:
            continue
        if "\n" in match[0] and not _opens_line(text, match.start()):
            continue  # the next-line form wants the label on a line of its own
        group = "telework" if match["label"].lower().startswith("telework") else "remote"
        said[group] = said.get(group, False) or bool(match["yes"])
    if said.get("remote"):
        return WorkArrangement.REMOTE
    if said.get("telework"):
        return WorkArrangement.HYBRID
    return WorkArrangement.ONSITE if said else None


def work_arrangement(hint: object, *texts: str | None) -> str | None:
    """remote | hybrid | onsite | None. A structured hint wins; else the first text that says.
    A remote said before the last text (the description) yields to a hybrid week it sets out.

    Pass texts from the most specific to the least (location, title, description): the bare
    word "remote" counts only in short texts, because descriptions say "remote access" too.
    """
    return arrangement_said_by(hint, *texts)[0]


def arrangement_said_by(hint: object, *texts: str | None) -> tuple[str | None, int | None]:
    """The arrangement and which input said it: 0 the hint, n the n-th text (None: none did)."""
    decided, said_by = _from_hint(hint), 0
    if not decided:
        decided, said_by = _first_said(texts)
    if decided == WorkArrangement.REMOTE and said_by < len(texts) and texts[-1]:
        # a board's "Remote" or "Anywhere" yields to the week the description sets out ("We
        # expect employees to be in the office at least three days per week")
        body = plain(texts[-1])
        lowered = body.lower()
        if ("office" in lowered or "hub" in lowered) and _HYBRID_SCHEDULE.search(body, lowered):
            return WorkArrangement.HYBRID, len(texts)
    return decided, (said_by if decided else None)


def _first_said(texts: tuple[str | None, ...]) -> tuple[str | None, int]:
    for number, text in enumerate(texts, start=1):
        if not text:
            continue
        body = plain(text)
        decided = _from_words(body, short=len(body) <= _SHORT_TEXT)
        if decided:
            return decided, number
    return None, 0
