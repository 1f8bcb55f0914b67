"""Description signatures: one-permutation MinHash over sentence shingles, in numpy.

A shingle is one sentence, line or clause of the description (headings such as
"Qualifications" too) with case, spaces and punctuation taken out, so the same text
published by two systems (HTML made text two ways, bullets or not) gives the same
shingles. Hashing sentences instead of words keeps the work per posting small (a few dozen
shingles, not hundreds), which is what lets a million descriptions be signed in seconds;
two copies of one job share nearly all their sentences, two jobs written from one template
share their boilerplate and differ in the rest.

A shingle's hash is a polynomial one, sum of byte_i · P^i mod 2^64, so the hashes of all
the sentences of many texts come out of one cumulative sum over their bytes (numpy), not a
call per sentence.

The signature keeps, for each of BINS bins, the smallest shingle hash that falls in it
(one-permutation hashing); empty bins borrow from the next full one (rotation
densification), so short texts still get a full signature. The share of equal bins
estimates the Jaccard similarity of two shingle sets. Band keys for LSH are hashes of
ROWS consecutive bins.
"""

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

# The shingle hash's base: odd (so it has an inverse mod 2^64) and with bits set all along
# its width (xxHash's second 64-bit prime), so every byte reaches the high bits.
_BASE = 0xC2B2AE3D27D4EB4F
_BASE_INVERSE = pow(_BASE, -1, 2**64)


def _tidied(text: str, delete: bytes = _DELETE) -> bytes:
    """A text's bytes, tidied (lone surrogates, which UTF-8 cannot hold, dropped)."""
    try:
        raw = text.encode()
    except UnicodeEncodeError:
        raw = text.encode("utf-8", "ignore")
    return raw.translate(_TABLE, delete)


def shingle_hashes(text: str | None) -> list[int]:
    """The hash of each non-empty tidied sentence of `text`, one at a time in Python: what
    `signatures` computes for many texts at once."""
    if not text:
        return []
    pieces = _tidied(text[:MAX_TEXT_CHARS]).split(b"\n")
    return [_piece_hash(piece) for piece in pieces if piece]


def _piece_hash(piece: bytes) -> int:
    value = 0
    for byte in reversed(piece):  # Horner's rule: byte_0 + P·(byte_1 + P·(…))
        value = (value * _BASE + byte) % 2**64
    return value


def signatures(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(signatures uint32 [n, BINS], shingle counts int32 [n]) for many descriptions at once.

    A text without shingles gets a signature of EMPTY values and a count of 0. Each
    distinct text is read once (copies of a job often carry one description), and texts
    are read in chunks of many at a time: one encode, translate and cumulative sum per
    chunk, not per text or sentence.
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


# Distinct texts read at once: their bytes' hash arithmetic (8 bytes a byte) stays in the
# CPU cache; 2,000 at a time ran a third slower.
SIGN_CHUNK = 250
_SEPARATOR = "\x00"  # between two texts of a chunk; deleted from the texts themselves
_KEEP_SEPARATOR = _DELETE.replace(b"\x00", b"")


def _chunk_hashes(texts: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """(the hash of each non-empty tidied piece, uint64; the index of its text): the
    hashes `shingle_hashes` gives each text, in order."""
    cut = [text[:MAX_TEXT_CHARS] if text else "" for text in texts]
    raw = _tidy(cut)
    separators = raw == 0
    if np.count_nonzero(separators) != len(cut) - 1:  # a text holds one: deleted anyway
        raw = _tidy([text.replace(_SEPARATOR, "") for text in cut])
        separators = raw == 0
    ends = np.flatnonzero(separators | (raw == 10))  # the break after each piece
    starts, stops = np.r_[0, ends + 1], np.r_[ends, raw.size]
    text_of = np.r_[0, np.cumsum(separators[ends])]  # pieces after the k-th separator: text k
    filled = stops > starts
    powers, inverses = _powers(raw.size)
    # prefix[k]: the hash of the first k bytes; a piece's is its difference, shifted back.
    prefix = np.zeros(raw.size + 1, dtype=np.uint64)
    np.cumsum(raw * powers, out=prefix[1:])
    begin, end = starts[filled], stops[filled]
    return (prefix[end] - prefix[begin]) * inverses[begin], text_of[filled]


def _tidy(texts: list[str]) -> np.ndarray:
    """The texts tidied as one run of bytes, a separator (0) between two."""
    return np.frombuffer(_tidied(_SEPARATOR.join(texts), _KEEP_SEPARATOR), dtype=np.uint8)


_POWERS = np.ones(0, dtype=np.uint64)
_INVERSES = np.ones(0, dtype=np.uint64)


def _powers(size: int) -> tuple[np.ndarray, np.ndarray]:
    """(_BASE^i, _BASE^-i) mod 2^64 for i < size (uint64 arithmetic wraps), kept for the
    next chunk."""
    global _POWERS, _INVERSES
    if _POWERS.size < size:
        grown = max(size, 2 * _POWERS.size, 1 << 16)
        _POWERS = _geometric(_BASE, grown)
        _INVERSES = _geometric(_BASE_INVERSE, grown)
    return _POWERS[:size], _INVERSES[:size]


def _geometric(ratio: int, size: int) -> np.ndarray:
    terms = np.full(size, ratio, dtype=np.uint64)
    terms[0] = 1
    return np.cumprod(terms, dtype=np.uint64)


def _densify(signature: np.ndarray, counts: np.ndarray) -> None:
    """Fill each empty bin from the next full bin to its right (wrapping), in place.

    A borrowed value is offset by the distance, so two texts agree on a bin they both
    borrowed only when they borrowed the same value from the same distance; a borrowed
    value equal to EMPTY is borrowed over again, farther on. Only the empty bins are
    visited, a distance at a time: a third of the bins of a typical text are empty, and
    few of them have to look more than a step or two away.
    """
    rows, columns = np.nonzero((signature == EMPTY) & (counts > 0)[:, None])
    found_rows, found_columns, found_values = [], [], []
    for step in range(1, BINS):
        if rows.size == 0:
            break
        source = signature[rows, (columns + step) % BINS]  # still as signed: nothing written
        borrowed = (source.astype(np.uint64) + np.uint64(step * 0x9E3779B1)).astype(np.uint32)
        done = (source != EMPTY) & (borrowed != EMPTY)
        found_rows.append(rows[done])
        found_columns.append(columns[done])
        found_values.append(borrowed[done])
        rows, columns = rows[~done], columns[~done]
    if found_rows:
        signature[np.concatenate(found_rows), np.concatenate(found_columns)] = np.concatenate(
            found_values
        )


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
