"""factorize numbers values as pandas.factorize does, on both of its paths."""

import sys

import numpy as np
import pandas as pd
import pytest

from store.clusters import factorize as module
from store.clusters.factorize import factorize


def _objects(values):
    found = np.empty(len(values), dtype=object)
    found[:] = values
    return found


CASES = {
    "texts with None and empty": _objects(["b", None, "a", "b", "", None, "a", "c", ""]),
    "numbers": np.array([7, 3, 7, 7, -2, 3, 10**12], dtype=np.int64),
    "small ints": np.array([0, 1, 0, 1, 1], dtype=np.int8),
    "empty": np.zeros(0, dtype=np.int64),
}


@pytest.mark.parametrize("pandas_from", [10**9, 0], ids=["python", "pandas"])
@pytest.mark.parametrize("name", list(CASES))
def test_codes_match_pandas_in_order_of_first_appearance(name, pandas_from, monkeypatch):
    monkeypatch.setattr(module, "PANDAS_FROM", pandas_from)
    if pandas_from:  # the Python path, as in a process that has not imported pandas
        monkeypatch.delitem(sys.modules, "pandas")
    values = CASES[name]
    codes, uniques = factorize(values)
    expected_codes, expected_uniques = pd.factorize(values)
    assert codes.dtype == np.int64
    assert codes.tolist() == expected_codes.tolist()
    assert uniques == list(expected_uniques)


def test_random_texts_agree_with_pandas(monkeypatch):
    monkeypatch.delitem(sys.modules, "pandas")
    rng = np.random.default_rng(5)
    values = _objects([None if n == 0 else f"v{n}" for n in rng.integers(0, 50, 2_000)])
    assert factorize(values)[0].tolist() == pd.factorize(values)[0].tolist()
