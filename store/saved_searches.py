"""Saved searches: a JobSearch kept under a name, and what its digests have delivered.

A saved search stores the search's URL parameters (`JobSearch.to_params()`, the form the
Jobs page keeps in its URL), so `job_search_of` gives back exactly the search that was saved;
the Jobs page, the Atom feed, the digests and the API all read a saved search through it.

Digests: `digest_postings` are the postings a search matches that were first seen since its
window start (`digest_since`: its last complete digest less an overlap, for crawls that
commit late) and that the channel has not delivered yet. `record_delivery` marks them
delivered once a send succeeded; a failed send marks nothing, so the next pass offers the
same postings again.

A digest pass reads every search through one `DigestWindow`: the postings first seen since
the searches' window start, copied once into temporary tables named like the store's own, so
each search's unchanged conditions (`search_conditions`) test a day's postings, not the store.
Searches saved with the same filters (many job seekers save "coder, remote") share one query
in the window, and what the channels delivered is read once a pass.

`prune_delivered` forgets deliveries that can no longer matter: a posting no longer in the
store (or whose id was given again to a later posting), or first seen more than PRUNE_MARGIN
before the search's window start. A search's
window start never moves back (created_at is fixed, last_sent_at only moves forward), and a
digest only offers postings first seen after it, so a forgotten posting is never offered to
that search again: it is still never sent twice.
"""

from bisect import bisect_left
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import (
    Column,
    ColumnElement,
    Connection,
    Engine,
    MetaData,
    Select,
    Table,
    exists,
    func,
    insert,
    not_,
    select,
    update,
)
from sqlmodel import Session

from store import fulltext
from store.job_search import JobSearch
from store.listing import MATCHES, POSTINGS, TAGS, search_conditions
from store.models import DigestSent, SavedSearch, utcnow

MAX_NAME_LENGTH = 200
CHANNELS = ("webhook", "email")
# A posting committed late by a long crawl may carry a first_seen_at a little before the
# last digest; looking back this far finds it (what was delivered is never offered again).
DIGEST_OVERLAP = timedelta(days=1)
MAX_DIGEST_POSTINGS = 100  # the rest wait for the next digest
# Deliveries of postings first seen this long before a search's window start are forgotten:
# room for a clock set back or a longer overlap without sending anything twice.
PRUNE_MARGIN = timedelta(days=7)
# A window of more postings than this is not copied: searches that look back that far query
# the store itself (a first digest over a backlog, a search whose sends have failed for days).
WINDOW_LIMIT = 20_000
MATCHED_KEPT = 4  # filter sets whose window matches a DigestWindow keeps
# What a digest shows of a posting: its link, title, and the summary line's pay and place.
DIGEST_COLUMNS = ("id", "title", "company", "url", "location", "city", "state", "remote",
                  "salary_annual_min", "salary_annual_max", "salary_currency",
                  "salary_estimated", "salary_text", "first_seen_at", "posted_at")  # fmt: skip


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
    columns: Sequence[str] | None = None,
) -> Select:
    """SELECT the postings `search` matches first seen after `since`, the last found first
    (every postings column, or `columns`).

    The search's conditions are the listing's (`search_conditions`); its order is not, so
    the order's own terms (relevance) are never built."""
    conditions = search_conditions(search, dialect=dialect, now=now or utcnow())
    newest_found = (POSTINGS.c.first_seen_at.desc(), POSTINGS.c.id.desc())
    selected = [POSTINGS] if columns is None else [POSTINGS.c[name] for name in columns]
    return (
        select(*selected)
        .where(*conditions, POSTINGS.c.first_seen_at > since, *where)
        .order_by(*newest_found)
        .limit(limit)
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


def _check_channel(channel: str) -> None:
    if channel not in CHANNELS:
        raise SavedSearchError(f"channel: {channel!r} is not one of {', '.join(CHANNELS)}")


def _delivered_posting() -> tuple[ColumnElement[bool], ...]:
    """A digest_sent row that delivered the posting it names (POSTINGS)."""
    return (
        DigestSent.posting_id == POSTINGS.c.id,
        # A delivery before the posting was first seen was of a deleted posting whose id
        # SQLite gave again.
        DigestSent.sent_at >= POSTINGS.c.first_seen_at,
    )


def digest_since(saved: SavedSearch) -> datetime:
    """The search's window start: its next digest offers postings first seen after it."""
    # Postings seen before the search was saved are never new to it.
    if saved.last_sent_at is None:
        return saved.created_at
    return max(saved.created_at, saved.last_sent_at - DIGEST_OVERLAP)


def digest_query(
    saved: SavedSearch,
    channel: str,
    *,
    dialect: str,
    now: datetime | None = None,
    limit: int = MAX_DIGEST_POSTINGS,
) -> Select:
    """SELECT what the next digest of `saved` on `channel` holds (DIGEST_COLUMNS)."""
    _check_channel(channel)
    since = digest_since(saved)
    delivered = exists().where(
        DigestSent.saved_search_id == saved.id,
        DigestSent.channel == channel,
        *_delivered_posting(),
    )
    return new_postings_query(
        job_search_of(saved),
        since,
        dialect=dialect,
        limit=limit,
        now=now,
        where=[~delivered],
        columns=DIGEST_COLUMNS,
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
        # A row left by a deleted posting whose id was given again goes first.
        stale = DigestSent.__table__.delete().where(
            DigestSent.saved_search_id == saved.id,
            DigestSent.channel == channel,
            DigestSent.posting_id.in_([row["posting_id"] for row in rows]),
        )
        # Core statements on the session's connection: the ORM's bulk path costs more than
        # the rows (one digest a search, a thousand searches a pass).
        connection = session.connection()
        connection.execute(stale)
        connection.execute(DigestSent.__table__.insert(), rows)


def finish_digests(*, session: Session, search_ids: Sequence[int], now: datetime) -> None:
    """Every channel of these searches delivered: their next digests look from `now` (less
    the overlap). last_sent_at never moves back (prune_delivered relies on it)."""
    if not search_ids:
        return
    moved = SavedSearch.last_sent_at.is_(None) | (SavedSearch.last_sent_at < now)
    statement = (
        update(SavedSearch)
        .where(SavedSearch.id.in_(list(search_ids)), moved)
        .values(last_sent_at=now)
        .execution_options(synchronize_session=False)
    )
    session.execute(statement)


def prune_delivered(*, session: Session, searches: Iterable[SavedSearch]) -> int:
    """Forget deliveries to `searches` that can no longer matter (see the module's
    docstring); return how many. One statement per distinct window start: after a pass,
    most searches share one."""
    by_keep_after: dict[datetime, list[int]] = {}
    for saved in searches:
        by_keep_after.setdefault(digest_since(saved) - PRUNE_MARGIN, []).append(saved.id)
    pruned = 0
    for keep_after, search_ids in by_keep_after.items():
        still_new = exists().where(
            POSTINGS.c.id == DigestSent.posting_id,
            POSTINGS.c.first_seen_at > keep_after,
            POSTINGS.c.first_seen_at <= DigestSent.sent_at,  # not an id given again
        )
        statement = DigestSent.__table__.delete().where(
            DigestSent.saved_search_id.in_(search_ids), not_(still_new)
        )
        pruned += session.execute(statement).rowcount or 0
    return pruned


def delivered_count(*, session: Session, saved: SavedSearch, channel: str) -> int:
    query = select(func.count()).where(
        DigestSent.saved_search_id == saved.id, DigestSent.channel == channel
    )
    return session.scalar(query) or 0


# --- the window of a digest pass -----------------------------------------------------------


def _twin(table: Table, metadata: MetaData, schema: str) -> Table:
    """`table`'s columns (and primary key) under `schema`; no indexes or foreign keys."""
    columns = [
        Column(c.name, c.type, primary_key=c.primary_key, autoincrement=False)
        for c in table.columns
    ]
    return Table(table.name, metadata, *columns, schema=schema)


class DigestWindow:
    """The postings first seen after `start`, copied into temporary tables that carry the
    store's own table names, on one connection kept for a digest pass.

    Temporary tables come first in name lookup on SQLite and PostgreSQL alike, so a search's
    query, unchanged, reads the window's postings, tags, agency matches and full-text index
    there: its filters, full-text matches included, test a day's postings, not the store.
    What a window does not copy (digest_sent) is the store's. Use it as a context manager:
    the tables are dropped on leaving, and the connection is never pooled with them.
    """

    def __init__(self, engine: Engine, start: datetime) -> None:
        self.engine = engine
        self.start = start
        self.dialect = engine.dialect.name
        self.connection: Connection | None = None
        self._matched: dict[tuple[str, datetime], list[dict[str, Any]]] = {}
        self._delivered_ids: dict[tuple[int, str], frozenset[int]] | None = None

    def __enter__(self) -> "DigestWindow":
        self.connection = self.engine.connect()
        try:
            with self.connection.begin():
                self._copy(self.connection)
        except BaseException:
            self.connection.invalidate()
            self.connection.close()
            raise
        return self

    def __exit__(self, *_exc: Any) -> None:
        connection, self.connection = self.connection, None
        if connection is None:
            return
        schema = "temp" if self.dialect == "sqlite" else "pg_temp"
        names = (fulltext.INDEX_TABLE, MATCHES.name, TAGS.name, POSTINGS.name)
        try:
            with connection.begin():
                for name in names:
                    connection.exec_driver_sql(f"DROP TABLE IF EXISTS {schema}.{name}")
        except BaseException:
            # A pooled connection that kept the tables would shadow the store for its next
            # user: this one is closed instead.
            connection.invalidate()
            raise
        finally:
            connection.close()

    def _copy(self, connection: Connection) -> None:
        if self.dialect == "sqlite":
            store_schema, temp_schema = "main", "temp"
        else:
            store_schema = connection.exec_driver_sql("SELECT current_schema()").scalar_one()
            temp_schema = "pg_temp"
        store, temp = MetaData(), MetaData()
        source = {t.name: _twin(t, store, store_schema) for t in (POSTINGS, TAGS, MATCHES)}
        window = {t.name: _twin(t, temp, temp_schema) for t in (POSTINGS, TAGS, MATCHES)}
        temp.create_all(connection)
        postings, copied = source[POSTINGS.name], window[POSTINGS.name]
        connection.execute(
            insert(copied).from_select(
                [c.name for c in postings.columns],
                select(postings).where(postings.c.first_seen_at > self.start),
            )
        )
        ids = select(copied.c.id)
        for name in (TAGS.name, MATCHES.name):
            connection.execute(
                insert(window[name]).from_select(
                    [c.name for c in source[name].columns],
                    select(source[name]).where(source[name].c.posting_id.in_(ids)),
                )
            )
        fulltext.copy_temporary_index(
            connection,
            store_schema=store_schema,
            posting_ids=f"SELECT id FROM {temp_schema}.postings",
        )

    def size(self) -> int:
        assert self.connection is not None, "use the window inside its with block"
        with self.connection.begin():
            return self.connection.scalar(select(func.count()).select_from(POSTINGS)) or 0

    def holds(self, saved: SavedSearch) -> bool:
        """Whether every posting that may be new to `saved` is in the window."""
        return digest_since(saved) >= self.start

    def digest_postings(
        self,
        saved: SavedSearch,
        channel: str,
        *,
        now: datetime | None = None,
        limit: int = MAX_DIGEST_POSTINGS,
    ) -> list[dict[str, Any]]:
        """What the next digest of `saved` on `channel` holds, read in the window: the same
        postings, in the same order, as `digest_postings` reads in the store.

        Searches saved with the same filters share one query: what the filters match in the
        window is read once (kept for the last few filter sets; a pass goes through the
        searches grouped by filters), then each search keeps what is new to it and not yet
        delivered on the channel."""
        _check_channel(channel)
        if not self.holds(saved):
            raise SavedSearchError(f"search {saved.name!r} looks back before the window")
        since = digest_since(saved)
        delivered = self._delivered().get((saved.id, channel), frozenset())
        found = []
        for row in self._matching(job_search_of(saved), now or utcnow()):
            if row["first_seen_at"] <= since:
                break  # newest first: the rest were seen before the search's window start
            if row["id"] not in delivered:
                found.append(row)
                if len(found) == limit:
                    break
        return [dict(row) for row in found]

    def _matching(self, search: JobSearch, now: datetime) -> list[dict[str, Any]]:
        """Every window posting `search` matches (DIGEST_COLUMNS), newest found first."""
        key = (search.model_dump_json(), now)
        if key not in self._matched:
            assert self.connection is not None, "use the window inside its with block"
            conditions = search_conditions(search, dialect=self.dialect, now=now)
            query = (
                select(*(POSTINGS.c[name] for name in DIGEST_COLUMNS))
                .where(*conditions)
                .order_by(POSTINGS.c.first_seen_at.desc(), POSTINGS.c.id.desc())
            )
            with self.connection.begin():  # a short read: writers are never kept waiting
                rows = [dict(row) for row in self.connection.execute(query).mappings()]
            if len(self._matched) >= MATCHED_KEPT:
                self._matched.pop(next(iter(self._matched)))
            self._matched[key] = rows
        return self._matched[key]

    def _delivered(self) -> dict[tuple[int, str], frozenset[int]]:
        """(search id, channel) -> the window's postings delivered on it, read once a pass
        (a pass reads each search's channels once, before recording what it sent)."""
        if self._delivered_ids is None:
            assert self.connection is not None, "use the window inside its with block"
            sent = DigestSent.__table__.c
            query = select(sent.saved_search_id, sent.channel, sent.posting_id).where(
                *_delivered_posting()
            )
            found: dict[tuple[int, str], set[int]] = {}
            with self.connection.begin():
                for search_id, channel, posting_id in self.connection.execute(query):
                    found.setdefault((search_id, channel), set()).add(posting_id)
            self._delivered_ids = {key: frozenset(ids) for key, ids in found.items()}
        return self._delivered_ids


def window_start(*, session: Session, searches: Iterable[SavedSearch]) -> datetime | None:
    """The earliest window start of `searches` whose window holds at most WINDOW_LIMIT
    postings (None: no search has one that small). Searches that look back further are
    read from the store."""
    starts = sorted({digest_since(s) for s in searches})

    def too_wide(start: datetime) -> bool:
        newer = select(POSTINGS.c.id).where(POSTINGS.c.first_seen_at > start)
        bounded = newer.limit(WINDOW_LIMIT + 1).subquery()
        return (session.scalar(select(func.count()).select_from(bounded)) or 0) > WINDOW_LIMIT

    # Later starts hold fewer postings: find the first that fits by bisection.
    first_fit = bisect_left(starts, True, key=lambda start: not too_wide(start))
    return starts[first_fit] if first_fit < len(starts) else None
