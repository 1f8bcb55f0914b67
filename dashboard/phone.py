"""One layout for phones and wide screens: a container of each, the other hidden by CSS.

Streamlit cannot tell how wide the screen is, so a page draws both forms of what a table
shows: the table for a wide screen, short rows a 390 px phone can read without scrolling
sideways. Each pair is a keyed container; the style below hides the one that does not fit.
"""

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st

PHONE_WIDTH = 640  # px: narrower screens get the short rows, wider ones the table


def css(*, phone: list[str], wide: list[str]) -> str:
    """A style showing the `phone` keyed elements only on phones, the `wide` ones elsewhere."""
    rules = [f"@media (max-width: {PHONE_WIDTH}px) {{ .st-key-{key} {{ display: none; }} }}"
             for key in wide]  # fmt: skip
    rules += [f"@media (min-width: {PHONE_WIDTH + 1}px) {{ .st-key-{key} {{ display: none; }} }}"
              for key in phone]  # fmt: skip
    return "<style>\n" + "\n".join(rules) + "\n</style>"


@contextmanager
def phone_form(key: str) -> Iterator[None]:
    """The phone's form of a table (container `<key>_phone`); pair it with `wide_form`."""
    st.html(css(phone=[f"{key}_phone"], wide=[f"{key}_wide"]))
    with st.container(key=f"{key}_phone"):
        yield


@contextmanager
def wide_form(key: str) -> Iterator[None]:
    """The wide screen's form (container `<key>_wide`)."""
    with st.container(key=f"{key}_wide"):
        yield
