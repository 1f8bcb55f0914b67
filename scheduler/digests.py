"""Digests: each saved search that asks for one gets the postings new since its last digest.

One pass (`send_digests`) goes through the searches with a webhook or an email address. For
each channel it reads what that channel has not delivered yet (store.saved_searches), sends
it, and only then records it delivered: a failed send leaves everything to the next pass, a
posting is never delivered twice on a channel, and a channel with nothing new sends nothing.
The SMTP login comes from the environment (core.settings) and is never logged.
"""

import json
import logging
import smtplib
from contextlib import ExitStack
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from typing import Any

from sqlalchemy import Engine

from core.settings import Settings, get_settings
from scheduler.alerts import send_webhook
from store import saved_searches as saved
from store.db import session_scope
from store.job_search import InvalidSearch
from store.models import SavedSearch, utcnow
from store.posting_summary import summary_line

logger = logging.getLogger(__name__)
SMTP_TIMEOUT = 10.0  # seconds


@dataclass(frozen=True)
class Delivery:
    search: str
    channel: str
    postings: int  # how many this send carried
    outcome: str  # "sent", "nothing new", or what went wrong


def digest_payload(search: SavedSearch, postings: list[dict[str, Any]]) -> dict[str, Any]:
    """The webhook's JSON: a line chat webhooks show, then the search and its postings."""
    return {
        "text": f"hitboard: {len(postings)} new for “{search.name}”",
        "search": {"id": search.id, "name": search.name, "params": search.params},
        "postings": [_posting_entry(p) for p in postings],
    }


def _posting_entry(posting: dict[str, Any]) -> dict[str, Any]:
    entry = {
        name: posting[name]
        for name in ("id", "title", "company", "url", "city", "state", "remote",
                     "salary_annual_min", "salary_annual_max", "first_seen_at", "posted_at")
    }  # fmt: skip
    entry["summary"] = summary_line(posting)
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in entry.items()}


def digest_email(
    search: SavedSearch, postings: list[dict[str, Any]], settings: Settings
) -> EmailMessage:
    message = EmailMessage()
    message["Subject"] = f"hitboard: {len(postings)} new postings for {search.name}"
    message["From"] = settings.smtp_from
    message["To"] = search.digest_email
    lines = [f"New postings for your saved search “{search.name}”:", ""]
    for posting in postings:
        lines += [posting["title"], f"  {summary_line(posting)}", f"  {posting['url']}", ""]
    message.set_content("\n".join(lines))
    return message


def send_email(message: EmailMessage, settings: Settings) -> str | None:
    """Send by SMTP; None when it went, else what went wrong (no login details in it)."""
    if not settings.smtp_host:
        return "HITBOARD_SMTP_HOST is not set"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
            if settings.smtp_starttls:
                smtp.starttls()
            if settings.smtp_username and settings.smtp_password is not None:
                smtp.login(settings.smtp_username, settings.smtp_password.get_secret_value())
            smtp.send_message(message)
    except (smtplib.SMTPException, OSError) as exc:
        return f"SMTP {settings.smtp_host}:{settings.smtp_port} failed: {type(exc).__name__}"
    return None


def _send(
    channel: str, search: SavedSearch, postings: list[dict[str, Any]], settings: Settings
) -> str | None:
    if channel == "webhook":
        status = send_webhook(search.digest_webhook or "", digest_payload(search, postings))
        return None if status.startswith("HTTP 2") else f"webhook {status}"
    return send_email(digest_email(search, postings, settings), settings)


def send_digests(engine: Engine, *, now: datetime | None = None) -> list[Delivery]:
    """One digest pass over every saved search that asks for digests.

    The searches whose every channel went through then look from `now`, and deliveries that
    can no longer matter are forgotten (store.saved_searches.prune_delivered), in one
    transaction at the end: a pass cut short leaves the windows where they were, and what it
    delivered is recorded, so nothing is lost or sent twice."""
    settings = get_settings()
    now = now or utcnow()
    with session_scope(engine, readonly=True) as session:
        searches = saved.searches_with_digests(session=session)
        start = saved.window_start(session=session, searches=searches) if searches else None
    deliveries, finished = [], []
    with ExitStack() as stack:
        # The postings new to the searches, read once for all of them.
        window = None if start is None else stack.enter_context(saved.DigestWindow(engine, start))
        # Grouped by filters, so that searches saved alike share the window's one read.
        for search in sorted(searches, key=_filters_key):
            sent = send_digest(engine, search, settings=settings, now=now, window=window)
            deliveries += sent
            if complete(sent):
                finished.append(search.id)
    with session_scope(engine) as session:
        saved.finish_digests(session=session, search_ids=finished, now=now)
        pruned = saved.prune_delivered(
            session=session, searches=saved.list_searches(session=session)
        )
    logger.info("digest pass: %d sends, %d old deliveries forgotten", len(deliveries), pruned)
    return deliveries


def _filters_key(search: SavedSearch) -> str:
    return json.dumps(search.params, sort_keys=True, default=str)


def complete(deliveries: list[Delivery]) -> bool:
    """Whether a search's next digest may look from now: something went, every channel is
    through, and none was cut at MAX_DIGEST_POSTINGS (the older new postings wait)."""
    outcomes = {d.outcome for d in deliveries}
    full = any(d.postings >= saved.MAX_DIGEST_POSTINGS for d in deliveries)
    return "sent" in outcomes and outcomes <= {"sent", "nothing new"} and not full


def _digest_postings(
    engine: Engine,
    search: SavedSearch,
    channel: str,
    now: datetime,
    window: saved.DigestWindow | None,
) -> list[dict[str, Any]]:
    if window is not None and window.holds(search):
        return window.digest_postings(search, channel, now=now)
    with session_scope(engine, readonly=True) as session:
        return saved.digest_postings(session=session, saved=search, channel=channel, now=now)


def send_digest(
    engine: Engine,
    search: SavedSearch,
    *,
    settings: Settings,
    now: datetime | None = None,
    window: saved.DigestWindow | None = None,
) -> list[Delivery]:
    """Each channel of one saved search: send what is new, then record it delivered
    (send_digests then moves its window on).

    `window`: the pass's new postings (searches that look back further read the store)."""
    now = now or utcnow()
    deliveries = []
    for channel in saved.channels_of(search):
        try:
            postings = _digest_postings(engine, search, channel, now, window)
        except InvalidSearch as error:
            logger.error("saved search %r no longer reads: %s", search.name, error)
            deliveries.append(Delivery(search.name, channel, 0, f"bad search: {error}"))
            continue
        if not postings:
            deliveries.append(Delivery(search.name, channel, 0, "nothing new"))
            continue
        problem = _send(channel, search, postings, settings)
        if problem is not None:
            logger.error("digest of %r by %s not sent: %s", search.name, channel, problem)
            deliveries.append(Delivery(search.name, channel, len(postings), problem))
            continue
        with session_scope(engine) as session:
            saved.record_delivery(
                session=session,
                saved=search,
                channel=channel,
                posting_ids=[p["id"] for p in postings],
                now=now,
            )
        deliveries.append(Delivery(search.name, channel, len(postings), "sent"))
    return deliveries
