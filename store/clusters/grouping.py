"""From pairs to clusters: candidate pairs from blocking keys, and a careful union.

Matches are joined closest first. A join that would put two postings of one source in one
cluster while both were open is refused: a source does not list one job twice at once, so
those are two requisitions however alike (the same job back under a new id after the first
one closed is a repost, and joins).
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from store.clusters.fingerprints import Fingerprints
from store.clusters.matching import judge
from store.clusters.thresholds import THRESHOLDS

JUDGE_CHUNK = 250_000  # pairs judged at once (bounds the memory of the gathered columns)


def candidate_pairs(
    keys: np.ndarray, owners: np.ndarray, *, max_block: int = THRESHOLDS.max_block
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (left < right) of owners that share a key.

    Within a key, each owner meets the `max_block` owners before it (owners are in arrival
    order), so a key shared by thousands costs no more than one shared by a few hundred.
    """
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    if keys.size < 2:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    ends = np.r_[starts[1:], keys.size]
    group_end = np.repeat(ends, ends - starts)
    positions = np.arange(keys.size)
    lefts, rights = [], []
    for step in range(1, max_block + 1):
        positions = positions[positions + step < group_end[positions]]
        if positions.size == 0:
            break
        lefts.append(owners[positions])
        rights.append(owners[positions + step])
    if not lefts:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    left = np.concatenate(lefts)
    right = np.concatenate(rights)
    low, high = np.minimum(left, right), np.maximum(left, right)
    distinct = low != high
    width = np.int64(owners.max() + 1)
    code = np.sort(low[distinct].astype(np.int64) * width + high[distinct])
    code = code[np.r_[True, code[1:] != code[:-1]]] if code.size else code
    return (code // width).astype(np.intp), (code % width).astype(np.intp)


def matched_pairs(
    prints: Fingerprints, left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The pairs that are one job, closest first: (left, right, score)."""
    kept_left, kept_right, scores = [], [], []
    for start in range(0, left.size, JUDGE_CHUNK):
        a, b = left[start : start + JUDGE_CHUNK], right[start : start + JUDGE_CHUNK]
        verdicts = judge(prints, a, b)
        kept_left.append(a[verdicts.match])
        kept_right.append(b[verdicts.match])
        scores.append(verdicts.score[verdicts.match])
    if not kept_left:
        return left[:0], right[:0], np.zeros(0)
    a, b, score = np.concatenate(kept_left), np.concatenate(kept_right), np.concatenate(scores)
    order = np.lexsort((b, a, -score))
    return a[order], b[order], score[order]


@dataclass
class Lifetime:
    """When a posting was listed: first seen, and closed (inf while open)."""

    source: str
    start: float
    end: float


class Union:
    """Union-find over postings, refusing joins that list one job twice on one source."""

    def __init__(self, nodes: Sequence[Sequence[Lifetime]]):
        """One node per posting, or per stored cluster (with all its members' lifetimes)."""
        self.parent = list(range(len(nodes)))
        self.by_source: dict[int, dict[str, list[Lifetime]]] = {}
        for i, lives in enumerate(nodes):
            sources: dict[str, list[Lifetime]] = {}
            for life in lives:
                sources.setdefault(life.source, []).append(life)
            self.by_source[i] = sources

    def find(self, i: int) -> int:
        parent = self.parent
        root = i
        while parent[root] != root:
            root = parent[root]
        while parent[i] != root:
            parent[i], i = root, parent[i]
        return root

    def join(self, a: int, b: int) -> bool:
        """Join the clusters of a and b; False when they already were one, or must not be."""
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        small, large = sorted((ra, rb), key=lambda r: len(self.by_source[r]))
        sources_small, sources_large = self.by_source[small], self.by_source[large]
        for source, lives in sources_small.items():
            others = sources_large.get(source)
            if others and any(_overlap(x, y) for x in lives for y in others):
                return False
        for source, lives in sources_small.items():
            sources_large.setdefault(source, []).extend(lives)
        del self.by_source[small]
        self.parent[small] = large
        return True

    def labels(self) -> np.ndarray:
        return np.array([self.find(i) for i in range(len(self.parent))], dtype=np.intp)


def _overlap(a: Lifetime, b: Lifetime) -> bool:
    return a.start <= b.end and b.start <= a.end


def cluster_labels(
    prints: Fingerprints,
    lifetimes: Sequence[Lifetime],
    keys: tuple[np.ndarray, np.ndarray],
    *,
    on_pairs: Callable[[int], None] | None = None,
) -> np.ndarray:
    """A cluster label per posting (the index of one member), from scratch."""
    left, right = candidate_pairs(*keys)
    if on_pairs:
        on_pairs(left.size)
    a, b, _score = matched_pairs(prints, left, right)
    union = Union([[life] for life in lifetimes])
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        union.join(x, y)
    return union.labels()
