"""The matcher's thresholds, in one place (see docs/clusters.md for what each one does)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Thresholds:
    # Jaccard similarity of the words that say what the job is (after spellings,
    # levels, seniority, shift, setting and place words are taken out).
    title_similarity: float = 0.66
    # Share of the shorter description's sentences found in the other, when both have at
    # least `min_shingles`: for two postings of one employer...
    description_same_employer: float = 0.30
    # ...and for a posting by an agency, a vendor or an unnamed employer beside another.
    description_other_poster: float = 0.70
    min_shingles: int = 16
    # Two posted ranges of annual pay must overlap, give or take this share.
    pay_tolerance: float = 0.10
    # A blocking key shared by more postings than this compares a new posting with the
    # most recent ones only, so no key makes the work grow with the store.
    max_block: int = 50
    # Listing signals: shown from this many days open, and from this many reposts.
    long_open_days: int = 60
    reposts_to_show: int = 1


THRESHOLDS = Thresholds()
