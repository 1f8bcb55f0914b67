"""Pay: structured fields or free text → one `Pay` with an annual figure where it is safe.

Rules (SPEC "Normalization rules", Pay): annual = hour×2080, day×260, week×52, biweek×26,
month×12. The period comes from the words; only when there are no words at all does the size
decide (under 200 hourly, 15,000 and over yearly, in between unknown). "Up to" sets only the
maximum, "starting at/from" only the minimum. Bonuses, tuition, 401(k), referral and sign-on
money is not pay; per-chart pay has no annual figure; zero or absurd values are no pay.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass

from core.vocabulary import PayPeriod
from spiders.normalize.text import plain

_PER_YEAR = {
    PayPeriod.DAY: 260,
    PayPeriod.WEEK: 52,
    PayPeriod.BIWEEK: 26,
    PayPeriod.MONTH: 12,
    PayPeriod.YEAR: 1,
}
ANNUAL_FLOOR = 5_000.0
ANNUAL_CEILING = 1_000_000.0
HOURLY_BELOW = 200.0
YEARLY_FROM = 15_000.0


@dataclass(frozen=True)
class Pay:
    min: float | None
    max: float | None
    currency: str | None
    period: str | None
    annual_min: float | None
    annual_max: float | None
    estimated: bool = False
    text: str | None = None
    # No words gave the period: the size of the figures did (the spec's last resort).
    period_by_size: bool = False


def annualize(
    value: float | None, period: str | None, *, hours_per_year: int = 2080
) -> float | None:
    """A value for one period as a yearly figure; None when the period is unknown."""
    if value is None or period is None:
        return None
    factor = hours_per_year if period == PayPeriod.HOUR else _PER_YEAR.get(period)
    if factor is None:
        return None
    return round(value * factor, 2)


# ---------------------------------------------------------------------------------------------
# period words

# Source vocabularies: schema.org unitText (HOUR, YEAR…), USAJOBS RateIntervalCode (PA, PH, PD,
# BW, PM; PW there is piece work), Lever ("per-year-salary"), Ashby ("1 YEAR"), and people.
_STRUCTURED_CODES = {
    "pa": "year", "py": "year", "ph": "hour", "pd": "day", "bw": "biweek", "pm": "month",
    "hr": "hour", "yr": "year", "mo": "month", "wk": "week", "h": "hour", "d": "day",
    "w": "week", "m": "month", "y": "year", "salary": "year", "salaried": "year",
    "annum": "year", "wage": "hour", "diem": "day",
}  # fmt: skip
_NOT_A_PERIOD_CODES = {"pw", "fb", "wc", "st", "sy", "piece", "fee", "commission", "one-time"}
_NO_PERIOD_GIVEN = {"", "unknown", "unspecified", "none", "null", "n/a", "na", "other"}
_PERIOD_WORD = re.compile(
    r"(?P<biweek>bi[- ]?weekly|bi[- ]?week|every (?:two|2|other) weeks?|fortnight)"
    r"|(?P<hour>hour|hr\b|hrly)"
    r"|(?P<day>daily|\bday|diem)"
    r"|(?P<week>week|wk\b)"
    r"|(?P<month>month|\bmo\b)"
    r"|(?P<year>year|annual|annum|\byr\b|salar)",
    re.I | re.A,
)


def _period_from_word(word: str | None) -> tuple[bool, str | None]:
    """(a period word was given, the canonical period or None when it names no time unit)."""
    if word is None:
        return False, None
    cleaned = str(word).strip().lower()
    if cleaned in _NO_PERIOD_GIVEN:
        return False, None
    if cleaned in _NOT_A_PERIOD_CODES:
        return True, None
    token = re.sub(r"^(?:per|1|one|a|an)[\s_-]+", "", cleaned)
    if token in _STRUCTURED_CODES:
        return True, _STRUCTURED_CODES[token]
    compact = re.sub(r"[./\s]", "", token)  # "p.a.", "p/h"
    if len(compact) <= 3 and compact in _STRUCTURED_CODES:
        return True, _STRUCTURED_CODES[compact]
    match = _PERIOD_WORD.search(cleaned)
    if match:
        return True, match.lastgroup
    return True, None


# ---------------------------------------------------------------------------------------------
# structured pay


_CURRENCY_SYMBOLS = {
    "$": "USD", "US$": "USD", "C$": "CAD", "CA$": "CAD", "CDN$": "CAD", "£": "GBP", "€": "EUR",
    "DOLLARS": "USD",
}  # fmt: skip
_CURRENCY_CODES = ("USD", "CAD", "GBP", "EUR")
_NUMBER_IN_STRING = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*([kK])?")


def _coerce_amount(value: object) -> float | None:
    """Numbers, numeric strings ("$45,000.00", "45K") → positive float; zero/garbage → None."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        match = _NUMBER_IN_STRING.search(str(value))
        if not match:
            return None
        try:
            number = float(match.group(1).replace(",", ""))
        except ValueError:
            return None
        if match.group(2):
            number *= 1000
    if number != number or number <= 0 or number == float("inf"):  # NaN, zero, negatives
        return None
    return number


def _normalize_currency(currency: object) -> str | None:
    if currency is None:
        return None
    code = str(currency).strip().upper()
    if code in _CURRENCY_SYMBOLS:
        return _CURRENCY_SYMBOLS[code]
    return code if re.fullmatch(r"[A-Z]{3}", code) else None


def _period_by_size(values: list[float]) -> str | None:
    """The spec's last resort when no words say the period."""
    if all(v < HOURLY_BELOW for v in values):
        return "hour"
    if all(v >= YEARLY_FROM for v in values):
        return "year"
    return None


def _build(
    low: float | None,
    high: float | None,
    *,
    currency: str | None,
    period: str | None,
    estimated: bool,
    text: str | None,
    hours_per_year: int,
    period_by_size: bool = False,
) -> Pay | None:
    if low is not None and high is not None and low > high:
        low, high = high, low
    annual_low = annualize(low, period, hours_per_year=hours_per_year)
    annual_high = annualize(high, period, hours_per_year=hours_per_year)
    for annual in (annual_low, annual_high):
        if annual is not None and not ANNUAL_FLOOR <= annual <= ANNUAL_CEILING:
            return None  # absurd once annualized: a typo, a per-unit rate or not pay at all
    by_size = period_by_size and period is not None
    return Pay(low, high, currency, period, annual_low, annual_high, estimated, text, by_size)


def pay_from_structured(
    minimum: object,
    maximum: object,
    *,
    currency: object = None,
    period: object = None,
    estimated: bool = False,
    hours_per_year: int = 2080,
) -> Pay | None:
    """Pay from a source's own fields; strings, zeros and blanks tolerated (zeros are no pay)."""
    low, high = _coerce_amount(minimum), _coerce_amount(maximum)
    if low is None and high is None:
        return None
    worded, canonical = _period_from_word(None if period is None else str(period))
    if not worded:
        canonical = _period_by_size([v for v in (low, high) if v is not None])
    return _build(
        low,
        high,
        currency=_normalize_currency(currency),
        period=canonical,
        estimated=bool(estimated),
        text=None,
        hours_per_year=hours_per_year,
        period_by_size=not worded,
    )


# ---------------------------------------------------------------------------------------------
# pay in free text

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"
_ODD_SPACES = "\t\u00a0" + "".join(chr(c) for c in range(0x2000, 0x200B)) + "\u202f"
# Dashes become "-" and odd spaces " ", one character for one, so positions stay put.
_ONE_CHARACTER_FIXES = str.maketrans({c: "-" for c in _DASHES} | {c: " " for c in _ODD_SPACES})
_SPACES = re.compile(r" {2,}")
_DIGIT = re.compile(r"\d")
# Text that can hold pay has a currency mark or a pay word; most others are skipped unread.
# (Tested part by part, the words with `in`: far cheaper than one pattern over the whole text.)
_MONEY_MARKS = ("$", "£", "€")
_MONEY_WORDS = ("pay", "salar", "wage", "compens", "rate", "earn", "range", "hour", "annual",
                "month", "week", "daily", "diem", "dollar")  # fmt: skip
_MONEY_ENTITY = re.compile(r"&(?:#36|#x24|dollar|pound|euro|#163|#8364);", re.I | re.A)
_CURRENCY_CODE = re.compile(r"\b(?:USD|CAD|GBP|EUR)\b", re.I | re.A)
_THOUSANDS_K = re.compile(r"\d\s?[kK]\b", re.A)
# ASCII letters only: what re.I | re.A matches without regard to case.
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _money_hint(text: str) -> bool:
    if any(mark in text for mark in _MONEY_MARKS):
        return True
    lowered = text.translate(_ASCII_LOWER)
    return (
        any(word in lowered for word in _MONEY_WORDS)
        or ("&" in text and bool(_MONEY_ENTITY.search(text)))
        or (
            any(code in lowered for code in ("usd", "cad", "gbp", "eur"))
            and bool(_CURRENCY_CODE.search(text))
        )
        or ("k" in lowered and bool(_THOUSANDS_K.search(text)))
    )


# Amounts that look like money but name a plan or a form: 401(k), 403(b), W-2, 1099.
# ("\b4", the word start checked after the 4: a pattern opening on a literal is found quickly)
_PLAN_NAMES = re.compile(r"4(?<!\w.)(?:01|03|57)\s*\(?\s*[kb]\s*\)?", re.I | re.A)

# A number glued to a word by a hyphen names a form or a code ("W-2", "ICD-10"), not money
# (the K of "62K-75K" is no word).
_AMOUNT = re.compile(
    r"(?=[UCGE$£€\d])(?:(?P<cur>(?:USD|CAD|GBP|EUR)(?:\s?[$£€])?|US\$|CDN\$|CA\$|C\$|\$|£|€)\s?)?"
    r"(?<![\w.,/:])(?<![A-JL-Za-jl-z]-)(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)"
    r"(?![\d,]*\.\d)(?:\s?(?P<k>[kK])(?![a-zA-Z]))?"
    r"(?P<cur2>\s?(?:USD|CAD|GBP|EUR|dollars)\b)?",
)
# A period stuck to one amount: "$19.23/hr", "$52,000 per year", "$25 an hour", "$250 per diem".
_ATTACHED_PERIOD = re.compile(
    r"\s*(?:(?:USD|CAD|GBP|EUR)\s*)?(?:"
    r"/\s*(?P<slash>hour|hr|h|year|yr|y|annum|month|mo|week|wk|day|d)\b"
    r"|(?:per|an?)\s+(?P<per>hour|hr|year|yr|annum|month|mo|week|wk|day|diem|pay period)\b"
    r"|(?P<adverb>hourly|annually|yearly|monthly|bi-?weekly|weekly|daily|p\.?a\.|p\.?h\.|p/[ah]\b|"
    r"every (?:two|2|other) weeks)"
    r")",
    re.I | re.A,
)
# A time unit right after an amount marked as money, without "/" or "per": "$21.50 hr".
_BARE_UNIT = re.compile(r"\s?(?P<unit>hour|hr|year|yr|week|wk|month|mo)(?![-\w])", re.I | re.A)
# A word and a dash together join a range too ("$46,949 to - $61,031", "$20 - to $25").
_CONNECTOR = re.compile(
    r"\s*(?:(?:to|through|thru)\s*-{1,2}|-{1,2}\s*to|-{1,2}|to|and|through|thru)\s*", re.I | re.A
)
_MAX_CONNECTOR = re.compile(
    r"\s*[,;/|]?\s*(?:and\s+)?(?:a\s+)?max(?:imum)?\s*(?:of|:)?\s*", re.I | re.A
)
# The midpoint some ranges give between their minimum and maximum: "min $X | mid $Y | max $Z".
_MID_CONNECTOR = re.compile(r"\s*[,;/|]?\s*mid(?:[- ]?point)?\s*(?:of|:)?\s*", re.I | re.A)
_LEAD_MIN_LABEL = re.compile(r"\bmin(?:imum)?\s*(?:of|:)?\s*$", re.I | re.A)
_PLUS_AFTER = re.compile(
    r"\s*(?:\+(?!\s*[$\d])|or more\b|and up\b|and above\b|to start\b|to begin\b|starting\b)",
    re.I | re.A,
)
_CLAUSE_BREAK = re.compile(r"[\n;|!?•]|\.\s|\s-\s(?=[A-Z])")

_TRAIL_PERIOD = re.compile(
    r"^[\s,:()*/-]*(?:(?:USD|CAD|GBP|EUR|US|dollars|base|gross|pay|salary|rate|wage|plus|\+|is|paid|"
    r"depending on experience|DOE|based on experience|commensurate with experience)[\s,()*/-]*)*"
    r"(?:per|an?|/|each)?\s*"
    r"(?P<word>hour|hr\b|annum|year|yr\b|annual|month|mo\b|week|wk\b|day|diem|bi-?weekly|"
    r"hourly|yearly|monthly|weekly|daily|p\.a\.|every (?:two|2|other) weeks)",
    re.I | re.A,
)
# "Semi-monthly" is twice a month, a period the spec does not list: its "monthly" is no period.
_LEAD_PERIOD = re.compile(
    r"(?<!semi-)(?<!semi)(?<!semi )"
    r"(?P<word>bi-?weekly|every two weeks|hourly|per hour|an hour|annual|annually|yearly|"
    r"per year|per annum|monthly|per month|weekly|per week|daily|per day|per diem rate)",
    re.I | re.A,
)
_LEAD_UP_TO = re.compile(
    r"\b(?:up to|as much as|max(?:imum)?(?: of)?|no more than|not to exceed|not exceeding|"
    r"tops? out at|topping out at|capped at|top of (?:the )?(?:pay |salary )?range(?: is| of)?)"
    r"\s*:?\s*$",
    re.I | re.A,
)
_LEAD_FROM = re.compile(
    r"\b(?:starting (?:at|from|pay|rate|wage|salary)?(?: of| is)?|starts at|start(?:ing)? rate of|"
    r"from|beginning at|begins at|min(?:imum)?(?: of)?|at least|no less than|base pay starts at)"
    r"\s*:?\s*$",
    re.I | re.A,
)
# "The starting rate for this role is $21.15", "Wages start at $16/hr": a pay word that says it
# starts (either order), then a few words without figures, names only the minimum.
_LEAD_STARTS = re.compile(
    r"\b(?:(?:starting|beginning|start)\s+(?:[a-z]+\s+)?(?:pay|rate|wage|wages|salary|"
    r"compensation)|(?:pay|rates?|wages?|salary|salaries|compensation)\s+(?:starts?|begins?))\b"
    r"[^$£€\d\n]{0,40}$",
    re.I | re.A,
)
_LEAD_BETWEEN = re.compile(r"\bbetween\s*$", re.I | re.A)
# A pay label right before bare figures: "Annual pay: 52,000 - 61,000", "Pay Range: 19.50 -
# 24.00", "Salary: 55000". The label vouches that the figures are money even without "$". A
# lone "rate" does not ("accuracy rate of 95"); it needs a pay word with it.
_LABEL_QUALIFIER = (
    r"(?:between|up to|starting at|starting from|from|approximately|approx\.|about|around)?\s*$"
)
_PAY_LABEL = re.compile(
    r"\b(?:pay|salary|salaries|wages?|compensation|earnings|hiring range|"
    r"(?:pay|hourly|daily|weekly|monthly|annual|base|starting|salary|wage)\s+rate|rate of pay)"
    r"(?:\s+(?:range|scale|band|amount))?(?:\s+for (?:this|the) (?:position|role|job))?"
    r"\s*(?:\(\s*[a-z ]{1,20}\))?\s*(?::|=|\bis\b|\bof\b)\s*"
    + _LABEL_QUALIFIER
    # "Rate:" alone counts only as the first word of its line, where ads put their pay line;
    # so does a period word used as the label ("Hourly: 19.75 - 26.40", "Annual: 52,000")
    + r"|(?:^|(?<=\n))[\s*•#-]*(?:rate|hourly|annual|annually|yearly|monthly|weekly|daily)"
    + r"\s*:\s*"
    + _LABEL_QUALIFIER,
    re.I | re.A,
)
# Words a label can end with before its figures (besides ":" and "=").
_LABEL_WORDS = frozenset(
    {"is", "of", "between", "to", "at", "from", "approx.", "about", "around", "approximately"}
)
# Two figures offered as alternatives: "$45/hr W2 or $50/hr 1099", "$20/hr days or $22/hr nights".
_ALTERNATIVE = re.compile(
    r"\s*(?:\(?[A-Za-z0-9-]{1,12}\)?\s+){0,3}or\s+(?:[A-Za-z-]{1,12}\s+){0,2}", re.A
)
_LEAD_PAY_WORD = re.compile(
    r"\b(?:pay|salary|salaries|wage|wages|rate|compensation|earn|earning|paid|base|hiring range|"
    r"range|hourly|annual|annually)\b",
    re.I | re.A,
)
# Money that is not pay: benefits and one-off payments.
_NOT_PAY_WORDS = (
    r"bonus|bonuses|sign[- ]?on|signing|referral|refer|retention|relocation|tuition|reimburs\w*|"
    r"stipend|allowance|incentive|gift cards?|retirement plan|retirement|pension|match|matching|"
    r"contribution|HSA|FSA|scholarship|educational assistance|loan|differential|PTO|award|prize|"
    r"per diem allowance"
)
_TRAIL_ONLY_NOT_PAY = (
    r"insurance|deductible|premium|credit|budget|revenue|funding|grant|million|billion|"
    r"investment|savings|spend|[MB]\b|mil\b|bn\b|%|percent"
)
# The size of something managed, not what the job pays: "budgets of $2M", "projects (over $500K)".
_SIZE_OF_THING = re.compile(
    r"\b(?:projects?|budgets?|portfolios?|contracts?|deals?|revenue|sales|P&L|grants?|funds?|"
    r"assets|accounts?)\b[^.\n$]{0,20}?\(?\s*(?:over|of|exceeding|worth|valued at|totall?ing|"
    r"above|greater than|in excess of|up to|upwards of|more than)\s*$",
    re.I | re.A,
)
_LEAD_NOT_PAY = re.compile(rf"\b(?:{_NOT_PAY_WORDS})", re.I | re.A)
# What follows an amount on its own line describes it; the next line ("Sign-on bonus: $1,500",
# "Location: Remote") is about something else.
_TRAIL_NOT_PAY = re.compile(
    r"^(?:[^\S\n]|[,:()*-])*(?:(?:USD|CAD|GBP|EUR)\s*)?"
    r"(?:(?:in|as|of|for|a|an|one[- ]time|annual|yearly|total|additional|"
    r"hiring|employee|new[- ]hire|potential|quarterly|towards?|per year|per employee|each|the|cash|"
    r"employer|company|educational|education|your|our|with)\s+)"
    rf"{{0,4}}(?:{_NOT_PAY_WORDS}|{_TRAIL_ONLY_NOT_PAY})",
    re.I | re.A,
)
# "$2.50 per chart": production pay has no period a year can be built from.
# After "per"/"each" up to two words may describe the unit ("per inpatient chart coded",
# "per outpatient ED record"), as long as they are no period ("per hour worked" stays pay).
_PER_UNIT = re.compile(
    r"^\s*(?:(?:USD|CAD|GBP|EUR)\s*)?(?:(?:per|for each|each)\s+"
    r"(?:(?!(?:hours?|hr|days?|weeks?|months?|years?|yr|annum|diem|pay)\b)[A-Za-z-]+\s+){0,2}"
    r"|(?:per|/|a|an|for each|each)\s*)"
    r"(?:coded\s+|completed\s+|finished\s+)?"
    r"(?:chart|record|encounter|claim|unit|case|line|page|report|account|visit|abstract|review|"
    r"minute(?!s)|procedure|patient|file|image|note|item|piece|RVU)s?\b",
    re.I | re.A,
)
# A count rather than money: "25 charts per hour", "3-5 years", "500 beds".
# Like the not-pay words, the noun must be on the amount's own line.
_COUNT_NOUN = re.compile(
    r"^[^\S\n]*(?:\+\s*)?(?:charts?|records?|encounters?|claims?|accounts?|cases?|patients?|beds?|"
    r"providers?|physicians?|employees?|coders?|staff|people|members?|years?|yrs?|months?|days?|"
    r"weeks?|hours?|hrs?|minutes?|%|percent|locations?|facilities|hospitals?|clinics?|states?|"
    r"sites?|visits?|lines?|pages?|reports?|points?|words?|wpm|(?:pay )?periods?|paychecks?|"
    r"installments?|shifts?)\b",
    re.I | re.A,
)


@dataclass(slots=True)
class _Amount:
    value: float
    start: int
    end: int  # after the amount and any period stuck to it
    currency: str | None
    k: bool
    attached: str | None


@dataclass
class _Candidate:
    low: float | None
    high: float | None
    currency: str | None
    period: str | None
    worded: bool
    per_unit: bool
    start: int
    end: int


def _canonical(word: str) -> str | None:
    return _period_from_word(word)[1]


def _currency_of(before: str | None, after: str | None) -> str | None:
    """ISO code from the marks around an amount; a written code beats a bare "$" ("$60,000 CAD",
    "CAD $60,000"), because "$" alone is shared by several dollars."""
    for mark in (before, after):
        code = (mark or "").strip().upper()[:3]
        if code in _CURRENCY_CODES:
            return code
    for mark in (before, after):
        symbol = (mark or "").strip().upper()
        if symbol:
            return _CURRENCY_SYMBOLS.get(symbol, "USD" if "$" in symbol else None)
    return None


def _read_amount(text: str, match: re.Match[str]) -> _Amount:
    number = float(match.group("num").replace(",", ""))
    k = bool(match.group("k"))
    if k:
        number *= 1000
    before, after = match.group("cur", "cur2")
    currency = _currency_of(before, after) if before or after else None
    end = match.end()
    attached = None
    stuck = _ATTACHED_PERIOD.match(text, end)
    if stuck:
        word = stuck.group("slash") or stuck.group("per") or stuck.group("adverb")
        if word.lower() == "pay period":
            attached = None  # weekly, bi-weekly or semi-monthly: the words do not say
        elif word.lower() == "diem" and not (stuck.group("per") and currency):
            attached = None  # "per diem" after a bare number is an employment type, not a rate
        else:
            attached = _canonical(word)
        if attached:
            end = stuck.end()
    elif currency:
        unit = _BARE_UNIT.match(text, end)
        if unit:
            attached, end = _canonical(unit.group("unit")), unit.end()
    return _Amount(number, match.start("num") if not match.group("cur") else match.start(), end,
                   currency, k, attached)  # fmt: skip


def _clause_start(text: str, position: int, floor: int) -> int:
    """Where the clause holding `position` begins (never before `floor`)."""
    window_start = max(floor, position - 120)
    last = window_start
    for brk in _CLAUSE_BREAK.finditer(text, window_start, position):
        last = brk.end()
    return last


def _clause_end(text: str, position: int) -> int:
    brk = _CLAUSE_BREAK.search(text, position, position + 80)
    return brk.start() if brk else min(len(text), position + 80)


def _money_like(amount: _Amount) -> bool:
    return bool(amount.currency or amount.k or amount.attached)


def _labelled(text: str, start: int) -> bool:
    """A pay label ends right before `start` (cheap tests first: most numbers fail them)."""
    last = start - 1
    while last >= 0 and text[last] == " ":
        last -= 1
    if last < 0:
        return False
    if text[last] not in ":=":
        floor = max(0, last - 14)
        word = text[text.rfind(" ", floor, last) + 1 or floor : last + 1].lower()
        if word not in _LABEL_WORDS:
            return False
    return bool(_PAY_LABEL.search(text, max(0, start - 80), start))


def _alternatives(text: str, first: _Amount, nxt: _Amount | None) -> bool:
    """Same-period figures joined by "or": read as one range over both (SPEC: a single figure
    sets both ends; alternatives are the bounds of what the job pays)."""
    if nxt is None or first.attached != nxt.attached or first.currency != nxt.currency:
        return False
    joint = _ALTERNATIVE.fullmatch(text, first.end, nxt.start)
    # "$500 sign-on bonus or $1,000 relocation": words between that name no pay keep them apart
    return bool(joint) and not _LEAD_NOT_PAY.search(joint.group(0))


def _candidates(text: str) -> Iterator[_Candidate]:
    amounts = [_read_amount(text, m) for m in _AMOUNT.finditer(text)]
    index = 0
    previous_end = 0
    while index < len(amounts):
        first = amounts[index]
        nxt = amounts[index + 1] if index + 1 < len(amounts) else None
        used = 1  # amounts this candidate takes
        labelled = False
        if not _money_like(first) and not (nxt and _money_like(nxt) and nxt.start - first.end < 12):
            labelled = _labelled(text, first.start)
            if not labelled:
                previous_end = first.end  # a bare number: a count, a year, a phone (most often)
                index += 1
                continue
        lead_start = _clause_start(text, first.start, previous_end)
        lead = text[lead_start : first.start]
        if nxt is not None:
            joint = _CONNECTOR.fullmatch(text, first.end, nxt.start)
            after_mid = amounts[index + 2] if index + 2 < len(amounts) else None
            if joint and (joint.group(0).strip().lower() != "and" or _LEAD_BETWEEN.search(lead)):
                used = 2
            elif _LEAD_MIN_LABEL.search(lead) and _MAX_CONNECTOR.fullmatch(
                text, first.end, nxt.start
            ):
                used = 2  # "Minimum: $55,120 Maximum: $82,680"
                lead = _LEAD_MIN_LABEL.sub(" ", lead)
            elif (
                after_mid is not None
                and _LEAD_MIN_LABEL.search(lead)
                and _MID_CONNECTOR.fullmatch(text, first.end, nxt.start)
                and _MAX_CONNECTOR.fullmatch(text, nxt.end, after_mid.start)
            ):
                used = 3  # "min $25.48 | mid $31.85 | max $38.22": the midpoint is no bound
                lead = _LEAD_MIN_LABEL.sub(" ", lead)
            elif _alternatives(text, first, nxt):
                used = 2
        second = amounts[index + used - 1] if used > 1 else None
        last = second or first
        previous_end = last.end
        candidate = _judge(text, first, second, lead, labelled=labelled)
        if candidate:
            yield candidate
        index += used


def _judge(
    text: str, first: _Amount, second: _Amount | None, lead: str, *, labelled: bool = False
) -> _Candidate | None:
    last = second or first
    after = text[last.end : last.end + 60]
    currency = first.currency or last.currency
    if _COUNT_NOUN.match(after) and not last.attached:
        return None
    if (
        not currency
        and not labelled
        and not (
            _LEAD_PAY_WORD.search(lead) and (last.attached or first.attached or first.k or last.k)
        )
    ):
        return None  # a bare number needs pay words before it and a period (or K) after it
    if _TRAIL_NOT_PAY.match(after) or _not_pay_lead(lead[-60:]) or _not_pay_trail(after):
        return None
    if not (first.attached or last.attached) and _SIZE_OF_THING.search(lead[-60:]):
        return None  # "projects (over $500K)": the size of a project, budget or deal
    low, high = first.value, (second.value if second else first.value)
    if second:
        # "$45-55K": the K written once covers both ends
        if second.k and not first.k and low < 1000 <= high:
            low *= 1000
        elif first.k and not second.k and high < 1000 <= low:
            high *= 1000
    end = last.end
    if not second and _LEAD_UP_TO.search(lead):
        low = None
    elif not second and (_LEAD_FROM.search(lead) or _LEAD_STARTS.search(lead)):
        high = None
    if _PER_UNIT.match(after):
        return _Candidate(low, high, currency, None, True, True, first.start, end)
    period = last.attached or first.attached
    worded = period is not None
    if not worded:
        trail_text = after[: _clause_end(after, 0)] if after else ""
        trail = _TRAIL_PERIOD.match(trail_text)
        if trail:
            period = _canonical(trail.group("word"))
            worded = period is not None
            end = last.end + trail.end()
    if not worded:
        leading = list(_LEAD_PERIOD.finditer(lead))
        if leading:
            period = _canonical(leading[-1].group("word"))
            worded = period is not None
    if not worded and (first.k or last.k):
        period, worded = "year", True  # "$45K" is a yearly figure by convention
    plus = _PLUS_AFTER.match(text, last.end) or _PLUS_AFTER.match(text, end)
    if plus and not second and low is not None:
        high = None
        end = max(end, plus.end())
    if not worded:
        period = _period_by_size([v for v in (low, high) if v is not None])
        if period is None and labelled and not currency:
            return None  # bare figures of unknown period: nothing says they are money
    return _Candidate(low, high, currency, period, worded, False, first.start, end)


_TRAIL_CUT = re.compile(r"[\n;|!?$\d]|\.\s")
_ADDITION = re.compile(
    r"\b(?:plus|and|with|in addition|additional|including|also|or)\b|\+", re.I | re.A
)


def _not_pay_trail(after: str) -> bool:
    """ "$500 for every friend you refer", "$250 wellness reimbursement": benefit words later in
    the clause, not introduced as something extra ("plus bonus" keeps the amount as pay)."""
    cut = _TRAIL_CUT.search(after)
    clause = after[: cut.start()] if cut else after
    hit = _LEAD_NOT_PAY.search(clause)
    return bool(hit) and not _ADDITION.search(clause, 0, hit.start())


def _not_pay_lead(lead: str) -> bool:
    """Benefit words before the amount, with no pay word after them ("sign-on bonus: $5,000")."""
    hits = list(_LEAD_NOT_PAY.finditer(lead))
    if not hits:
        return False
    return not _LEAD_PAY_WORD.search(lead, hits[-1].end())


# A space as the thousands separator ("$34 584 - 54 625 per year"), in money marked by a currency
# sign or code, and in the other end of its range. Never before a percent ("$19 100% paid").
_SPACE_GROUPED = r"\d{1,3}(?: \d{3})+(?:\.\d{2})?(?![\d%]| %|[.,]\d)"
_SPACE_GROUPS = re.compile(r"\d \d{3}", re.A)  # what every such figure holds: a quick scan
_SPACE_THOUSANDS = re.compile(
    rf"(?=[$£€UCGEucge])(?:[$£€]|\b(?:USD|CAD|GBP|EUR)\b)\s?(?P<low>{_SPACE_GROUPED})"
    rf"(?:\s?(?:-|to)\s?(?:[$£€]\s?)?(?P<high>{_SPACE_GROUPED}))?",
    re.I | re.A,
)


def _comma_grouped(match: re.Match[str]) -> str:
    """The thousands spaces of a match as commas, one character for one."""
    text = match.group(0)
    for name in ("high", "low"):
        if match.group(name):
            start, end = (i - match.start() for i in match.span(name))
            text = text[:start] + text[start:end].replace(" ", ",") + text[end:]
    return text


def _prepare(text: str) -> str:
    # str.translate and `in` run at C speed; the regexes run only where they can change text
    text = plain(text).translate(_ONE_CHARACTER_FIXES)
    if "  " in text:
        text = _SPACES.sub(" ", text)
    if " " in text and _SPACE_GROUPS.search(text) and _SPACE_THOUSANDS.search(text):
        text = _SPACE_THOUSANDS.sub(_comma_grouped, text)
    if "401" in text or "403" in text or "457" in text:
        text = _PLAN_NAMES.sub("retirement plan", text)
    return text


# "$21.50 per hour, up to $24.00 per hour with RHIT", "Starting wage $18.25/hr; top of range
# $25.10/hr": a figure (or a starting figure) followed closely on its line by a higher "up to"
# figure of the same period and currency is the range between them.
_TOP_GAP = re.compile(r"[^\n$£€\d]{0,40}")


def _with_top(text: str, base: _Candidate, top: _Candidate | None) -> _Candidate | None:
    if top is None or base.per_unit or top.per_unit or base.period is None:
        return None
    if base.low is None or base.high not in (None, base.low):
        return None  # the base is a range or only a maximum already
    if top.low is not None or top.high is None or top.high <= base.low:
        return None  # the next figure is no higher maximum
    if (top.period, top.currency) != (base.period, base.currency):
        return None
    if not _TOP_GAP.fullmatch(text, base.end, top.start):
        return None
    return _Candidate(
        base.low, top.high, base.currency, base.period, base.worded, False, base.start, top.end
    )


def pay_from_text(text: str | None) -> Pay | None:
    """The pay a posting's text states, or None. Reads the first real pay figure."""
    if not text or not _DIGIT.search(text) or not _money_hint(text):
        return None
    prepared = _prepare(text)
    best: tuple[int, Pay] | None = None
    candidates = _candidates(prepared)
    pending = next(candidates, None)
    while pending is not None:
        candidate, pending = pending, next(candidates, None)
        joined = _with_top(prepared, candidate, pending)
        if joined is not None:
            candidate, pending = joined, next(candidates, None)
        pay = _build(
            candidate.low,
            candidate.high,
            currency=candidate.currency,
            period=candidate.period,
            estimated=False,
            text=prepared[candidate.start : candidate.end].strip(),
            hours_per_year=2080,
            period_by_size=not candidate.worded and not candidate.per_unit,
        )
        if pay is None:
            continue
        rank = 0 if candidate.per_unit else (2 if candidate.worded else 1)
        if pay.period is None and not candidate.per_unit:
            rank = 0
        if best is None or rank > best[0]:
            best = (rank, pay)
        if rank == 2:
            break
    return best[1] if best else None
