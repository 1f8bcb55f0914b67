"""Saved searches: a JobSearch kept under a name, and what its digests have delivered.

A saved search stores the search's URL parameters (`JobSearch.to_params()`, the form the
Jobs page keeps in its URL), so `job_search_of` gives back exactly the search that was saved;
the Jobs page, the Atom feed, the digests and the API all read a saved search through it.

Digests: `digest_postings` are the postings a search matches that were first seen since its
last complete digest (less an overlap, for crawls that commit late) and that the channel has
not delivered yet. `record_delivery` marks them delivered once a send succeeded; a failed
send marks nothing, so the next pass offers the same postings again.
"""

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Select, exists, func, select
from sqlmodel import Session

from store.job_search import JobSearch
from store.listing import POSTINGS, search_query
from store.models import DigestSent, SavedSearch, utcnow

MAX_NAME_LENGTH = 200
CHANNELS = ("webhook", "email")
# A posting committed late by a long crawl may carry a first_seen_at a little before the
# last digest; looking back this far finds it (what was delivered is never offered again).
DIGEST_OVERLAP = timedelta(days=1)
MAX_DIGEST_POSTINGS = 100  # the rest wait for the next digest


class SavedSearchError(ValueError):
    """A saved search that cannot be made or found; the message says which and why."""


def _name(name: str) -> str:
    name = " ".join(name.split())
    if not name or len(name) > MAX_NAME_LENGTH:
        raise SavedSearchError(f"name: give 1 to {MAX_NAME_LENGTH} characters")
    return name


def _digest_target(webhook: str | None, email: str | None) -> tuple[str | None, str | None]:
    webhook = (webhook or "").strip() or None
    email = (email or "").strip() or None
    if webhook is not None and not webhook.startswith(("http://", "https://")):
        raise SavedSearchError(f"webhook: {webhook!r} is not an http(s) URL")
    if email is not None and (email.count("@") != 1 or " " in email or email.startswith("@")):
        raise SavedSearchError(f"email: {email!r} is not an email address")
    return webhook, email


def save_search(
    *,
    session: Session,
    name: str,
    search: JobSearch,
    webhook: str | None = None,
    email: str | None = None,
    now: datetime | None = None,
) -> SavedSearch:
    """Keep `search` under `name` (a new name: SavedSearchError names a taken one)."""
    name = _name(name)
    if find_search(session=session, name=name) is not None:
        raise SavedSearchError(f"name: a search named {name!r} is already saved")
    webhook, email = _digest_target(webhook, email)
    saved = SavedSearch(
        name=name,
        params=search.to_params(),
        created_at=now or utcnow(),
        digest_webhook=webhook,
        digest_email=email,
    )
    session.add(saved)
    session.flush()
    return saved


def list_searches(*, session: Session) -> list[SavedSearch]:
    return list(session.exec(select(SavedSearch).order_by(SavedSearch.name)).scalars())


def find_search(*, session: Session, name: str) -> SavedSearch | None:
    query = select(SavedSearch).where(SavedSearch.name == " ".join(name.split()))
    return session.exec(query).scalars().first()


def get_search(*, session: Session, search_id: int | str) -> SavedSearch:
    """A saved search by id, or by name; SavedSearchError when there is none."""
    saved = None
    if isinstance(search_id, int) or str(search_id).isdigit():
        saved = session.get(SavedSearch, int(search_id))
    if saved is None and isinstance(search_id, str):
        saved = find_search(session=session, name=search_id)
    if saved is None:
        raise SavedSearchError(f"no saved search {search_id!r}")
    return saved


def rename_search(*, session: Session, search_id: int | str, name: str) -> SavedSearch:
    saved = get_search(session=session, search_id=search_id)
    name = _name(name)
    other = find_search(session=session, name=name)
    if other is not None and other.id != saved.id:
        raise SavedSearchError(f"name: a search named {name!r} is already saved")
    saved.name = name
    session.add(saved)
    session.flush()
    return saved


def set_digest(
    *, session: Session, search_id: int | str, webhook: str | None, email: str | None
) -> SavedSearch:
    """Where the search's digests go (both None: no digests)."""
    saved = get_search(session=session, search_id=search_id)
    saved.digest_webhook, saved.digest_email = _digest_target(webhook, email)
    session.add(saved)
    session.flush()
    return saved


def delete_search(*, session: Session, search_id: int | str) -> None:
    saved = get_search(session=session, search_id=search_id)
    session.execute(DigestSent.__table__.delete().where(DigestSent.saved_search_id == saved.id))
    session.delete(saved)
    session.flush()


def job_search_of(saved: SavedSearch) -> JobSearch:
    """The search a saved search holds (InvalidSearch if its parameters no longer read)."""
    return JobSearch.from_params(saved.params)


def searches_with_digests(*, session: Session) -> list[SavedSearch]:
    query = select(SavedSearch).where(
        SavedSearch.digest_webhook.is_not(None) | SavedSearch.digest_email.is_not(None)
    )
    return list(session.exec(query.order_by(SavedSearch.id)).scalars())


def channels_of(saved: SavedSearch) -> list[str]:
    return [c for c, target in zip(CHANNELS, (saved.digest_webhook, saved.digest_email),
                                   strict=True) if target]  # fmt: skip


def new_postings_query(
    search: JobSearch,
    since: datetime,
    *,
    dialect: str,
    limit: int,
    now: datetime | None = None,
    where: Sequence[Any] = (),
) -> Select:
    """SELECT the postings `search` matches first seen after `since`, the last found first.

    That order is the first_seen_at index's, so a planner may find the few new postings by a
    seek rather than walk the search's own order (SQLite, without statistics, still walks a
    listing index: see benchmarks/README.md)."""
    query = search_query(search, dialect=dialect, now=now or utcnow()).order_by(None)
    newest_found = (POSTINGS.c.first_seen_at.desc(), POSTINGS.c.id.desc())
    return (
        query.where(POSTINGS.c.first_seen_at > since, *where).order_by(*newest_found).limit(limit)
    )


def new_postings(
    *,
    session: Session,
    search: JobSearch,
    since: datetime,
    limit: int,
    now: datetime | None = None,
) -> list[dict[str, Any]]:
    dialect = session.get_bind().dialect.name
    query = new_postings_query(search, since, dialect=dialect, limit=limit, now=now)
    return [dict(row) for row in session.execute(query).mappings()]


def digest_query(
    saved: SavedSearch,
    channel: str,
    *,
    dialect: str,
    now: datetime | None = None,
    limit: int = MAX_DIGEST_POSTINGS,
) -> Select:
    """SELECT what the next digest of `saved` on `channel` holds."""
    if channel not in CHANNELS:
        raise SavedSearchError(f"channel: {channel!r} is not one of {', '.join(CHANNELS)}")
    # Postings seen before the search was saved are never new to it.
    since = saved.created_at
    if saved.last_sent_at is not None:
        since = max(since, saved.last_sent_at - DIGEST_OVERLAP)
    delivered = exists().where(
        DigestSent.saved_search_id == saved.id,
        DigestSent.channel == channel,
        DigestSent.posting_id == POSTINGS.c.id,
    )
    return new_postings_query(
        job_search_of(saved), since, dialect=dialect, limit=limit, now=now, where=[~delivered]
    )


def digest_postings(
    *,
    session: Session,
    saved: SavedSearch,
    channel: str,
    now: datetime | None = None,
    limit: int = MAX_DIGEST_POSTINGS,
) -> list[dict[str, Any]]:
    """What the next digest of `saved` on `channel` holds (empty: send nothing)."""
    dialect = session.get_bind().dialect.name
    query = digest_query(saved, channel, dialect=dialect, now=now, limit=limit)
    return [dict(row) for row in session.execute(query).mappings()]


def record_delivery(
    *,
    session: Session,
    saved: SavedSearch,
    channel: str,
    posting_ids: Sequence[int],
    now: datetime | None = None,
) -> None:
    """Mark these postings delivered to `saved` on `channel` (after a send succeeded)."""
    now = now or utcnow()
    rows = [
        {"saved_search_id": saved.id, "channel": channel, "posting_id": pid, "sent_at": now}
        for pid in dict.fromkeys(posting_ids)
    ]
    if rows:
        session.execute(DigestSent.__table__.insert(), rows)


def finish_digest(*, session: Session, saved: SavedSearch, now: datetime | None = None) -> None:
    """Every channel delivered: the next digest looks from now (less the overlap)."""
    saved.last_sent_at = now or utcnow()
    session.add(saved)
    session.flush()


def delivered_count(*, session: Session, saved: SavedSearch, channel: str) -> int:
    query = select(func.count()).where(
        DigestSent.saved_search_id == saved.id, DigestSent.channel == channel
    )
    return session.scalar(query) or 0
