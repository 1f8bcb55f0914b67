"""Clustering a set of posting rows in memory, from scratch (benchmarks, evaluation)."""

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import numpy as np

from store.clusters.blocking import blocking_keys
from store.clusters.fingerprints import fingerprint
from store.clusters.grouping import Lifetime, cluster_labels, without_gc
from store.clusters.members import NEVER


def cluster_rows(
    rows: Sequence[dict[str, Any]],
    *,
    listed: Sequence[tuple[datetime | None, datetime | None]] | None = None,
) -> np.ndarray:
    """A cluster label per row (rows with one label are one job).

    `listed` gives each row's (first seen, closed); without it every row of a source is
    taken as listed at once, as in one snapshot of each source.
    """
    with without_gc():
        return _labels(rows, listed)


def _labels(rows, listed) -> np.ndarray:
    prints = fingerprint(rows)
    lifetimes = []
    for i, row in enumerate(rows):
        first, closed = listed[i] if listed else (None, None)
        lifetimes.append(
            Lifetime(
                row["source"],
                first.timestamp() if first else 0.0,
                closed.timestamp() if closed else NEVER,
            )
        )
    return cluster_labels(prints, lifetimes, blocking_keys(prints))
