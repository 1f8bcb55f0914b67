"""Whether a mention in a posting is required, preferred or "eligible" (to be earned later).

Ads say it in three ways: words in the same clause ("RHIT required, CCS preferred"), words
after a list ("RHIT, RHIA or CCS required"), or a heading above ("Preferred Qualifications:").
`RequirementReader` reads a text once and answers for any span in it.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

REQUIRED = "required"
PREFERRED = "preferred"
ELIGIBLE = "eligible"  # not held yet: "RHIT-eligible", "must obtain CPC within 9 months of hire"

_NEGATED = re.compile(
    r"\bnot (?:required|necessary|mandatory|needed)\b|\bno \w+ (?:required|necessary|needed)\b",
    re.I | re.A,
)
_ELIGIBLE = re.compile(
    r"\beligib(?:le|ility)\b"
    r"|\bwithin\s+(?:the first\s+)?"
    r"(?:\d+|one|two|three|four|six|nine|twelve|eighteen|twenty[- ]four)"
    r"(?:\s*\(\d+\))?\s*(?:months?|years?|days?|mos?)\b"
    r"|\bobtain\b|\bto be obtained\b|\bworking toward|\bin progress\b|\bsit for\b"
    r"|\bpursu(?:e|ing)\b|\bwilling(?:ness)? to (?:obtain|earn|get|achieve|complete|become)"
    r"|\bupon completion\b|\bafter hire\b|\bof hire\b",
    re.I | re.A,
)
_PREFERRED = re.compile(
    r"\bprefer(?:red|ably|able|ence)?\b|\ba (?:big |huge |strong )?plus\b|\bdesir(?:ed|able)\b"
    r"|\bnice[- ]to[- ]have\b|\bideal(?:ly)?\b|\bbonus\b|\badvantage(?:ous)?\b|\bhelpful\b"
    r"|\bbeneficial\b|\bencouraged\b|\boptional\b|\bpluses\b"
    r"|优先",  # Chinese: "given priority" ("本科学历优先")
    re.I | re.A,
)
_REQUIRED = re.compile(
    r"\brequire(?:d|s|ment|ments)?\b|\bmust\b|\bmandatory\b|\bnecessary\b|\bneeded\b|\bneed\b"
    r"|\bessential\b|\bminimum\b|\bbasic qualifications\b|\bmust[- ]haves?\b|\bcurrent(?:ly)? "
    r"(?:hold|holds|active)\b|\bactive\b|\bvalid\b",
    re.I | re.A,
)
# A line that introduces a list: short, and either ends in ":" or names a qualifications block
# ("Knowledge, Skills, and Abilities (Preferred):" has commas too).
_HEADING = re.compile(
    r"^[\s\-*•#>]*(?P<body>[A-Za-z][A-Za-z/&'’(),\- ]{0,60}?)\s*:?\s*$",
)
_HEADING_WORDS = re.compile(
    r"qualifications?|requirements?|nice[- ]to[- ]haves?|must[- ]haves?|skills|preferred|required|"
    r"what you(?:'ll)? (?:need|bring)|who you are|education|experience|certifications?|"
    r"licens\w*|credentials?|bonus points|you have|desired",
    re.I | re.A,
)
_SENTENCE_BREAK = re.compile(r"\n|;|•|\.(?=\s|$)|!|\?")
# "X preferred or Y", "X (required) or Y", "X preferred, however, Y": a status right before "or"
# (or a "however" or "but" turning to another option) closes its alternative, so what follows
# does not take it.
_CLOSED_ALTERNATIVE = re.compile(
    r"\b(?:prefer(?:red|ably)?|desired|required|a plus)\b[\s).,]*\b(?:or|however|but)\b",
    re.I | re.A,
)
# A status alone on the line or sentence below a mention answers it ("Bachelor's degree" /
# "Preferred", "… in HIM. Preferred."), unless a list follows it, which it heads.
_LONE_STATUS = re.compile(
    r"[\s\-*•(]*(?:required|preferred|desired|a plus|optional|nice to have)[\s).:]*", re.I | re.A
)
_SEGMENT_BREAK = re.compile(r",(?!\d)|\s+but\s+|\s+and/or\s+(?=[a-z])")


# Held when the job starts: "required at time of hire", "RHIT by date of hire", "upon hire".
# Said about a credential this is a requirement; a duration before it ("within 6 months of
# hire") is not this phrase and stays eligible.
_AT_HIRE = re.compile(
    r"\b(?:at|by|on|as of|prior to|before)\s+(?:the\s+|your\s+)?(?:time|date|day|point|start)\s+"
    r"of\s+(?:hire|hiring|employment)\b|\b(?:at|upon|on|prior to|before)\s+(?:hire|hiring)\b"
    r"|\b(?:by|on|before|prior to)\s+(?:the\s+|your\s+)?(?:start date|first day)\b",
    re.I | re.A,
)


def _status_of(words: str) -> str | None:
    words = _NEGATED.sub(" ", words)
    words = _AT_HIRE.sub(" required ", words)
    if _ELIGIBLE.search(words):
        return ELIGIBLE
    if _PREFERRED.search(words):
        return PREFERRED
    if _REQUIRED.search(words):
        return REQUIRED
    return None


class RequirementReader:
    """Answers "required / preferred / eligible / None" for spans of one text."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._sentence_starts = [0] + [m.end() for m in _SENTENCE_BREAK.finditer(text)]
        self._headings: list[int] = []
        self._heading_status: list[str | None] = []
        offset = 0
        for line in text.split("\n"):
            # a long line is no heading: not matched at all (the pattern backtracks on each)
            match = _HEADING.match(line) if len(line) <= 70 else None
            if match:
                body = match.group("body")
                is_heading = line.rstrip().endswith(":") or _HEADING_WORDS.fullmatch(
                    body.split()[-1] if body.split() else ""
                )
                if is_heading and _HEADING_WORDS.search(body):
                    self._headings.append(offset)
                    self._heading_status.append(_status_of(body))
            offset += len(line) + 1

    def _sentence(self, position: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._sentence_starts, position) - 1
        start = self._sentence_starts[index]
        end = (
            self._sentence_starts[index + 1]
            if index + 1 < len(self._sentence_starts)
            else len(self.text)
        )
        return start, end

    def status(self, start: int, end: int, *, alternatives: bool = False) -> str | None:
        """The status of the mention at start:end. With `alternatives`, a status that closes an
        earlier alternative ("X preferred or Y") does not reach a mention after its "or"."""
        s_start, s_end = self._sentence(start)
        if alternatives:
            for closed in _CLOSED_ALTERNATIVE.finditer(self.text, s_start, start):
                s_start = closed.end()
        sentence = self.text[s_start:s_end]
        bounds = [0] + [m.end() for m in _SEGMENT_BREAK.finditer(sentence)] + [len(sentence) + 1]
        segments = [sentence[bounds[i] : bounds[i + 1]] for i in range(len(bounds) - 1)]
        here = bisect.bisect_right(bounds, start - s_start) - 1
        statuses = [_status_of(seg) for seg in segments]
        if statuses[here]:
            return statuses[here]
        for later in statuses[here + 1 :]:
            if later:
                return later
        for earlier in reversed(statuses[:here]):
            if earlier:
                return earlier
        return self._heading(start) or self._answer_below(s_end)

    def _answer_below(self, sentence_end: int) -> str | None:
        """A lone status on the next line or sentence, unless it heads a list below it."""
        text = self.text
        start = sentence_end + (1 if text.startswith("\n", sentence_end) else 0)
        line_end = text.find("\n", start)
        line_end = len(text) if line_end == -1 else line_end
        first = _SENTENCE_BREAK.search(text, start, line_end)
        status_end = first.end() if first else line_end
        words = text[start:status_end]
        if not _LONE_STATUS.fullmatch(words):
            return None
        next_end = text.find("\n", line_end + 1)
        following = text[line_end + 1 : next_end if next_end != -1 else len(text)]
        heads_a_list = (
            status_end == line_end
            and not words.rstrip().endswith(".")
            and following.strip()
            and line_end + 1 not in self._headings
        )
        return None if heads_a_list else _status_of(words)

    def _heading(self, position: int) -> str | None:
        index = bisect.bisect_right(self._headings, position) - 1
        if index < 0:
            return None
        # A heading governs the block under it, not the whole rest of a long posting.
        if position - self._headings[index] > 1500:
            return None
        return self._heading_status[index]


# Education and experience read the same description one after the other.
@lru_cache(maxsize=4)
def reader_for(text: str) -> RequirementReader:
    """A reader of `text`, shared by the normalizers that read the same text (it never changes
    once made)."""
    return RequirementReader(text)


def strongest(current: str | None, new: str | None) -> str | None:
    """Combine two mentions of the same thing: required beats eligible beats preferred."""
    rank = {None: 0, PREFERRED: 1, ELIGIBLE: 2, REQUIRED: 3}
    return new if rank[new] > rank[current] else current
