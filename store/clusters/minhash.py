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

    A text without shingles gets a signature of EMPTY values and a count of 0. Each
    distinct text is read once (copies of a job often carry one description), and texts
    are read in chunks of many at a time: one encode, translate and split per chunk, not
    per text, and only the pieces' hashes kept.
    """
    index: dict[str | None, int] = {}
    which = np.fromiter(
        (index.setdefault(text or None, len(index)) for text in texts),
        dtype=np.intp,
        count=len(texts),
    )
    distinct = list(index)
    signature = np.full((len(distinct), BINS), EMPTY, dtype=np.uint32)
    counts = np.zeros(len(distinct), dtype=np.int32)
    for start in range(0, len(distinct), SIGN_CHUNK):
        part = distinct[start : start + SIGN_CHUNK]
        values, owner = _chunk_hashes(part)
        counts[start : start + len(part)] = np.bincount(owner, minlength=len(part))
        owner += start
        mixed = values * _MIX1
        mixed ^= mixed >> np.uint64(31)
        mixed *= _MIX2
        mixed ^= mixed >> np.uint64(29)
        bins = (mixed >> _BIN_SHIFT).astype(np.intp)
        np.minimum.at(signature.reshape(-1), owner * BINS + bins, mixed.astype(np.uint32))
    _densify(signature, counts)
    return signature[which], counts[which]


SIGN_CHUNK = 2_000  # distinct texts read at once: few enough to stay in the CPU cache
_SEPARATOR = "\x00"  # between two texts of a chunk; deleted from the texts themselves
_KEEP_SEPARATOR = _DELETE.replace(b"\x00", b"")


def _chunk_hashes(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(crc32 of each non-empty tidied piece, uint64; the index of its text), the same
    pieces `shingle_hashes` gives each text, less those hashing to 0."""
    cut = [text[:MAX_TEXT_CHARS] if text else "" for text in texts]
    tidy, raw, separators = _tidy(cut)
    if np.count_nonzero(separators) != len(cut) - 1:  # a text holds one: deleted anyway
        tidy, raw, separators = _tidy([text.replace(_SEPARATOR, "") for text in cut])
    ends = np.flatnonzero(separators | (raw == 10))  # where each piece ends
    lengths = np.diff(np.r_[-1, ends, raw.size]) - 1
    text_of = np.r_[0, np.cumsum(raw[ends] == 0)]  # pieces after the k-th separator: text k
    pieces = tidy.replace(b"\x00", b"\n").split(b"\n")
    filled = lengths > 0
    values = np.fromiter(
        map(zlib.crc32, filter(None, pieces)), dtype=np.uint64, count=int(filled.sum())
    )
    owner = text_of[filled]
    kept = values != 0
    return values[kept], owner[kept]


def _tidy(texts: list[str]) -> tuple[bytes, np.ndarray, np.ndarray]:
    """The texts tidied as one run of bytes, a separator between two, with its bytes as
    an array and where the separators are."""
    joined = _SEPARATOR.join(texts).encode("utf-8", "ignore")
    tidy = joined.translate(_TABLE, _KEEP_SEPARATOR)
    raw = np.frombuffer(tidy, dtype=np.uint8)
    return tidy, raw, raw == 0


def _densify(signature: np.ndarray, counts: np.ndarray) -> None:
    """Fill each empty bin from the next full bin to its right (wrapping), in place.

    A borrowed value is offset by the distance, so two texts agree on a bin they both
    borrowed only when they borrowed the same value from the same distance.
    """
    empty = signature == EMPTY
    rows = np.flatnonzero((counts > 0) & empty.any(axis=1) & ~empty.all(axis=1))
    if rows.size == 0:
        return
    original = signature[rows]
    full = original != EMPTY
    # The nearest full bin at or after each bin, on the row written twice (for wrapping).
    column = np.arange(2 * BINS)
    at = np.where(np.concatenate([full, full], axis=1), column, 2 * BINS)
    nearest = np.minimum.accumulate(at[:, ::-1], axis=1)[:, ::-1][:, :BINS]
    distance = (nearest - column[:BINS]).astype(np.uint64)
    source = np.take_along_axis(original, nearest % BINS, axis=1).astype(np.uint64)
    borrowed = (source + distance * np.uint64(0x9E3779B1)).astype(np.uint32)
    part = np.where(full, original, borrowed)
    # A borrowed value equal to EMPTY would have been borrowed over again, farther on.
    again = np.flatnonzero((~full & (part == EMPTY)).any(axis=1))
    if again.size:
        part[again] = _densify_stepwise(original[again])
    signature[rows] = part


def _densify_stepwise(part: np.ndarray) -> np.ndarray:
    """The filling of `_densify`, a step of distance at a time."""
    part = part.copy()
    original = part.copy()
    full = original != EMPTY
    for step in range(1, BINS):
        missing = part == EMPTY
        if not missing.any():
            break
        take = missing & np.roll(full, -step, axis=1)
        borrowed = np.roll(original, -step, axis=1)[take].astype(np.uint64) + step * 0x9E3779B1
        part[take] = borrowed.astype(np.uint32)
    return part


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
