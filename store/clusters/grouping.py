"""From pairs to clusters: candidate pairs from blocking keys, and a careful union.

Matches are joined closest first. A join that would put two postings of one source in one
cluster while both were open is refused: a source does not list one job twice at once, so
those are two requisitions however alike (the same job back under a new id after the first
one closed is a repost, and joins).
"""

import gc
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np

from store.clusters.blocking import limits
from store.clusters.factorize import factorize
from store.clusters.fingerprints import Fingerprints
from store.clusters.matching import judge

JUDGE_CHUNK = 250_000  # pairs judged at once (bounds the memory of the gathered columns)


@contextmanager
def without_gc() -> Iterator[None]:
    """Pause Python's cycle collector while clustering many postings: the work makes
    millions of short-lived objects beside the rows, and each full collection would walk
    them all (a third of the time at 200,000 postings). Nothing it makes forms cycles."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def candidate_pairs(
    keys: np.ndarray, owners: np.ndarray, *, max_block: int | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct pairs (left < right) of owners that share a key.

    Within a key, each owner meets the owners before it (owners are in arrival order), as
    many as the key's kind keeps (`blocking.limits`, or `max_block` for every key), so a key
    shared by thousands costs no more than one shared by a few dozen.
    All pairs are made in one pass over the sorted keys: each entry is repeated once per
    earlier entry of its key that it meets.
    """
    if keys.size < 2:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    order = np.lexsort((owners, keys))
    keys, owners = keys[order], owners[order]
    starts = np.flatnonzero(np.r_[True, keys[1:] != keys[:-1]])
    sizes = np.diff(np.r_[starts, keys.size])
    # An entry's place in its key, and how many earlier entries of the key it meets.
    place = np.arange(keys.size) - np.repeat(starts, sizes)
    meets = np.minimum(place, limits(keys) if max_block is None else max_block)
    total = int(meets.sum())
    if total == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    later = np.repeat(np.arange(keys.size), meets)
    # Steps back from each repeated entry: 1, 2, …, meets.
    step = np.arange(total) - np.repeat(np.cumsum(meets) - meets, meets) + 1
    left, right = owners[later - step], owners[later]
    del later, step
    low, high = np.minimum(left, right), np.maximum(left, right)
    del left, right
    distinct = low != high
    width = np.int64(owners.max() + 1)
    code = low[distinct].astype(np.int64) * width + high[distinct]
    del low, high, distinct
    code.sort()  # (np.unique is many times slower than a sort here)
    code = code[np.r_[True, code[1:] != code[:-1]]]
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
    """Union-find over nodes (postings, or stored clusters with all their members'
    lifetimes), refusing joins that would list one job twice on one source."""

    def __init__(self, nodes: Sequence[Sequence[Lifetime]]):
        self.parent = list(range(len(nodes)))
        self.nodes = nodes
        self.by_source: dict[int, dict[str, list[Lifetime]]] = {}

    def _sources(self, root: int) -> dict[str, list[Lifetime]]:
        found = self.by_source.get(root)
        if found is None:
            found = {}
            for life in self.nodes[root]:
                found.setdefault(life.source, []).append(life)
            self.by_source[root] = found
        return found

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
        sources_a, sources_b = self._sources(ra), self._sources(rb)
        small, large = (ra, rb) if len(sources_a) <= len(sources_b) else (rb, ra)
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


def _overlap(a: Lifetime, b: Lifetime) -> bool:
    return a.start <= b.end and b.start <= a.end


class _Alone(Sequence):
    """Each posting as a node of its own lifetime, without making a million lists."""

    def __init__(self, lifetimes: Sequence[Lifetime]):
        self.lifetimes = lifetimes

    def __len__(self) -> int:
        return len(self.lifetimes)

    def __getitem__(self, i):  # type: ignore[override]
        return (self.lifetimes[i],)


def components(count: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected components of an edge list: each node's label is its smallest member."""
    parent = np.arange(count, dtype=np.intp)
    while True:
        a, b = parent[left], parent[right]
        low, high = np.minimum(a, b), np.maximum(a, b)
        moved = low != high
        if not moved.any():
            return parent
        np.minimum.at(parent, high[moved], low[moved])
        while True:
            jumped = parent[parent]
            if np.array_equal(jumped, parent):
                break
            parent = jumped


def cluster_labels(
    prints: Fingerprints,
    lifetimes: Sequence[Lifetime],
    keys: tuple[np.ndarray, np.ndarray],
) -> np.ndarray:
    """A cluster label per posting, from scratch.

    Components of the matches first (numpy); only a component holding two postings of one
    source is then joined again with care, closest match first.
    """
    left, right = candidate_pairs(*keys)
    a, b, _score = matched_pairs(prints, left, right)
    labels = components(len(lifetimes), a, b)
    source_codes, _names = factorize(np.array([life.source for life in lifetimes], dtype=object))
    order = np.lexsort((source_codes, labels))
    twice = (labels[order][1:] == labels[order][:-1]) & (
        source_codes[order][1:] == source_codes[order][:-1]
    )
    crowded = np.unique(labels[order][1:][twice])
    if crowded.size == 0:
        return labels
    careful = np.isin(labels[a], crowded)
    members = np.flatnonzero(np.isin(labels, crowded))
    starts = np.fromiter((life.start for life in lifetimes), np.float64, len(lifetimes))
    ends = np.fromiter((life.end for life in lifetimes), np.float64, len(lifetimes))
    if starts.max() <= ends.min():
        # Every posting listed at once (one snapshot of each source): a join is refused
        # exactly when the two sides share a source.
        roots = _join_sharing_no_source(a[careful], b[careful], source_codes, members)
        labels[members] = roots
        return labels
    union = Union(_Alone(lifetimes))
    for x, y in zip(a[careful].tolist(), b[careful].tolist(), strict=True):
        union.join(x, y)
    labels[members] = [union.find(int(i)) for i in members]
    return labels


def _join_sharing_no_source(
    a: np.ndarray, b: np.ndarray, source_codes: np.ndarray, members: np.ndarray
) -> list[int]:
    """The root of each of `members` after joining the pairs (a, b) in order as `Union`
    does when every posting overlaps every other: refused when the two clusters hold one
    source, and the cluster of fewer sources (a's on a tie) put under the other. Sources
    are bits of an int per cluster, so a join costs a few integer operations."""
    parent: dict[int, int] = {}
    sources: dict[int, int] = {}  # root → bit mask of its sources
    codes = source_codes.tolist()

    def find(i: int) -> int:
        root = i
        while (up := parent.get(root, root)) != root:
            root = up
        while (up := parent.get(i, i)) != root:
            parent[i], i = root, up
        return root

    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        ra, rb = find(x), find(y)
        if ra == rb:
            continue
        mask_a = sources.get(ra)
        if mask_a is None:
            mask_a = sources[ra] = 1 << codes[ra]
        mask_b = sources.get(rb)
        if mask_b is None:
            mask_b = sources[rb] = 1 << codes[rb]
        if mask_a & mask_b:
            continue
        small, large = (ra, rb) if mask_a.bit_count() <= mask_b.bit_count() else (rb, ra)
        sources[large] = mask_a | mask_b
        del sources[small]
        parent[small] = large
    return [find(i) for i in members.tolist()]
