"""`factorize`: a code per distinct value, numbered in order of first appearance.

pandas.factorize does this with a C hash table, but importing pandas costs a process about
half a CPU-second. A crawl of a few dozen postings into a small store meets only short
arrays, which a Python loop numbers in less time than the import takes; so pandas is
imported only once an array is long enough (a batch that meets many stored postings, a
store clustered from scratch) or when the process has it already. Both give the same codes.
"""

import sys

import numpy as np

# From this many values on, pandas (imported once) is worth it: at 5,000 values its call
# costs a third of the loop's, and a 1,000-posting batch into a million-posting store makes
# some 250 such calls.
PANDAS_FROM = 2_000


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
