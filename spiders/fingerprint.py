"""A posting's raw fingerprint: what the source said, and the code that would normalize it.

Equal fingerprints mean normalizing again would store the same row, so a re-crawl can skip
the work. The code counts: the pipelines, the normalizers and their data files, and the
vocabulary go into every fingerprint, so a crawl after a normalizer changes normalizes every
posting once more, and a source's `keep` goes in because it decides what is stored.
"""

import hashlib
import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

import core.vocabulary
import spiders.normalize

_SPIDERS = Path(__file__).resolve().parent
NORMALIZING_CODE = (
    _SPIDERS / "pipelines.py",
    Path(spiders.normalize.__file__).resolve().parent,
    Path(core.vocabulary.__file__).resolve(),
)


@cache
def normalizing_code_digest() -> bytes:
    """blake2b of every file of the code that turns raw fields into stored ones."""
    digest = hashlib.blake2b(digest_size=16)
    for root in NORMALIZING_CODE:
        paths = sorted(root.rglob("*")) if root.is_dir() else [root]
        for path in paths:
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(path.relative_to(_SPIDERS.parent).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.digest()


def raw_fingerprint(fields: dict[str, Any], *, keep: str) -> str:
    """32 hex digits of the spider's fields (as it yielded them), the normalizing code and
    the source's `keep`."""
    digest = hashlib.blake2b(normalizing_code_digest(), digest_size=16)
    digest.update(keep.encode())
    encoded = json.dumps(fields, sort_keys=True, ensure_ascii=False, default=_plain)
    digest.update(encoded.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, set | frozenset):
        return sorted(value, key=repr)
    return repr(value)
