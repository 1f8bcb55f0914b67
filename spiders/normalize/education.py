"""The education a posting asks for at least, and the years of experience it asks for.

The floor is the lowest level among the education a posting requires (or names without
saying "preferred"): "High school diploma required; associate degree preferred" has the floor
high_school. A posting that only prefers a degree states no floor, and one that accepts
experience alone ("Bachelor's degree or equivalent experience") states none either: the floor
is the least the posting accepts.
"""

from __future__ import annotations

import bisect
import itertools
import re

from core.vocabulary import EducationLevel
from spiders.normalize.entries import EntryPoints, word_starts, words_finder
from spiders.normalize.requirement import PREFERRED, RequirementReader, reader_for
from spiders.normalize.text import plain

LEVELS = tuple(EducationLevel)

_LEVEL_PATTERNS = {
    # schooling above high school is no high-school floor (see certificate, below)
    # (nor is "post-high school study": see certificate)
    "high_school": r"(?<!above )(?<!beyond )(?<!above the )(?<!beyond the )(?<!post-)(?<!post )"
    r"high[- ]school"
    r"|\bH\.?S\.? (?:diploma|graduate|education)|\bGED\b"
    r"|secondary school|\bHSD\b|\bHiSET\b|高中",
    # a certificate program taken after a degree ("post-baccalaureate certificate program")
    # asks for that degree first: it is no certificate-level floor
    "certificate": r"(?<!baccalaureate )(?<!graduate )certificate program"
    r"|(?:coding|HIM|billing|medical records?) certificate"
    # a program or course that leads to a certification is schooling; a certification alone
    # ("coding certification required") is a credential, not education
    r"|certification (?:program|course)|course of study in (?:\w+ ){0,2}coding"
    # federal standards: "one year above high school", "education beyond high school"
    r"|(?:above|beyond) (?:the )?high[- ]school"
    # "4 academic years above high school leading to a bachelor's degree" is that degree's study
    r"(?! leading to (?:an? )?(?:bachelor|baccalaureate|associate|master|graduate))"
    r"|certificate (?:in|of completion)|post[- ]?secondary (?:certificate|training|education)"
    # a Pathways grade's schooling: "one (1) academic year of post-secondary study"
    r"|post[- ]?(?:secondary|high[- ]school) study"
    r"|vocational|trade school|technical (?:school|program|college)"
    r"|(?:completion|graduate|graduation) (?:of|from) (?:an? |the )?(?:\w+ ){0,4}"
    r"(?:coding|certificate|training|HIM|health information) (?:program|course)"
    r"|coding (?:program|course|school|diploma)|diploma (?:in|from) (?:\w+ ){0,3}coding"
    # a diploma of a hospital school of nursing is a postsecondary award without a degree
    r"|diploma (?:program )?(?:in|of|from) (?:\w+ ){0,4}nursing|nursing diploma"
    # German vocational training: "(abgeschlossene) Ausbildung", "Berufsausbildung"
    r"|ausbildung\b",
    "associate": r"associate(?:'s|s|’s)? (?:degree|of (?:applied )?(?:science|arts))"
    r"|associate(?:'s|’s)?(?= or bachelor)|\bA\.?A\.?S\.?\b|\bA\.S\.|\bAS degree|\bAA degree"
    r"|two[- ]year (?:college )?degree|2[- ]year (?:college )?degree"
    # "two full academic years of post-high school study" is an associate degree's schooling
    r"|(?:two|2|three|3)(?: \(\d\))? (?:full )?academic years of post[- ]?(?:high[- ]school"
    r"|secondary) (?:study|education)"
    # The bare word as an answer on a form: alone on its line with its status ("Education:\n
    # Associate (Required)") or after an education label ("Education: Associate"). Not a bare
    # "Associate" line (LinkedIn's seniority level) nor a title ("Certified Coding Associate").
    r"|(?:^|(?<=\n))[ \t*•-]*associate(?:'s|’s)?"
    r"(?=[ \t]*\((?:required|preferred)\)[ \t]*(?:\n|$))"
    r"|\beducation(?: level)?:[ \t]*associate(?:'s|’s)?(?=[ \t]*(?:\(|[,;.\n]|$))"
    # Chinese 大专: a junior college's award
    r"|大专",
    "bachelor": r"bachelor(?:'s|s|’s)?|baccalaureate|\bB\.?[AS]\.?/B\.?[AS]\.?\b"
    r"|\bB\.S\.|\bB\.A\.|\bBS(?: degree| in)\b|\bBA(?: degree| in)\b|\bBSN\b|\bBHA\b"
    r"|four[- ]year (?:college )?degree|4[- ]year (?:college )?degree|undergraduate degree"
    # how postings outside the US say it: a (completed) university degree, a B.Tech or B.E.
    r"|\buniversity degree|\bcompleted degree|\bB\.?Tech\b|\bB\.E\."
    # the federal basic requirement "Degree: major study in …" (a degree with a major)
    r"|\bdegree(?::| with| in)[ \t]+(?:an? )?major (?:study|in)\b"
    # a federal basic requirement's bare degree: "Basic Requirements: A degree in Psychology",
    # "Basic Education Requirement: Degree: biology", "A. Successfully completed a degree in
    # computer science"; and the "Basic Education Requirement" of a professional series, which
    # is a bachelor's ("In addition to the Basic Education Requirement, you must have …")
    r"|(?:(?<=requirements: )|(?<=requirement: )|(?<=requirements: a )|(?<=requirement: a )"
    r"|(?<=successfully completed a ))degree\b"
    # (not a label before the degree it names: "BASIC REQUIREMENT: Degree: Doctor of …")
    r"(?!:?[ \t]*(?:in )?(?:an? )?(?:doctor|master|bachelor|baccalaureate|associate|ph\.?d))"
    r"|\bbasic education(?:al)? requirements?\b"
    # German: a (completed) course of university study, "(abgeschlossenes) Studium",
    # "Hochschulstudium"; Chinese: 本科 (undergraduate), 学士 (bachelor's degree)
    r"|studium\b|本科|学士",
    "master": r"master(?:'s|s|’s)? (?:degree|of|in|level)|master(?:'s|’s)(?! level)|\bMBA\b"
    # a bridge program into a degree, or its transcript, is no degree asked for: "coursework
    # equivalent to a nursing degree in a MSN Bridge Program", "a copy of the MSN transcript"
    r"|\bMHA\b|\bMPH\b|\bMSN\b(?! (?:bridge|transcript))"
    r"|\bM\.S\.|\bMS (?:degree|in)\b|\bMSc\b|graduate degree"
    # (placement into a degree is no degree held: "accepts the graduate's final transcript … for
    # placement into an advanced degree, postgraduate educational program")
    r"|(?<!into an )advanced degree|\bMHI\b|\bMHIM\b|\bM\.?Tech\b"
    # German "Masterstudium", "Masterabschluss"; Chinese 硕士 (master's), 研究生 (graduate)
    r"|\bmaster(?:studium|abschluss)|硕士|研究生",
    "doctorate": r"doctorate|doctoral|\bPh\.?D\b|\bDrPH\b|\bDHA\b"
    r"|\bdoctor of (?:medicine|osteopath\w*|philosophy|pharmacy|dental|nursing practice"
    # the professional doctorates of the federal series: "Doctor of Veterinary Medicine (DVM)",
    # "Veterinary Medical Doctor (VMD)", "Doctor of Optometry (O.D.)", podiatry, chiropractic
    r"|veterinary medicine|optometry|podiatr\w*|chiropractic)|\bveterinary medical doctor\b"
    # professional doctorates: dentistry ("D.D.S.", "D.M.D.", "degree in dental surgery"),
    # pharmacy ("Pharm.D."), law ("J.D.", "Juris Doctor", a graduate of a school of law)
    r"|\bD\.D\.S\b|\bDDS\b|\bD\.M\.D\b|\bDMD\b|\bdegree in dental (?:surgery|medicine)\b"
    r"|\bPharm\.? ?D\b|\bJ\.D\.|\bjuris doctor|\b(?:school|college) of law\b"
    r"|\blaw (?:school|degree)\b"
    r"|博士",
}
_FINDER = re.compile(
    "|".join(f"(?P<{level}>{pattern})" for level, pattern in _LEVEL_PATTERNS.items()),
    re.I | re.A,
)
# where a level can start: the pattern is tried only there (see entries.py)
_FINDER_STARTS = EntryPoints(_FINDER)
_NOT_ASKED = re.compile(
    r"\bno (?:college |formal )?degree (?:is )?(?:required|necessary|needed)|degree not required"
    r"|without a degree"
    # where schooling was had, for listing courses: "(for education completed at business,
    # secretarial, technical school or military schools)"; a programme one is enrolled in
    r"|\beducation completed at\b"
    r"|\benroll(?:ed|ment) (?:\w+ ){0,4}in (?:an? )?(?:degree|certificate)"
    r"(?: or (?:degree|certificate))? program"
    # or the school one attends: "must be enrolled or accepted for enrollment in high school, a
    # GED program or …" (a student's standing, no schooling finished)
    r"|\benroll(?:ed|ment) (?:\w+ ){0,4}in (?:an? )?(?:high[- ]school|secondary school|GED)\b"
    # a Pathways programme's students, where they may be at school: "open to current students
    # pursuing a qualifying degree or certificate in an accredited high school, college …"
    r"|\bstudents (?:currently )?(?:enrolled|pursuing)\b",
    re.I | re.A,
)
# A federal announcement that qualifies by experience alone, as a route of its own ("OR
# EXPERIENCE: Four (4) years of …", "-OR- C. Experience: …", "OR Four years of … experience",
# "OR E. Have IT-related experience …"), with schooling as the substitute ("Substitution of
# education for experience"), or at a grade whose requirement opens with experience and goes on
# to an "OR" ("GS-04: … six months of general experience … OR Successfully completed two years
# of study …"), asks for no schooling at all: the least it accepts is none.
_EXPERIENCE_ROUTE = re.compile(
    # (`own`: an "OR" route of its own, which stands even after a basic degree; its "OR" may
    # follow the marks that set it off, "**OR a combination of …"; its label may be a letter
    # or a number, "OR B. …", "OR 2. Combination of education and experience")
    r"(?P<own>(?:^|(?<=[\s;:.*]))-?OR-?[ \t]+(?:(?:[A-Z]|\d{1,2})\.[ \t]+)?(?:"
    r"(?i:experience)[ \t]*:"
    # who has it may come first: "OR C. You have at least one year of specialized experience",
    # "OR Possess a combination of education and experience"
    r"|(?i:(?:(?:you )?(?:have|possess) )?(?:a minimum of |at least )?[a-z0-9]+(?: \(\d+\))? "
    r"years? of (?:[a-z-]+[ /]){0,3}experience\b)"
    r"|(?i:(?:you )?(?:have|possess) (?:at least )?(?:[a-z-]+ ){0,2}experience\b)"
    # "OR B. Combination of education and experience that provided …", "OR C. A combination of
    # experience and education as described above"
    r"|(?i:(?:(?:you )?(?:have|possess) )?(?:an? )?combination of (?:[a-z]+ ){0,3}"
    r"experience\b)))"
    # (not where the posting points to whether one may: "information on whether you may
    # substitute education for specialized experience")
    r"|(?i:(?<!whether you may )(?<!whether you can )"
    r"\bsubstitut(?:ion|ing|e) (?:of )?(?:the following )?education for (?:the )?(?:specialized )?"
    r"experience\b)"
    # an education route after the experience: "… OR Education: All academic degrees …"
    r"|(?:^|(?<=[\s;:.]))-?OR-?[ \t]+(?:[A-Z]\.[ \t]+)?(?i:education)[ \t]*:"
    r"|(?i:\bqualify (?:on the basis of|based on|by) (?:your )?experience alone\b)"
    # either way round, one may stand for the other: "An associate's degree … may be substituted
    # for the required experience", "Experience may be substituted for the degree", "4 years of
    # experience in lieu of a degree"
    r"|(?i:\b(?:may|can|will) be substituted for (?:the |all |one year of )?(?:required |"
    r"specialized |general )?(?:experience|education|degree)\b)"
    r"|(?i:\bexperience (?:may be accepted |will be accepted |is accepted |will be considered )?"
    r"in lieu of (?:an? |the )?(?:\w+ )?(?:degree|education)\b)"
    # "This position does not have a positive education requirement"
    r"|(?i:\b(?:there is no|does not have an?|has no|without an?) (?:positive |minimum )?"
    r"education(?:al)? requirements?\b)"
    # the amount may have its figure in brackets after it ("six (6) months") or, right after
    # the grade, before it ("GS-04: (6) Six months")
    # (the grade may carry its title: "GS-3 Cartographic Aid - 6 months of general work
    # experience; OR …"; words before the amount may name the grade: "At the GS-05: Qualifying
    # experience for the GS-05 includes one year of …")
    r"|\bGS-\d+ ?(?::|(?: [A-Z][A-Za-z]*){1,4} [-–]) ?"
    r"(?i:(?:\(\d+\) [a-z0-9]+|(?:[a-z0-9-]+ ){0,6}?[a-z0-9]+(?: \(\d+\))?)"
    r" (?:years?|months?) of "
    r"(?:[a-z0-9-]+ ){0,5}?experience\b)"
    r"(?:(?:(?!\bGS-\d+ ?(?::|(?: [A-Z][A-Za-z]*){1,4} [-–]))[^\n]){0,2500}?\sOR\s"
    # (or, right after that experience, a semicolon before the degree in its place: "GS-5: One
    # year of specialized experience …; bachelor's degree or 4 years of … education")
    r"|[^\n;]{0,300};[ \t]+(?i:(?:an? )?(?:bachelor|associate|master|doctoral)))"
    # an upper-case heading of what stands for the experience ("EDUCATION SUBSTITUTION: Grade
    # 05 : Bachelor's degree …"): schooling is the substitute
    r"|\bEDUCATION SUBSTITUTION\b"
)
# A degree offered beside experience alone is no floor: "Bachelor's degree or equivalent
# experience", "an associate degree or 2 years of coding experience", "Two years of experience
# OR an associate degree", "Master's or PhD degree and/or equivalent working experience", the
# federal "GS-10: One year of specialized experience … or 2 1/2 years of … education leading to a
# Ph.D.". A clause's alternatives are its parts between "or"s; one that holds no education and
# opens with experience is experience alone. Experience beside a degree ("a diploma with 3 years
# of experience") or a field's ("or a related field with experience") is not.
# A federal list goes on past a stop to its next route: "… general experience; OR A high school
# diploma", "… experience. OR Successfully completed two years of study …" (an upper-case OR).
# (The break character is taken first and told apart looking back: a pattern opening on a
# character class lets the scan skip every other character at once.)
_CLAUSE_BREAK = re.compile(
    r"[\n;.!?](?:(?<=\n)|(?:(?<=;)|(?<=[.!?])(?=\s+[A-Z(]|\s*$))(?!\s*-?OR-?\s))"
)
# "4 or more years" is one amount, not two alternatives
_OR = re.compile(r"\band/or\b|\bor\b(?! (?:more|greater|longer)\b)", re.I | re.A)
_EXPERIENCE_ALONE = re.compile(
    # a label before it: "GS-10 : …", "C. …", "GS-2 Biological Science Aid - …"
    r"[\s,(\-–]*(?:[A-Z]\.\s+|\(?[a-z]\)\s+)?(?:[A-Za-z0-9 -]{1,40}?(?::|\s[-–])\s*)?"
    # who must have it: "Applicants must possess one year of specialized experience …"
    r"(?:(?:applicants?|candidates?|you)\s+(?:must|should|will)\s+)?(?:(?:have|has|possess)\s+)?"
    r"(?:(?:a minimum of|at least|minimum of|min\.?)\s+)?(?:an?\s+)?"
    r"(?:(?:\(\d+\)\s*)?(?:\d+(?:\.\d+|\s+\d/\d)?|one|two|three|four|five|six|seven|eight|nine|ten)"
    r"(?:\s*\(\d+\))?\+?\s*(?:or (?:more|greater)\s+)?(?:full\s+)?(?:years?|yrs?|months?)\s+"
    r"(?:\([^)\n]{0,20}\)\s+)?"
    r"(?:of\s+)?)?"
    r"(?:(?:(?:equivalent|comparable)\s+)?combination of (?:[\w,]+\s+){0,4}?"
    r"|(?:(?:equivalent|comparable|commensurate)\s+)?(?:amount|level|years) of (?:\w+\s+){0,2}?"
    r"|(?:(?!(?:with|in|and|of|field|area|discipline)\b)[\w/-]+\s+){0,3}?)"
    r"(?:experience|exp\b)",
    re.I | re.A,
)


# Every alternative of _EXPERIENCE_ROUTE holds one of these (the "OR" of a route and of a grade is
# upper case; the others are lowercase in the lowered text), or a grade and a semicolon: without
# one the pattern is not run.
_ROUTE_WORDS = ("substitut", "qualify", "in lieu of", "education requirement",
                "educational requirement")  # fmt: skip
# its case-insensitive parts also match these, which lower() leaves as they are
_UNICODE_CASE_VARIANTS = ("\u0130", "\u0131", "\u017f", "\u212a")


def _may_be_an_experience_route(body: str, lowered: str) -> bool:
    if "OR" in body or any(word in lowered for word in _ROUTE_WORDS):
        return True
    if "GS-" in body and ";" in body:  # a grade's degree after a semicolon
        return True
    return any(char in body for char in _UNICODE_CASE_VARIANTS)


def _basic_degree_before(body: str, lowered: str, at: int) -> bool:
    """Whether a basic requirement naming a level comes before the experience route at `at`."""
    if "basic" not in lowered:
        return False
    basic = _BASIC_REQUIREMENT.search(body, 0, at)
    # (from the heading's start: "Basic Education Requirement" is itself a degree)
    return basic is not None and _FINDER.search(body, basic.start(), at) is not None


# how far past a basic requirement's heading the degree it names is looked for
_BASIC_DEGREE_REACH = 300


def _substitution_before_a_basic_degree(body: str, lowered: str, route: re.Match[str]) -> bool:
    """Whether the route is a bare mention of schooling in place of experience ("If you qualify
    with the substitution of education for experience, send transcripts") before a basic
    requirement that names a degree: the substitution is for a grade's experience, the basic
    degree is still asked."""
    if not route.group().lower().startswith("substitut") or "basic" not in lowered:
        return False
    basic = _BASIC_REQUIREMENT.search(body, route.end())
    reach = basic.end() + _BASIC_DEGREE_REACH if basic else 0
    return basic is not None and _FINDER.search(body, basic.start(), reach) is not None


def _clause_starts(body: str) -> list[int]:
    return [0] + [m.end() for m in _CLAUSE_BREAK.finditer(body)]


# an amount of years whose kind of experience is still to come, up to an "or"
_OPEN_AMOUNT = re.compile(
    r"\b(?:years?|months?) of (?:(?!experience\b|\bor\b)[\w,/ -])*(?:\band/or|\bor)$",
    re.I | re.A,
)


def _beside_experience_alone(
    body: str, starts: list[int], at: int, level_starts: list[int]
) -> bool:
    """Whether the education at `at` is one of its clause's alternatives to experience alone."""
    index = bisect.bisect_right(starts, at) - 1
    start = starts[index]
    end = starts[index + 1] if index + 1 < len(starts) else len(body)
    bounds = [start] + [m.end() for m in _OR.finditer(body, start, end)] + [end]
    if len(bounds) == 2:
        return False
    for number, (left, right) in enumerate(itertools.pairwise(bounds)):
        first = bisect.bisect_left(level_starts, left)
        holds_education = first < len(level_starts) and level_starts[first] < right
        if holds_education or not _EXPERIENCE_ALONE.match(body, left, right):
            continue
        if number and _OPEN_AMOUNT.search(body, bounds[number - 1], left):
            # the end of a list an amount before it opened ("a Ph.D. plus six or more years of
            # research, research administration, and/or managerial experience"): that is the
            # experience asked with the degree, no alternative to it
            continue
        if body[left - 3 : left] == "(or" or body[left - 7 : left] == "(and/or":
            # a parenthesised alternative stands for what it follows: after experience
            # ("… experience in blood banking (or categorical experience …)") it is no
            # alternative to the education
            before = body[level_starts[first - 1] if first else start : left]
            if "experience" in before.lower():
                continue
        return True
    return False


# Two levels both asked for: "a Bachelors of Science Degree (BSN) and a Master's degree in
# Nursing" asks for the master's (the lower one joined by "and" to a higher one is no floor).
_AND_NEXT = re.compile(r"\band (?:an? |the )?$", re.I | re.A)
_AND_GAP = 60
# A federal announcement's grade table ("Grade Determinations: … Nurse I Level I - An Associate
# Degree (ADN) or Diploma in Nursing …") sets the grade of who meets the basic requirements: its
# levels are no floor when the requirements before it name one.
_GRADE_TABLE = re.compile(r"\bgrade determinations?\b", re.I | re.A)
# A preferred block inside a line of flattened text ("… PREFERRED REQUIREMENTS: 1. 5 years of
# experience as a Registered Nurse 2. Master's degree in nursing …"), up to the next upper-case
# heading ("QUALIFICATIONS:", "Preferred Experience:") or the next blank line: the line-based
# headings of requirement.py do not see it.
_INLINE_PREFERRED = re.compile(
    r"\bPREFERRED (?:REQUIREMENTS|QUALIFICATIONS|EDUCATION)\b|\bPreferred (?:Requirements|"
    r"Qualifications|Education) ?:"
)
_INLINE_HEADING = re.compile(
    r"\b[A-Z][A-Z/&() -]{4,}[A-Z] ?:|\n\s*\n|\bGrade Determinations?\b"
    r"|\b(?:[A-Z][a-z]+ ){0,3}(?:Requirements?|Qualifications?|Education|Experience|Skills"
    r"|Licensure|Certifications?) ?:"
)


def _inline_preferred_blocks(body: str) -> list[tuple[int, int]]:
    blocks = []
    for found in _INLINE_PREFERRED.finditer(body):
        heading = _INLINE_HEADING.search(body, found.end())
        blocks.append((found.end(), heading.start() if heading else len(body)))
    return blocks


# "In addition to the basic qualifications requirement, a Ph.D. … OR Master's degree plus …"
# raises the floor: the posting asks for both.
_IN_ADDITION = re.compile(
    r"\bin addition,? to (?:meeting )?(?:the )?basic (?:qualifications? |education(?:al)? )?"
    r"requirements?\b"
    # a federal heading after the basic requirement: "Additional Requirements for Grades GS-11
    # and Above:", "AND Additional Qualification Requirements for the … GS-0701-12:"
    r"|\badditional (?:qualifications? )?requirements? for\b",
    re.I | re.A,
)
# the grade's experience asked on top of the basic requirement: "In addition, your resume must
# demonstrate at least one year of specialized experience …"
_GRADE_ON_TOP = re.compile(r"\bin addition, (?:your resume|applicants?|you) must\b", re.I | re.A)


def _added_before(body: str, at: int) -> bool:
    """Whether what is asked in addition to the basic requirement starts before `at`."""
    return bool(_IN_ADDITION.search(body, 0, at) or _GRADE_ON_TOP.search(body, 0, at))


# A federal basic requirement that names a degree ("BASIC REQUIREMENT: Degree: Doctor of
# Veterinary Medicine …", "BASIC QUALIFICATIONS: Degree: Doctor of Optometry") is asked at every
# grade: a grade's experience route after it ("For GS-11: One year of … experience … OR …", "OR
# SUBSTITUTION OF EDUCATION FOR EXPERIENCE AT THE GS-12 GRADE LEVEL") is on top of the degree.
# (A route of the basic requirement's own, "… OR EXPERIENCE: Four (4) years of …", still is one.)
_BASIC_REQUIREMENT = re.compile(
    r"\bbasic (?:education(?:al)? )?(?:requirements?|qualifications?)\b", re.I | re.A
)


# Every level pattern contains one of these; looking for them first (one scan for them all) is
# much cheaper than running the full pattern over a 10 KB description.
_TRIGGERS = (
    "degree", "diploma", "school", "ged", "certificate", "program", "course", "bachelor",
    "master", "associate", "baccalaureate", "doctor", "ph.d", "phd", "graduate", "mba", "mha",
    "mph", "msn", "bsn", "b.s.", "b.a.", "ba/bs", "bs/ba", "bs ", "ba ", "ms ", "msc", "a.s.",
    "aas", "a.a.s", "vocational", "hiset", "hsd", "dha", "drph", "m.s.", "bha", "mhi", "study",
    "technical", "trade", "h.s.", "hs ", "secondary", "two-year", "two year", "2-year",
    "2 year", "four-year", "four year", "4-year", "4 year", "b.tech", "btech", "m.tech", "mtech",
    "b.e.", "dds", "d.d.s", "dmd", "d.m.d", "pharm", "j.d.", "studium", "basic education",
    "ausbildung", "本科", "学士", "硕士", "研究生", "博士", "大专", "高中",
)  # fmt: skip
_TRIGGER_FINDER = words_finder(_TRIGGERS)
_RADIUS = 120


def _matches_near_triggers(body: str, lowered: str) -> list[re.Match[str]]:
    if len(lowered) != len(body):  # case folding changed lengths: fall back to a full scan
        return list(_FINDER.finditer(body))
    # the longest trigger at each place one starts: shorter ones there add nothing to the windows
    spans = [
        [max(0, found.start() - _RADIUS), found.end() + _RADIUS]
        for found in word_starts(_TRIGGER_FINDER, lowered)
    ]
    spans.sort()
    merged: list[list[int]] = []
    for span in spans:
        if merged and span[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(span)
    found: dict[int, re.Match[str]] = {}
    starts = _FINDER_STARTS.starts(lowered)
    for start, end in merged:
        for match in _FINDER_STARTS.finditer(body, starts, start, min(end, len(body))):
            found.setdefault(match.start(), match)
    return [found[key] for key in sorted(found)]


def education_floor(text: str | None) -> str | None:
    """Lowest education level the posting requires; None when it states none."""
    if not text:
        return None
    body = plain(text)
    lowered = body.lower()
    grades_at: int | None = None  # where the grades above a basic degree start, if they do
    asked_from = 0  # levels before this are no floor
    if _may_be_an_experience_route(body, lowered):
        route = _EXPERIENCE_ROUTE.search(body)
        additions = "in addition" in lowered or "additional" in lowered
        if route and route["own"] and additions and _added_before(body, route.start()):
            # a route of what is asked "in addition to the basic requirements" is the added
            # grade's ("… OR 3. Have a combination of experience and graduate study"): it takes
            # the place of none of the basic requirement before it
            pass
        elif route and route["own"]:
            # the basic requirement needs no degree; what is asked "in addition to the basic
            # qualifications requirement" ("a Ph.D. … OR Master's degree plus …") still is
            addition = _IN_ADDITION.search(body, route.end()) if additions else None
            if addition is None:
                return None
            added_route = _EXPERIENCE_ROUTE.search(body, addition.end())
            if added_route and added_route["own"]:
                # what is added may be met by experience alone too: it asks no schooling either
                return None
            asked_from = addition.start()
        elif route:
            if _basic_degree_before(body, lowered, route.start()):
                grades_at = route.start()
            elif not _substitution_before_a_basic_degree(body, lowered, route):
                return None
    reader: RequirementReader | None = None
    matches = _matches_near_triggers(body, lowered)
    level_starts = [match.start() for match in matches]
    clause_starts: list[int] = []
    asked: list[tuple[int, int]] = []  # (where, rank) of each level the posting asks for
    preferred_blocks = (
        _inline_preferred_blocks(body) if "PREFERRED" in body or "Preferred" in body else []
    )
    for index, match in enumerate(matches):
        if reader is None:
            reader = reader_for(body)
            clause_starts = _clause_starts(body)
        if _beside_experience_alone(body, clause_starts, match.start(), level_starts):
            continue
        # alternatives: "X preferred or Y" asks for Y at least, the least the posting accepts
        if reader.status(match.start(), match.end(), alternatives=True) == PREFERRED:
            continue
        if _NOT_ASKED.search(body, *_full_sentence(body, match.start())):
            continue
        if any(start <= match.start() < end for start, end in preferred_blocks):
            continue
        rank = LEVELS.index(match.lastgroup)
        if _and_a_higher_level(body, matches, index, rank, reader):
            continue
        asked.append((match.start(), rank))
    asked = [(at, rank) for at, rank in _without_eligibility_lists(body, matches, asked)
             if at >= asked_from]  # fmt: skip
    floor = _floor(body, lowered, asked, grades_at)
    return LEVELS[floor] if floor is not None else None


# a sentence's ends, semicolons inside it kept ("open to current students pursuing a degree in
# an accredited high school, college (…); professional, technical, vocational …")
_FULL_STOP = re.compile(r"[\n!?]|\.(?=\s|$)")


def _full_sentence(body: str, at: int) -> tuple[int, int]:
    starts = (body.rfind(stop, 0, at) for stop in ("\n", ". ", "! ", "? "))
    start = max((found + 1 for found in starts if found >= 0), default=0)
    end = _FULL_STOP.search(body, at)
    return start, end.end() if end else len(body)


def _and_a_higher_level(
    body: str, matches: list[re.Match[str]], index: int, rank: int, reader: RequirementReader
) -> bool:
    """Whether a higher level follows the one at `index`, joined by "and", asked for too."""
    end = matches[index].end()
    for later in matches[index + 1 :]:
        if later.start() - end > _AND_GAP:
            return False
        gap = body[end : later.start()]
        if _OR.search(gap) or _CLAUSE_BREAK.search(gap):
            return False
        if LEVELS.index(later.lastgroup) > rank and _AND_NEXT.search(gap):
            return reader.status(later.start(), later.end(), alternatives=True) != PREFERRED
    return False


# A run of levels named one after another ("a qualifying Associates, Bachelor's, Master's,
# Professional, Doctorate, Vocational or Technical degree or certificate", a federal Pathways
# programme's eligibility) says who may apply to the programme, not what the position asks:
# where the posting names a level elsewhere too, that level is the floor; where it names none,
# it sets no floor (any level, even a vocational certificate, admits to the programme).
# (a level's bare name, "masters", "associates", is no level on its own but still one of the run)
_LIST_GAP = re.compile(
    r"(?:[\s,/]|\b(?:or|and|professional|vocational|technical|degrees?|associates?|bachelors?"
    r"|masters?|doctorates?)\b)*",
    re.I | re.A,
)
_LIST_LEVELS = 3


def _without_eligibility_lists(
    body: str, matches: list[re.Match[str]], asked: list[tuple[int, int]]
) -> list[tuple[int, int]]:
    listed: set[int] = set()
    run = matches[:1]
    for previous, match in itertools.pairwise([*matches, None]):
        if match is not None and _LIST_GAP.fullmatch(body, previous.end(), match.start()):
            run.append(match)
            continue
        if len({m.lastgroup for m in run}) >= _LIST_LEVELS:
            listed.update(m.start() for m in run)
        run = [match] if match is not None else []
    return [(at, rank) for at, rank in asked if at not in listed]


def _floor(
    body: str, lowered: str, asked: list[tuple[int, int]], grades_at: int | None = None
) -> int | None:
    """The least level asked for, read by the federal sections the levels stand in (each
    section's words looked for first: a pattern opening on \\b is tried at every position).
    `grades_at` is where grades reached by experience start after a basic degree: what they
    name is asked on top of it, as "in addition to the basic requirement" is."""
    if not asked:
        return None
    table = _GRADE_TABLE.search(body) if "grade determination" in lowered else None
    if table and asked[0][0] < table.start():
        asked = [(at, rank) for at, rank in asked if at < table.start()]
    addition = (
        _IN_ADDITION.search(body) if "in addition" in lowered or "additional" in lowered else None
    )
    if addition is None and grades_at is not None and asked[0][0] < grades_at:
        # what grades reached by experience name is schooling in place of that experience
        return min(rank for at, rank in asked if at < grades_at)
    if addition is not None and asked[0][0] < addition.start():
        basic = [rank for at, rank in asked if at < addition.start()]
        added = [rank for at, rank in asked if at >= addition.start()]
        return max(min(basic), min(added)) if added else min(basic)
    return min(rank for _, rank in asked)


# A source's own education field, as a code or its words ("bachelor_degree", "High School"):
# the level its words name, else None (a code naming no level, "unspecified", is no hint).
_CODE_LEVELS = {
    "high_school": "high_school", "secondary_school": "high_school", "vocational": "certificate",
    "certificate": "certificate", "associate": "associate", "associates": "associate",
    "bachelor": "bachelor", "bachelors": "bachelor", "master": "master", "masters": "master",
    "doctorate": "doctorate", "doctoral": "doctorate", "phd": "doctorate",
}  # fmt: skip


def education_from_code(code: str | None) -> str | None:
    """The education level a source's education field names, or None."""
    if not code:
        return None
    words = re.sub(r"[^a-z]+", "_", code.lower().replace("'", "")).strip("_")
    words = re.sub(r"_?(?:degree|diploma|level|or_equivalent|education)$", "", words).strip("_")
    return _CODE_LEVELS.get(words)


# ---------------------------------------------------------------------------------------------
# experience

_WORD_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "twelve": 12, "eighteen": 18,
    "twenty-four": 24, "half a": 0.5,
}  # fmt: skip
_NUMBER = r"(?:\d+(?:\.\d+)?|" + "|".join(sorted(_WORD_NUMBERS, key=len, reverse=True)) + r")"
# Found from the unit backwards: scanning for the unit first is far cheaper than trying the
# number pattern at every position of a long description.
_UNIT = re.compile(r"\b(?=[ymYM])(?:years?|yrs?|months?)\b\+?", re.I | re.A)
_UNIT_STARTS = EntryPoints(_UNIT)  # "year", "yr", "month": found with str.find
_AMOUNT_BEFORE = re.compile(
    rf"(?P<low>{_NUMBER})(?:\s*\(\d+\))?\s*"
    rf"(?:(?:-|to|–|or)\s*(?P<high>{_NUMBER})(?:\s*\(\d+\))?\s*)?"
    r"(?P<least>\+|or more|or greater|or longer)?\s*$",
    re.I | re.A,
)
_TAIL_LENGTH = 80
# "exp." is how terse ads shorten it ("2+ yrs exp. in DRG validation").
_EXPERIENCE_WORD = re.compile(
    r"experience|experienced|working in|work history|as a|\bexp\b", re.I | re.A
)
_NOT_EXPERIENCE = re.compile(
    r"^\s*(?:old|of age|of (?:college|school|education|study|coursework)|college|"
    r"degree|program|from (?:the )?date|after|since|ago|in business|history|serving|"
    r"of service|warranty|retention|lookback)",
    re.I | re.A,
)
# "Ten+ years in hospital revenue cycle": a least number of years in a field of work is
# experience asked for even when the word "experience" is left out ("for 50+ years in the
# community" is how long something has lasted).
_YEARS_IN_FIELD = re.compile(r"^\s*in\s+(?!a row\b|operation\b|existence\b)[A-Za-z]", re.I | re.A)
_FOR_BEFORE = re.compile(r"\bfor\s*$", re.I | re.A)
_NOT_EXPERIENCE_BEFORE = re.compile(
    r"(?:within|for over|for more than|in the (?:last|past)|founded|every|each|"
    r"renew(?:ed|al)?(?: every)?|per|after)\s*$",
    re.I | re.A,
)


def _number(token: str) -> float:
    lowered = token.lower()
    return float(_WORD_NUMBERS[lowered]) if lowered in _WORD_NUMBERS else float(lowered)


def experience_years(text: str | None) -> float | None:
    """The fewest years of experience the posting asks for (months as fractions of a year)."""
    if not text:
        return None
    body = plain(text)
    reader: RequirementReader | None = None
    asked: list[tuple[float, bool]] = []
    lowered = body.lower()
    units = (
        _UNIT_STARTS.finditer(body, _UNIT_STARTS.starts(lowered))
        if len(lowered) == len(body)
        else _UNIT.finditer(body)
    )
    for unit in units:
        window_start = max(0, unit.start() - 40)
        amount = _AMOUNT_BEFORE.search(body, window_start, unit.start())
        if not amount or (amount.start() > 0 and body[amount.start() - 1].isalnum()):
            continue
        tail = body[unit.end() : unit.end() + _TAIL_LENGTH].split("\n", 1)[0]
        tail = re.split(r"[.;]", tail, maxsplit=1)[0]
        before = body[max(0, amount.start() - 60) : amount.start()]
        if _NOT_EXPERIENCE.match(tail):
            continue
        at_least = bool(amount.group("least") or unit.group(0).endswith("+"))
        if not (
            _EXPERIENCE_WORD.search(tail[:60])
            or _EXPERIENCE_WORD.search(before)
            or (at_least and _YEARS_IN_FIELD.match(tail) and not _FOR_BEFORE.search(before))
        ):
            continue
        if _NOT_EXPERIENCE_BEFORE.search(body[max(0, amount.start() - 25) : amount.start()]):
            continue
        years = _number(amount.group("low"))
        if unit.group(0).lower().startswith("month"):
            years = years / 12
        if not 0 < years <= 40:
            continue
        if reader is None:
            reader = reader_for(body)
        preferred = reader.status(amount.start(), unit.end()) == PREFERRED
        asked.append((round(years, 2), preferred))
    required = [years for years, preferred in asked if not preferred]
    pool = required or [years for years, _ in asked]
    return min(pool) if pool else None
