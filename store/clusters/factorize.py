"""`factorize`: a code per distinct value, numbered in order of first appearance.

pandas.factorize does this with a C hash table, but importing pandas costs a crawl process
about half a CPU-second, more than hashing the few thousand values of a crawl's batch in
Python. So small arrays are numbered here, unless pandas is imported already (a benchmark,
the dashboard), and large ones (a store clustered from scratch) go to pandas. Both give the
same codes.
"""

import sys

import numpy as np

# Below this many values the Python loop costs less than importing pandas.
PANDAS_FROM = 250_000


def factorize(values: np.ndarray) -> tuple[np.ndarray, list]:
    """(codes, uniques) as pandas.factorize: codes index uniques, None is -1."""
    if len(values) >= PANDAS_FROM or "pandas" in sys.modules:
        import pandas as pd

        codes, uniques = pd.factorize(values)
        return codes.astype(np.int64, copy=False), list(uniques)
    if values.dtype != object:
        return _factorize_numbers(values)
    index: dict = {}
    codes = np.fromiter(
        (-1 if value is None else index.setdefault(value, len(index)) for value in values),
        dtype=np.int64,
        count=len(values),
    )
    return codes, list(index)


def _factorize_numbers(values: np.ndarray) -> tuple[np.ndarray, list]:
    uniques, first, inverse = np.unique(values, return_index=True, return_inverse=True)
    order = np.argsort(first)  # the distinct values by where each first occurs
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    return rank[inverse.reshape(-1)].astype(np.int64), uniques[order].tolist()
