"""A posting's pay and place in one line, as a feed entry or a digest shows it."""

from collections.abc import Mapping
from typing import Any

ARRANGEMENT_WORDS = {"onsite": "on-site"}  # the store's codes, as a reader writes them


def pay_text(posting: Mapping[str, Any]) -> str:
    """`$41,600 – $50,960 a year`, from the annual range when there is one; else as posted."""
    low, high = posting.get("salary_annual_min"), posting.get("salary_annual_max")
    if low is None and high is None:
        return posting.get("salary_text") or "pay not stated"
    amounts = sorted({round(v) for v in (low, high) if v is not None})
    figure = " – ".join(f"${v:,}" for v in amounts)
    if low is None or high is None:  # one end stated: say which
        figure = f"up to {figure}" if low is None else f"from {figure}"
    currency = posting.get("salary_currency")
    money = figure if currency in (None, "USD") else f"{figure} {currency}"
    estimated = " (estimated)" if posting.get("salary_estimated") else ""
    return f"{money} a year{estimated}"


def place_text(posting: Mapping[str, Any]) -> str:
    """`Tampa, FL (hybrid)`, `Remote`, or the location as posted."""
    city, state = posting.get("city"), posting.get("state")
    place = ", ".join(part for part in (city, state) if part) or (posting.get("location") or "")
    arrangement = posting.get("remote")
    if arrangement == "remote" and not place:
        return "Remote"
    if arrangement:
        said = ARRANGEMENT_WORDS.get(arrangement, arrangement)
        return f"{place} ({said})" if place else said.capitalize()
    return place or "place not stated"


def summary_line(posting: Mapping[str, Any]) -> str:
    """`Acme Health · Tampa, FL (hybrid) · $41,600 – $50,960 a year`."""
    parts = [posting.get("company"), place_text(posting), pay_text(posting)]
    return " · ".join(part for part in parts if part)
