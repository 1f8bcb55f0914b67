"""Job titles as the matcher compares them: what the job is, apart from how it is dressed.

"Coder II - Inpatient (Remote)", "Inpatient Coder II" and "INPATIENT CODER 2" are one title:
the words that say what the job is ({"coder"}), its level (2) and its setting (inpatient).
Seniority, job class (intern), shift, setting and schedule are kept apart, because a night
and a day shift, or an intern and a permanent role, are different jobs with similar words.
"""

import re
import unicodedata
from functools import cache
from typing import NamedTuple

# Abbreviations and spellings → one word (or words).
SPELLINGS = {
    "sr": "senior", "snr": "senior", "jr": "junior", "mgr": "manager", "dir": "director",
    "spec": "specialist", "spclst": "specialist", "tech": "technician",
    "coord": "coordinator", "rep": "representative", "asst": "assistant",
    "info": "information", "him": "health information management",
    "roi": "release of information", "cdi": "clinical documentation integrity",
    "cdis": "clinical documentation integrity specialist", "improvement": "integrity",
    "rn": "registered nurse", "internship": "intern", "apprenticeship": "apprentice",
    "fellowship": "fellow", "profee": "professional", "prof": "professional",
    "ip": "inpatient", "op": "outpatient", "ed": "emergency", "er": "emergency",
    "nights": "night", "days": "day", "evenings": "evening", "weekends": "weekend",
    "noc": "night", "overnight": "night", "perdiem": "prn",
}  # fmt: skip
# Word pairs that say one thing.
PHRASES = (
    ("per diem", "prn"), ("part time", "parttime"),
    ("full time", "fulltime"), ("pro fee", "professional"), ("professional fee", "professional"),
    ("1st shift", "day"), ("2nd shift", "evening"), ("3rd shift", "night"),
    ("first shift", "day"), ("second shift", "evening"), ("third shift", "night"),
    ("emergency department", "emergency"), ("emergency room", "emergency"),
    ("work from home", "remote"), ("on site", "onsite"),
)  # fmt: skip
LEVELS = {"i": 1, "ii": 2, "iii": 3, "iv": 4, "v": 5, "1": 1, "2": 2, "3": 3, "4": 4, "5": 5}
ATTRIBUTES = {
    "seniority": {"senior": "senior", "lead": "lead", "principal": "principal",
                  "chief": "chief", "junior": "junior", "head": "head"},
    "job_class": {"intern": "intern", "apprentice": "apprentice", "trainee": "trainee",
                  "fellow": "fellow", "student": "student", "extern": "extern"},
    "shift": {"day": "day", "night": "night", "evening": "evening", "weekend": "weekend"},
    "setting": {"inpatient": "inpatient", "outpatient": "outpatient",
                "emergency": "emergency", "professional": "professional",
                "ambulatory": "ambulatory"},
    "schedule": {"prn": "prn", "parttime": "part", "fulltime": "full", "temporary": "temp",
                 "temp": "temp", "contract": "contract", "contractor": "contract"},
}  # fmt: skip


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words that dress a title without saying what the job is.
NOISE = _words(
    "a an the of for and to at with or job position opening opportunity hiring urgent now "
    "needed immediate new shift remote hybrid onsite telecommute virtual wfh summer winter "
    "spring fall us usa nationwide anywhere"
)
CREDENTIALS = _words(
    "rhia rhit cca ccs ccsp cdip chda chps chp cpc coc cpb crc cic cpma ctr odsc ods cbcs "
    "cehrs ccdsp ccds"
)


# word → (attribute, canonical value)
ATTRIBUTE_OF = {
    word: (name, value) for name, words in ATTRIBUTES.items() for word, value in words.items()
}


class Title(NamedTuple):
    words: frozenset[str]  # what the job is: {"coder"}, {"records", "specialist", "medical"}
    level: int  # 1-5 from "II", "Level 2", "3"; 0 when none is given
    seniority: str
    job_class: str
    shift: str
    setting: str
    schedule: str

    @property
    def key(self) -> str:
        return " ".join(sorted(self.words))


def _tidy(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("&", " and ")
    text = re.sub(
        r"\b(req(?:uisition)?|job)\s*(?:id|#|no\.?|number)?\s*[:#]?\s*[\w-]*\d[\w-]*", " ", text
    )
    text = re.sub(r"\b(\w)\.(?=\w\.)", r"\1", text)  # "r.h.i.t." → "rhit"
    return text


def parse_title(title: str | None, place_words: frozenset[str] = frozenset()) -> Title:
    """The parts of a title; `place_words` (the posting's city and state) are dropped."""
    parsed = _parse_title(title)
    if place_words and parsed.words & place_words:
        return parsed._replace(words=parsed.words - place_words)
    return parsed


@cache
def _parse_title(title: str | None) -> Title:
    text = _tidy(title or "")
    words = [w for w in re.split(r"[\W_]+", text) if w]
    expanded: list[str] = []
    for word in words:
        expanded.extend(SPELLINGS.get(word, word).split())
    joined = " " + " ".join(expanded) + " "
    for phrase, replacement in PHRASES:
        joined = joined.replace(f" {phrase} ", f" {replacement} ")
    attributes = dict.fromkeys(ATTRIBUTES, "")
    level = 0
    kept: list[str] = []
    tokens = joined.split()
    for index, word in enumerate(tokens):
        attribute = ATTRIBUTE_OF.get(word)
        if attribute:
            attributes[attribute[0]] = attribute[1]
        elif word in LEVELS and (word != "i" or index == len(tokens) - 1 or index > 0):
            level = LEVELS[word]
        elif word == "level" or word in NOISE or word in CREDENTIALS:
            continue
        elif word.isdigit():
            continue  # years, percentages, counts
        else:
            kept.append(word)
    return Title(frozenset(kept), level, **attributes)


SHIFT_IN_TEXT = re.compile(
    r"\b(day|night|evening|overnight|weekend)s?\s+shift\b|\bshift\s*:\s*(day|night|evening)",
    re.IGNORECASE,
)


def shift_in_text(text: str | None) -> str:
    """The shift a description names ("night shift", "Shift: Day"), or ""."""
    if not text:
        return ""
    at = max(text.find("shift"), text.find("Shift"), text.find("SHIFT"))
    if at < 0:
        return ""  # the common case, found without running the pattern
    match = SHIFT_IN_TEXT.search(text[:4000])
    if not match:
        return ""
    word = (match.group(1) or match.group(2)).lower()
    return "night" if word == "overnight" else word


@cache
def title_words(title_key: str) -> frozenset[str]:
    """A title key's words as a set (cached: one title meets many others)."""
    return frozenset(title_key.split())


def word_similarity(left: frozenset[str], right: frozenset[str]) -> float:
    """Jaccard similarity of two titles' words (1.0 for two titles with no words)."""
    if not left and not right:
        return 1.0
    return len(left & right) / len(left | right)
