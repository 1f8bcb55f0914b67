"""Description signatures: one-permutation MinHash over sentence shingles, in numpy.

A shingle is one sentence, line or clause of the description (headings such as
"Qualifications" too) with case, spaces and punctuation taken out, so the same text
published by two systems (HTML made text two ways, bullets or not) gives the same
shingles. Hashing sentences instead of words keeps the work per posting small (a few dozen
shingles, not hundreds), which is what lets a million descriptions be signed in seconds;
two copies of one job share nearly all their sentences, two jobs written from one template
share their boilerplate and differ in the rest.

The signature keeps, for each of BINS bins, the smallest shingle hash that falls in it
(one-permutation hashing); empty bins borrow from the next full one (rotation
densification), so short texts still get a full signature. The share of equal bins
estimates the Jaccard similarity of two shingle sets. Band keys for LSH are hashes of
ROWS consecutive bins.
"""

import zlib

import numpy as np

BINS = 32  # signature length (32-bit values: 128 bytes a posting)
BANDS = 6  # LSH bands of ROWS bins: a pair at Jaccard 0.8 shares one with p = 0.93
ROWS = 4
MAX_TEXT_CHARS = 12_000  # longer descriptions are read up to here
EMPTY = np.uint32(0xFFFFFFFF)

# Bytes of a description, tidied: letters and digits kept (lower-cased), sentence and line
# ends become one break, everything else (spaces, punctuation, non-ASCII) goes.
_BREAKS = b".!?;:\n\r\t|"
_ALNUM = b"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
_TABLE = bytes.maketrans(
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZ" + _BREAKS,
    b"abcdefghijklmnopqrstuvwxyz" + b"\n" * len(_BREAKS),
)
_DELETE = bytes(b for b in range(256) if b not in _ALNUM + _BREAKS)

_MIX1 = np.uint64(0x9E3779B97F4A7C15)
_MIX2 = np.uint64(0xBF58476D1CE4E5B9)
_BIN_SHIFT = np.uint64(64 - (BINS.bit_length() - 1))  # the top bits pick the bin


def shingle_hashes(text: str | None) -> list[int]:
    """crc32 of each tidied sentence of `text` (0 for an empty piece, dropped later)."""
    if not text:
        return []
    tidy = text[:MAX_TEXT_CHARS].encode("utf-8", "ignore").translate(_TABLE, _DELETE)
    return list(map(zlib.crc32, tidy.split(b"\n")))


def signatures(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(signatures uint32 [n, BINS], shingle counts int32 [n]) for many descriptions at once.

    A text without shingles gets a signature of EMPTY values and a count of 0.
    """
    hashes: list[int] = []
    pieces = np.zeros(len(texts), dtype=np.intp)
    for index, text in enumerate(texts):
        found = shingle_hashes(text)
        pieces[index] = len(found)
        hashes.extend(found)
    values = np.fromiter(hashes, dtype=np.uint64, count=len(hashes))
    owner = np.repeat(np.arange(len(texts), dtype=np.intp), pieces)
    kept = values != 0  # empty pieces: two breaks in a row
    values, owner = values[kept], owner[kept]
    counts = np.bincount(owner, minlength=len(texts)).astype(np.int32)
    mixed = values * _MIX1
    mixed ^= mixed >> np.uint64(31)
    mixed *= _MIX2
    mixed ^= mixed >> np.uint64(29)
    bins = (mixed >> _BIN_SHIFT).astype(np.intp)
    flat = np.full(len(texts) * BINS, EMPTY, dtype=np.uint32)
    np.minimum.at(flat, owner * BINS + bins, mixed.astype(np.uint32))
    signature = flat.reshape(len(texts), BINS)
    _densify(signature, counts)
    return signature, counts


def _densify(signature: np.ndarray, counts: np.ndarray) -> None:
    """Fill each empty bin from the next full bin to its right (wrapping), in place."""
    rows = np.flatnonzero((counts > 0) & (signature == EMPTY).any(axis=1))
    if rows.size == 0:
        return
    part = signature[rows]
    original = part.copy()
    full = original != EMPTY
    for step in range(1, BINS):
        missing = part == EMPTY
        if not missing.any():
            break
        take = missing & np.roll(full, -step, axis=1)
        # A borrowed value is offset by the distance, so two texts agree on a bin they both
        # borrowed only when they borrowed the same value from the same distance.
        borrowed = np.roll(original, -step, axis=1)[take].astype(np.uint64) + step * 0x9E3779B1
        part[take] = borrowed.astype(np.uint32)
    signature[rows] = part


def band_keys(signature: np.ndarray) -> np.ndarray:
    """int64 [n, BANDS]: one hash per band of ROWS bins (rows without shingles give 0s)."""
    n = signature.shape[0]
    bands = signature[:, : BANDS * ROWS].reshape(n, BANDS, ROWS).astype(np.uint64)
    key = np.zeros((n, BANDS), dtype=np.uint64)
    for row in range(ROWS):
        key = (key ^ bands[:, :, row]) * _MIX1
        key ^= key >> np.uint64(32)
    key ^= np.arange(BANDS, dtype=np.uint64) * _MIX2  # band i never collides with band j
    return key.view(np.int64)


def jaccard(left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Estimated Jaccard similarity of paired signatures [m, BINS] → [m]."""
    return (left == right).mean(axis=1)


def containment(
    left: np.ndarray, right: np.ndarray, left_count: np.ndarray, right_count: np.ndarray
) -> np.ndarray:
    """Estimated share of the smaller text's shingles found in the other, for paired rows.

    From Jaccard J and the set sizes a, b: |A∩B| = J(a+b)/(1+J), over min(a, b). It lets a
    snippet (an aggregator's first lines) match the full text it was cut from.
    """
    estimate = jaccard(left, right)
    a = left_count.astype(np.float64)
    b = right_count.astype(np.float64)
    smaller = np.minimum(a, b)
    with np.errstate(divide="ignore", invalid="ignore"):
        shared = estimate * (a + b) / (1.0 + estimate)
        share = np.where(smaller > 0, shared / smaller, 0.0)
    return np.minimum(share, 1.0)
