"""Untrusted text made inert for Streamlit's Markdown and for spreadsheets.

Titles, companies, places and pay texts come from employers' sites: in `st.markdown` a title
of `![x](http://tracker/)` would make every reader's browser fetch that image, and a CSV cell
starting with `=` is a formula when a spreadsheet opens the file.
"""

import re
from collections.abc import Iterable

import pandas as pd

from store.export import formula_safe

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping them all
# also stops Streamlit's own syntax (:material/x:, :red[...], $math$).
_PUNCTUATION = re.compile(r"([!-/:-@\[-`{-~])")
# Escapes do not stop GFM's bare autolinks (http://…, www.…, a@b.org): an invisible word
# joiner inside each such pattern does, and the text reads the same.
_AUTOLINKS = re.compile(r"(?<=[A-Za-z])(?=://)|(?<=\bwww)(?=\.)|(?=@)", re.IGNORECASE)
WORD_JOINER = "\u2060"


def md(text: object) -> str:
    """`text` as Markdown that shows exactly these characters, on one line."""
    if text is None:
        return ""
    joined = _AUTOLINKS.sub(WORD_JOINER, " ".join(str(text).split()))
    return _PUNCTUATION.sub(r"\\\1", joined)


def csv_safe(frame: pd.DataFrame, columns: Iterable[str] | None = None) -> pd.DataFrame:
    """A copy of `frame` with every text cell (of `columns`, default all) neutralized."""
    safe = frame.copy()
    for column in columns or safe.columns:
        if not pd.api.types.is_numeric_dtype(safe[column]):
            safe[column] = safe[column].map(formula_safe)
    return safe
