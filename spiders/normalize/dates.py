"""Posting dates in the forms sources use: ISO 8601, epoch ms, "Posted 3 Days Ago"."""

import re
from datetime import UTC, date, datetime, timedelta

RELATIVE = re.compile(r"posted\s+(?:(today)|(yesterday)|(\d+)(\+)?\s+days?\s+ago)", re.I)


def days_ago(text: str) -> int | None:
    """Days since "Posted Today", "Posted Yesterday" or "Posted 3 Days Ago"; None for other
    text, and for an open-ended "Posted 30+ Days Ago", which dates nothing."""
    match = RELATIVE.search(text)
    if match is None or match[4]:
        return None
    return 0 if match[1] else 1 if match[2] else int(match[3])


def parse_posted_at(value: object, *, now: datetime | None = None) -> datetime | None:
    """A timezone-aware UTC datetime, or None when the value is not a date."""
    now = now or datetime.now(UTC)
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if isinstance(value, int | float):
        seconds = value / 1000 if value > 1e11 else value  # epoch ms or s
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, OSError, ValueError):  # no time a calendar holds: no date
            return None
    text = str(value).strip()
    if (days := days_ago(text)) is not None:
        return (now - timedelta(days=days)).replace(hour=0, minute=0, second=0, microsecond=0)
    if text.isascii() and text.isdigit():  # "²" is a digit to isdigit, not to int()
        return parse_posted_at(int(text), now=now)
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return _parse_rfc822(text)
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _parse_rfc822(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        parsed = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.astimezone(UTC) if parsed.tzinfo else parsed.replace(tzinfo=UTC)
