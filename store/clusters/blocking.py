"""Blocking keys: which postings a posting is compared with.

A key is a 64-bit number, and postings that share one are compared. There are two kinds:
- title keys (even numbers): the words of the title (and, for titles of three words or
  more, each set of them less one) at the employer's group (and the client's, for an
  agency naming one) and the state; a remote job also gets them with no state;
- band keys (odd numbers): each LSH band of the description's signature, salted with the
  title's words and the state, so an agency's copy of a job meets the employer's posting.

A key keeps its most recent postings only, and a new posting meets those: `max_block` of a
title key, `max_band_block` of a band key. A band key shared by more than a few postings
is boilerplate (one role's template sentences at many employers); copies of one job also
share bands that their own sentences decide, which no other posting has.

Keys are numbers mixed from hashes of their parts (each distinct group, place and title
hashed once), in numpy, so a million postings' keys cost no string per key.
"""

import hashlib
from collections.abc import Sequence
from functools import cache

import numpy as np

from store.clusters import minhash
from store.clusters.companies import company
from store.clusters.factorize import factorize
from store.clusters.fingerprints import Fingerprints, objects
from store.clusters.thresholds import THRESHOLDS

_MIX = np.uint64(0x9E3779B97F4A7C15)
_SHIFT = np.uint64(31)
_BAND_BIT = np.uint64(1)


def limits(keys: np.ndarray) -> np.ndarray:
    """How many postings each key keeps, and a new posting meets, by its kind."""
    return np.where(keys & 1, THRESHOLDS.max_band_block, THRESHOLDS.max_block)


def limit(key: int) -> int:
    return THRESHOLDS.max_band_block if key & 1 else THRESHOLDS.max_block


def hashes64(texts: Sequence[str]) -> np.ndarray:
    """Each text's 8-byte blake2b digest, as uint64."""
    blake2b = hashlib.blake2b
    digests = b"".join(blake2b(text.encode(), digest_size=8).digest() for text in texts)
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64)


def mix(*parts: np.ndarray | np.uint64) -> np.ndarray:
    """One 64-bit hash of several, element-wise: a multiply and xor-shift round a part."""
    key = np.zeros(np.broadcast(*parts).shape, dtype=np.uint64)
    for part in parts:
        key = (key ^ part) * _MIX
        key ^= key >> _SHIFT
    return key


_TITLE, _BAND = hashes64(["title", "band"])


@cache
def title_subsets(title_key: str) -> tuple[str, ...]:
    """A title's words, and (for titles of three words or more) each set of its words less
    one ("medical records specialist" meets "records specialist"), sorted."""
    words = title_key.split()
    subsets = {title_key}
    if len(words) >= 3:
        subsets.update(" ".join(words[:i] + words[i + 1 :]) for i in range(len(words)))
    return tuple(sorted(subsets))


def _coded(values: Sequence[str], hash_of) -> tuple[np.ndarray, np.ndarray]:
    """(code per row, hash per code) of text values, each distinct value hashed once (a
    missing value is an empty one: factorize would give it the code -1)."""
    codes, uniques = factorize(objects([value or "" for value in values]))
    return codes, hashes64([hash_of(value) for value in uniques])


def blocking_keys(prints: Fingerprints) -> tuple[np.ndarray, np.ndarray]:
    """(keys int64, owner index) of every blocking key of every fingerprint."""
    count = len(prints)
    if count == 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.intp)
    remote = prints.remote == 3
    state_code, state_hash = _coded(prints.state, lambda state: state)
    place = state_hash[state_code]
    nowhere = hashes64([""])[0]  # the hash of no state, and of no client
    # A remote job with a state is also placed nowhere.
    elsewhere = remote & (place != nowhere)

    company_code, group_hash = _coded(prints.company_key, lambda key: company(key).group)
    employer = group_hash[company_code]
    client_code, client_hash = _coded(
        prints.client_key, lambda key: company(key).group if key else ""
    )
    client = client_hash[client_code]
    named = (client != nowhere) & (client != employer)

    # Each row's (group, place) pairs: its employer's group at its state, and where they
    # apply, its client's group and no state.
    rows = np.arange(count)
    pair_rows = np.concatenate([rows, rows[elsewhere], rows[named], rows[named & elsewhere]])
    pair_group = np.concatenate(
        [employer, employer[elsewhere], client[named], client[named & elsewhere]]
    )
    pair_place = np.concatenate(
        [place, np.full(int(elsewhere.sum()), nowhere, np.uint64), place[named],
         np.full(int((named & elsewhere).sum()), nowhere, np.uint64)]
    )  # fmt: skip

    # Each pair once with each of the title's word sets.
    title_code, titles = factorize(objects([title or "" for title in prints.title_key]))
    subsets = [title_subsets(title) for title in titles]
    subset_hash = hashes64([subset for found in subsets for subset in found])
    lengths = np.fromiter(map(len, subsets), dtype=np.intp, count=len(subsets))
    offsets = np.cumsum(lengths) - lengths
    per_pair = lengths[title_code[pair_rows]]
    total = int(per_pair.sum())
    within = np.arange(total) - np.repeat(np.cumsum(per_pair) - per_pair, per_pair)
    which = np.repeat(offsets[title_code[pair_rows]], per_pair) + within
    title_keys = (
        mix(
            _TITLE,
            np.repeat(pair_group, per_pair),
            np.repeat(pair_place, per_pair),
            subset_hash[which],
        )
        & ~_BAND_BIT
    )
    owners = np.repeat(pair_rows, per_pair)

    signed = np.flatnonzero(prints.shingles >= THRESHOLDS.min_shingles)
    if signed.size == 0:
        return title_keys.view(np.int64), owners
    # Each signed posting's bands, salted with its title and state (and, remote with a
    # state, again with no state).
    again = signed[elsewhere[signed]]
    band_rows = np.concatenate([signed, again])
    band_place = np.concatenate([place[signed], np.full(again.size, nowhere, np.uint64)])
    title_hash = hashes64(titles)[title_code[band_rows]]
    salts = mix(_BAND, title_hash, band_place)
    bands = minhash.band_keys(prints.signature[band_rows]).view(np.uint64)
    band_keys = (bands ^ salts[:, None]) | _BAND_BIT
    keys = np.concatenate([title_keys, band_keys.ravel()]).view(np.int64)
    band_owners = np.repeat(band_rows, bands.shape[1])
    return keys, np.concatenate([owners, band_owners])
