"""The pair rule: are two postings the same job? Vectorized over arrays of pairs.

Two postings are one job when every test passes:
- title: the words that say what the job is agree (Jaccard ≥ title_similarity), and no
  attribute disagrees: seniority and job class must be equal (an intern is not the
  permanent role); level, shift, setting and schedule may be missing on one side only;
- employer: one employer (name, brand or parent), or one side is a staffing agency, a coding
  vendor or unnamed, and then it names the other as its client or copies its description;
- place: no two different states, nor two different cities unless the job is remote, nor
  remote against on site;
- pay: posted annual ranges overlap (estimates and agency rates are not compared);
- description: when both have one, the shorter is mostly found in the longer.
The score orders the matches so the closest are joined first.
"""

from dataclasses import dataclass

import numpy as np

from store.clusters import minhash
from store.clusters.companies import same_employer
from store.clusters.fingerprints import Fingerprints, distinct, is_staffing
from store.clusters.thresholds import THRESHOLDS, Thresholds
from store.clusters.titles import title_words, word_similarity


@dataclass(frozen=True)
class Verdicts:
    match: np.ndarray  # bool [m]
    score: np.ndarray  # float [m]: higher is closer (0 where it does not match)


def _pairwise(
    prints: Fingerprints, column: str, left: np.ndarray, right: np.ndarray, measure
) -> np.ndarray:
    """measure(a, b) for every pair, computed once per distinct pair of distinct values."""
    values = getattr(prints, column)
    codes = prints.codes(column)
    a, b = codes[left], codes[right]
    result = np.ones(len(left), dtype=np.float64)
    differ = np.flatnonzero(a != b)
    if differ.size == 0:
        return result
    pair = np.minimum(a[differ], b[differ]) * (len(values) + 1) + np.maximum(a[differ], b[differ])
    first, inverse = distinct(pair)
    at = differ[first]
    pairs = zip(left[at].tolist(), right[at].tolist(), strict=True)
    computed = np.array([measure(values[i], values[j]) for i, j in pairs], dtype=np.float64)
    result[differ] = computed[inverse]
    return result


def _differs(
    prints: Fingerprints, column: str, left: np.ndarray, right: np.ndarray, *, both: bool
) -> np.ndarray:
    """Where two attribute values disagree; `both`: only when each side has one."""
    codes = prints.codes(column)
    a, b = codes[left], codes[right]
    if not both:
        return a != b
    return (a != b) & (a != 0) & (b != 0)


def judge(
    prints: Fingerprints,
    left: np.ndarray,
    right: np.ndarray,
    thresholds: Thresholds = THRESHOLDS,
) -> Verdicts:
    """The verdict on each pair (left[k], right[k]) of fingerprints (a score where it
    matches, 0 elsewhere).

    The tests on integer columns run first, over every pair; each later test reads only
    the pairs still in, so the title words and the signatures (128 bytes a side) are
    compared only for pairs that agree on everything else.
    """
    left = np.asarray(left, dtype=np.intp)
    right = np.asarray(right, dtype=np.intp)
    match = np.zeros(left.size, dtype=bool)
    score = np.zeros(left.size)
    if left.size == 0:
        return Verdicts(match, score)

    ok = ~_differs(prints, "title_seniority", left, right, both=False)
    ok &= ~_differs(prints, "title_class", left, right, both=False)
    for column in ("title_shift", "title_setting"):
        ok &= ~_differs(prints, column, left, right, both=True)
    level_a, level_b = prints.title_level[left], prints.title_level[right]
    ok &= ~((level_a > 0) & (level_b > 0) & (level_a != level_b))
    ok &= _place_agrees(prints, left, right)
    staffing = prints.flags("staffing", lambda: [is_staffing(kind) for kind in prints.agency])
    pay_compared = ~(staffing[left] | staffing[right])
    ok &= ~pay_compared | _pay_agrees(prints, left, right, thresholds.pay_tolerance)
    kept = np.flatnonzero(ok)
    left, right = left[kept], right[kept]

    title = _pairwise(
        prints,
        "title_key",
        left,
        right,
        lambda a, b: word_similarity(title_words(a), title_words(b)),
    )
    ok = title >= thresholds.title_similarity
    kept, left, right, title = kept[ok], left[ok], right[ok], title[ok]

    employer = _pairwise(
        prints, "company_key", left, right, lambda a, b: float(same_employer(a, b))
    ).astype(bool)
    named = prints.codes("company_key") != 0
    employer &= named[left]
    other_poster = ~employer & (staffing[left] | staffing[right] | ~named[left] | ~named[right])
    ok = employer | other_poster
    kept, left, right, title = kept[ok], left[ok], right[ok], title[ok]
    employer, other_poster = employer[ok], other_poster[ok]
    client = _names_client(prints, left, right, other_poster) | _names_client(
        prints, right, left, other_poster
    )

    text = minhash.containment(
        prints.signature[left],
        prints.signature[right],
        prints.shingles[left],
        prints.shingles[right],
    )
    both_texts = (prints.shingles[left] >= thresholds.min_shingles) & (
        prints.shingles[right] >= thresholds.min_shingles
    )
    text_ok = ~both_texts | (text >= thresholds.description_same_employer)
    copied = both_texts & (text >= thresholds.description_other_poster)
    schedule_clash = _differs(prints, "title_schedule", left, right, both=True)
    ok = (employer & text_ok & ~schedule_clash) | (other_poster & (client & text_ok | copied))

    # One id on two sources (a board's list and its detail, a mirror) breaks ties.
    same_id = prints.codes("external_id")[left] == prints.codes("external_id")[right]
    closeness = title + np.where(both_texts, text, 0.5) + employer + same_id
    match[kept[ok]] = True
    score[kept[ok]] = closeness[ok]
    return Verdicts(match, score)


def _names_client(
    prints: Fingerprints, poster: np.ndarray, employer: np.ndarray, where: np.ndarray
) -> np.ndarray:
    """Where the poster (an agency) names the other side's employer as its client."""
    found = np.zeros(len(poster), dtype=bool)
    client_codes = prints.codes("client_key")
    asks = np.flatnonzero(where & (client_codes[poster] != 0))
    if asks.size == 0:
        return found
    company_codes = prints.codes("company_key")
    pair = client_codes[poster[asks]] * (len(prints) + 1) + company_codes[employer[asks]]
    first, inverse = distinct(pair)
    pairs = zip(poster[asks[first]].tolist(), employer[asks[first]].tolist(), strict=True)
    answers = np.array(
        [same_employer(prints.client_key[i], prints.company_key[j]) for i, j in pairs],
        dtype=bool,
    )
    found[asks] = answers[inverse]
    return found


def _place_agrees(prints: Fingerprints, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    remote = (prints.remote[left] == 3) | (prints.remote[right] == 3)
    state_codes, city_codes = prints.codes("state"), prints.codes("city")
    sa, sb = state_codes[left], state_codes[right]
    state_clash = (sa != 0) & (sb != 0) & (sa != sb)
    ca, cb = city_codes[left], city_codes[right]
    city_clash = (ca != 0) & (cb != 0) & (ca != cb) & ~remote
    arrangement_clash = ((prints.remote[left] == 3) & (prints.remote[right] == 1)) | (
        (prints.remote[left] == 1) & (prints.remote[right] == 3)
    )
    return ~(state_clash | city_clash | arrangement_clash)


def _pay_agrees(
    prints: Fingerprints, left: np.ndarray, right: np.ndarray, tolerance: float
) -> np.ndarray:
    def bounds(index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        low, high = prints.pay_min[index], prints.pay_max[index]
        return np.where(np.isnan(low), high, low), np.where(np.isnan(high), low, high)

    low_a, high_a = bounds(left)
    low_b, high_b = bounds(right)
    known = ~np.isnan(low_a) & ~np.isnan(low_b)
    with np.errstate(invalid="ignore"):
        overlap = np.maximum(low_a, low_b) <= np.minimum(high_a, high_b) * (1 + tolerance)
    return ~known | overlap
