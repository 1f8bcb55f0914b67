"""Precision and recall of same-job pairs, from cluster labels."""

import csv
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

LABELS_FILE = Path(__file__).with_name("real_labels.csv")


@dataclass(frozen=True)
class PairScore:
    predicted: int  # pairs put in one cluster
    true: int  # pairs that are one job
    correct: int  # pairs both

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 1.0

    @property
    def recall(self) -> float:
        return self.correct / self.true if self.true else 1.0


def _pairs(counts: Counter) -> int:
    return sum(n * (n - 1) // 2 for n in counts.values())


def score_groups(labels: Sequence[int], truth: Sequence[int]) -> PairScore:
    """Pairs of rows in one predicted cluster against pairs of rows of one true job."""
    correct = _pairs(Counter(zip(labels, truth, strict=True)))
    return PairScore(_pairs(Counter(labels)), _pairs(Counter(truth)), correct)


def read_labels(path: Path = LABELS_FILE) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return [(row["left"], row["right"], row["label"]) for row in csv.DictReader(lines)]


def score_pairs(names: Sequence[str], labels: Sequence[int], same: set[frozenset]) -> PairScore:
    """Predicted pairs against the labelled same-job pairs (every other pair is distinct)."""
    by_label: dict[int, list[str]] = {}
    for name, label in zip(names, labels, strict=True):
        by_label.setdefault(label, []).append(name)
    predicted = {frozenset(pair) for group in by_label.values() for pair in combinations(group, 2)}
    return PairScore(len(predicted), len(same), len(predicted & same))
