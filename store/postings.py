"""Postings: batched upserts keyed on (source, external_id), and closing what is gone.

A re-crawl mostly sees postings it already has. So a batch reads the stored content hashes
of its keys in one query, writes full rows only for new and changed postings (one dialect
INSERT ... ON CONFLICT DO UPDATE each for the posting, its text and its tags, plus its
full-text document on PostgreSQL), and touches the rest with one UPDATE of last_seen_at.
Every change to what the listing shows moves the listing revision, which cached counts
are checked against. Before that, the crawl skips normalizing the postings whose raw
fingerprint is the one stored (`open_fingerprints`, then `touch_seen`).
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import (
    Boolean,
    Float,
    Table,
    bindparam,
    delete,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from store import fulltext
from store.keyed import UNCACHED, keyed_select
from store.models import ListingRevision, Posting, PostingTag, PostingText, utcnow

POSTINGS: Table = Posting.__table__  # type: ignore[attr-defined]
TEXTS: Table = PostingText.__table__  # type: ignore[attr-defined]
TAGS: Table = PostingTag.__table__  # type: ignore[attr-defined]
REVISION: Table = ListingRevision.__table__  # type: ignore[attr-defined]

# Columns the store keeps itself; a record never sets them. listed_at and salary_annual_top
# are derived here from the record (and first_seen_at) for the listing's indexes.
BOOKKEEPING = frozenset(
    {
        "id",
        "first_seen_at",
        "last_seen_at",
        "closed_at",
        "content_hash",
        "raw_fingerprint",
        "last_run_id",
        "listed_at",
        "salary_annual_top",
        "salary_annual_posted",
        "cluster_id",
    }
)
# Derived from the record alone, written with it (listed_at also needs first_seen_at).
DERIVED = ("salary_annual_top", "salary_annual_posted")
# What the source said, fingerprinted by the crawl: a record may carry it; it is stored but
# is no part of the content (a new normalizer changes it, not the posting).
RAW_FINGERPRINT = "raw_fingerprint"
REQUIRED = ("source", "source_kind", "external_id", "url", "title")
# The long text lives in posting_texts; to a record it is content like any other column.
TEXT_COLUMNS = ("description_text", "description_html")
# Every other column is content: what the source said plus what the pipelines derived.
POSTING_CONTENT = tuple(c.name for c in POSTINGS.columns if c.name not in BOOKKEEPING)
CONTENT_COLUMNS = (*POSTING_CONTENT, *TEXT_COLUMNS)
# Hashed in the column order of the single postings table the hashes were first made from
# (the long text right after posted_at), so stored hashes stay valid across the split.
_TEXT_AFTER = POSTING_CONTENT.index("posted_at") + 1
HASHED_COLUMNS = (*POSTING_CONTENT[:_TEXT_AFTER], *TEXT_COLUMNS, *POSTING_CONTENT[_TEXT_AFTER:])
# Facet of posting_tags -> where a record keeps that facet's values.
TAG_FACETS = {
    "credential": ("certifications", None),
    "setting": ("facets", "settings"),
    "code_set": ("facets", "code_sets"),
    "ehr": ("facets", "ehr"),
}
MAX_TAG_LENGTH = 200
_DEFAULTS: dict[str, Any] = {
    "certifications": list,
    "credential_requirements": dict,
    "facets": dict,
    "locations": list,
    "states": list,
    "salary_estimated": lambda: False,
    "relevant": lambda: False,
}
# Numbers and flags are coerced so 50000 and 50000.0 hash alike.
_FLOATS = frozenset(
    c.name for c in POSTINGS.columns if isinstance(c.type, Float) and c.name in POSTING_CONTENT
)
_BOOLS = frozenset(
    c.name for c in POSTINGS.columns if isinstance(c.type, Boolean) and c.name in POSTING_CONTENT
)


class UpsertCounts(NamedTuple):
    new: int
    updated: int
    unchanged: int


def content_hash(row: dict[str, Any]) -> str:
    """sha256 of a posting's content (not its timestamps, ids or cluster).

    Text columns go in as length-prefixed UTF-8 (long descriptions skip JSON escaping); the
    other columns as one sorted-key JSON list, in which 0 marks a text column's place (no
    text column ever holds a number, so the encoding stays unambiguous).
    """
    values = [row.get(name) for name in HASHED_COLUMNS]
    structured = [0 if isinstance(value, str) else value for value in values]
    digest = hashlib.sha256(
        json.dumps(structured, sort_keys=True, default=_json_default).encode("utf-8")
    )
    for value in values:
        if isinstance(value, str):
            encoded = value.encode("utf-8")
            digest.update(len(encoded).to_bytes(8, "big"))
            digest.update(encoded)
    return digest.hexdigest()


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return _utc(value).isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    raise TypeError(f"cannot store a {type(value).__name__} in a posting: {value!r}")


def _utc(value: datetime) -> datetime:
    if value.tzinfo is UTC:
        return value
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def prepare_row(record: dict[str, Any]) -> dict[str, Any]:
    """A full content row from a record: checked, defaults filled, content hash set."""
    unknown = set(record) - set(CONTENT_COLUMNS) - {RAW_FINGERPRINT}
    if unknown:
        managed = sorted(unknown & BOOKKEEPING)
        other = sorted(unknown - BOOKKEEPING)
        problems = []
        if managed:
            problems.append(f"kept by the store, not the caller: {', '.join(managed)}")
        if other:
            problems.append(f"not posting columns: {', '.join(other)}")
        raise ValueError(f"posting {_label(record)}: {'; '.join(problems)}")
    missing = [name for name in REQUIRED if not record.get(name)]
    if missing:
        raise ValueError(f"posting {_label(record)}: missing {', '.join(missing)}")

    row: dict[str, Any] = {}
    for name in CONTENT_COLUMNS:
        value = record.get(name)
        if value is None and name in _DEFAULTS:
            value = _DEFAULTS[name]()
        row[name] = value
    row["external_id"] = str(row["external_id"])
    for name in _FLOATS:
        if row[name] is not None:
            row[name] = float(row[name])
    for name in _BOOLS:
        row[name] = bool(row[name])
    if isinstance(row["posted_at"], datetime):
        row["posted_at"] = _utc(row["posted_at"])
    elif row["posted_at"] is not None:
        raise ValueError(
            f"posting {_label(record)}: posted_at must be a datetime, not {row['posted_at']!r}"
        )
    if isinstance(row["certifications"], set | frozenset | tuple):
        row["certifications"] = sorted(row["certifications"])
    row["content_hash"] = content_hash(row)
    row["salary_annual_top"] = top_annual_pay(row["salary_annual_min"], row["salary_annual_max"])
    row["salary_annual_posted"] = posted_annual_pay(row)
    row[RAW_FINGERPRINT] = record.get(RAW_FINGERPRINT)
    return row


def top_annual_pay(annual_min: float | None, annual_max: float | None) -> float | None:
    """The most a posting says it may pay a year: what a pay floor and the pay sort compare."""
    values = [value for value in (annual_min, annual_max) if value is not None]
    return max(values) if values else None


def posted_annual_pay(row: dict[str, Any]) -> float | None:
    """The middle of the annual range when the employer states it in US dollars, else None."""
    low, high = row.get("salary_annual_min"), row.get("salary_annual_max")
    if (low is None and high is None) or row.get("salary_estimated"):
        return None
    if row.get("salary_currency") not in (None, "USD"):
        return None
    low, high = (low if low is not None else high), (high if high is not None else low)
    return (low + high) / 2


def posting_tags(row: dict[str, Any]) -> list[tuple[str, str]]:
    """(facet, value) of each credential code and facet value of a posting row, once each."""
    tags: dict[tuple[str, str], None] = {}
    for facet, (column, key) in TAG_FACETS.items():
        values = row.get(column) or ()
        if key is not None:
            values = values.get(key) or () if isinstance(values, dict) else ()
        for value in values if isinstance(values, list | tuple) else ():
            text = str(value).strip()
            if text and len(text) <= MAX_TAG_LENGTH:
                tags[(facet, text)] = None
    return list(tags)


def _label(record: dict[str, Any]) -> str:
    return f"{record.get('source')!r}/{record.get('external_id')!r}"


def upsert_postings(
    *,
    session: Session,
    records: list[dict[str, Any]],
    seen_at: datetime,
    run_id: int | None,
) -> UpsertCounts:
    """Store one batch of postings seen at `seen_at`; count new, updated and unchanged.

    Records carry Posting columns except the store's own (id, first/last_seen_at, closed_at,
    content_hash, last_run_id). A changed posting is rewritten and keeps first_seen_at; an
    unchanged one only gets last_seen_at and last_run_id; a closed one seen again is reopened
    (closed_at cleared) and counts as updated. A key twice in a batch: the last record wins.
    """
    seen_at = _utc(seen_at)
    rows: dict[tuple[str, str], dict[str, Any]] = {}
    for record in records:
        row = prepare_row(record)
        rows[(row["source"], row["external_id"])] = row
    if not rows:
        return UpsertCounts(0, 0, 0)

    stored = _stored_state(session, rows.keys())
    to_write: list[dict[str, Any]] = []
    touch: dict[str, list[str]] = defaultdict(list)
    reopen: dict[str, list[str]] = defaultdict(list)
    refingerprint: list[dict[str, Any]] = []
    new = updated = 0
    for key, row in rows.items():
        state = stored.get(key)
        if state is None:
            new += 1
            to_write.append(row)
        elif state[0] != row["content_hash"]:
            updated += 1
            to_write.append(row)
        else:
            if state[1] is not None:
                updated += 1  # reopened: closed_at is cleared below
                reopen[key[0]].append(key[1])
            touch[key[0]].append(key[1])
            if row[RAW_FINGERPRINT] != state[2]:  # the source's words changed, not the posting
                refingerprint.append(row)

    _write_rows(session, to_write, seen_at=seen_at, run_id=run_id)
    if to_write:
        # Imported here: a crawl that finds nothing new never loads the matcher (numpy).
        from store.clusters.sync import assign_clusters

        # New and changed postings join a cluster (or start one) in this same transaction.
        assign_clusters(session=session, rows=to_write)
    if refingerprint:
        session.exec(
            update(POSTINGS)
            .where(
                POSTINGS.c.source == bindparam("key_source"),
                POSTINGS.c.external_id == bindparam("key_id"),
            )
            .values(raw_fingerprint=bindparam("fingerprint")),
            params=[
                {
                    "key_source": r["source"],
                    "key_id": r["external_id"],
                    "fingerprint": r[RAW_FINGERPRINT],
                }
                for r in refingerprint
            ],
        )
    for source, external_ids in touch.items():
        # No listing column in the SET: an unchanged posting touches no index.
        touch_seen(
            session=session,
            source=source,
            external_ids=external_ids,
            seen_at=seen_at,
            run_id=run_id,
        )
    for source, external_ids in reopen.items():
        session.exec(
            update(POSTINGS)
            .where(POSTINGS.c.source == source, POSTINGS.c.external_id.in_(external_ids))
            .values(closed_at=None)
        )
    if new or updated:
        bump_listing_revision(session)
    return UpsertCounts(new=new, updated=updated, unchanged=len(rows) - new - updated)


def _stored_state(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, datetime | None, str | None]]:
    """(content_hash, closed_at, raw_fingerprint) of the stored postings among `keys`."""
    query, params = keyed_select(
        (
            POSTINGS.c.source,
            POSTINGS.c.external_id,
            POSTINGS.c.content_hash,
            POSTINGS.c.closed_at,
            POSTINGS.c.raw_fingerprint,
        ),
        keys,
    )
    found = session.exec(query, params=params, execution_options=UNCACHED)
    return {(s, e): (h, closed, raw) for s, e, h, closed, raw in found}


def posting_params(row: dict[str, Any], *, seen_at: datetime, run_id: int | None) -> dict:
    """The postings-table values of a prepared row first stored at `seen_at`."""
    return {
        **{
            name: row[name]
            for name in (*POSTING_CONTENT, *DERIVED, "content_hash", RAW_FINGERPRINT)
        },
        "first_seen_at": seen_at,
        "last_seen_at": seen_at,
        "last_run_id": run_id,
        "listed_at": row["posted_at"] or seen_at,
    }


def text_params(row: dict[str, Any], posting_id: int) -> dict[str, Any]:
    """The posting_texts values of a prepared row."""
    return {
        "posting_id": posting_id,
        **{name: row[name] for name in ("title", "company", *TEXT_COLUMNS)},
    }


def tag_params(row: dict[str, Any], posting_id: int) -> list[dict[str, Any]]:
    """The posting_tags rows of a prepared row."""
    return [
        {"facet": facet, "value": value, "posting_id": posting_id}
        for facet, value in posting_tags(row)
    ]


def _write_rows(
    session: Session, rows: list[dict[str, Any]], *, seen_at: datetime, run_id: int | None
) -> None:
    """Write new and changed postings whole: the posting, its text, its tags, its document."""
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert_for = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert_for is None:
        raise NotImplementedError(f"upserts support SQLite and PostgreSQL, not {dialect}")
    statement = insert_for(POSTINGS)
    excluded = statement.excluded
    columns = (
        *POSTING_CONTENT,
        *DERIVED,
        "content_hash",
        RAW_FINGERPRINT,
        "last_seen_at",
        "last_run_id",
    )
    statement = statement.on_conflict_do_update(
        index_elements=[POSTINGS.c.source, POSTINGS.c.external_id],
        # first_seen_at is not in the list: an update keeps it, and listed_at falls back to it.
        set_={
            **{name: excluded[name] for name in columns},
            "closed_at": None,
            "listed_at": func.coalesce(excluded.posted_at, POSTINGS.c.first_seen_at),
        },
    )
    # One statement with a list of parameter sets: compiled once (and cached), then run by the
    # driver's executemany, instead of a multi-row VALUES clause compiled anew per batch.
    session.exec(
        statement, params=[posting_params(row, seen_at=seen_at, run_id=run_id) for row in rows]
    )

    ids = _posting_ids(session, [(row["source"], row["external_id"]) for row in rows])
    keyed = [(row, ids[(row["source"], row["external_id"])]) for row in rows]
    texts = [text_params(row, posting_id) for row, posting_id in keyed]
    text_statement = insert_for(TEXTS)
    text_statement = text_statement.on_conflict_do_update(
        index_elements=[TEXTS.c.posting_id],
        set_={name: text_statement.excluded[name] for name in ("title", "company", *TEXT_COLUMNS)},
    )
    session.exec(text_statement, params=texts)
    fulltext.write_documents(
        session,
        ((t["posting_id"], t["title"], t["company"], t["description_text"]) for t in texts),
    )

    session.exec(delete(TAGS).where(TAGS.c.posting_id.in_(list(ids.values()))))
    tags = [tag for row, posting_id in keyed for tag in tag_params(row, posting_id)]
    if tags:
        session.exec(insert(TAGS), params=tags)


def _posting_ids(session: Session, keys: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    query, params = keyed_select((POSTINGS.c.source, POSTINGS.c.external_id, POSTINGS.c.id), keys)
    found = session.exec(query, params=params, execution_options=UNCACHED)
    return {(source, external_id): id_ for source, external_id, id_ in found}


def bump_listing_revision(session: Session) -> None:
    """Say that what the listing shows has changed (cached counts are then read again)."""
    session.exec(
        update(REVISION)
        .where(REVISION.c.id == 1)
        .values(revision=REVISION.c.revision + 1, changed_at=utcnow())
    )


def listing_revision(session: Session) -> int:
    """The listing's revision: it moves whenever a writer changes what the listing shows."""
    return session.scalar(select(REVISION.c.revision).where(REVISION.c.id == 1)) or 0


def close_missing(
    *,
    session: Session,
    source: str,
    seen_before: datetime,
    closed_at: datetime,
    keep_run_id: int | None = None,
) -> int:
    """Close the open postings of `source` last seen before `seen_before`; return how many.

    Postings stamped with `keep_run_id` stay open whatever their clock says: they were seen
    by that run.
    """
    condition = [
        POSTINGS.c.source == source,
        POSTINGS.c.closed_at.is_(None),
        POSTINGS.c.last_seen_at < _utc(seen_before),
    ]
    if keep_run_id is not None:
        condition.append(
            or_(POSTINGS.c.last_run_id.is_(None), POSTINGS.c.last_run_id != keep_run_id)
        )
    result = session.exec(update(POSTINGS).where(*condition).values(closed_at=_utc(closed_at)))
    if result.rowcount:
        bump_listing_revision(session)
    return result.rowcount


def open_fingerprints(*, session: Session, source: str) -> dict[str, str]:
    """The raw fingerprint of every open posting of `source` that has one, by external id.

    A closed posting is left out: one that returns goes the whole way (normalized, stored,
    reopened, clustered again).
    """
    query = select(POSTINGS.c.external_id, POSTINGS.c.raw_fingerprint).where(
        POSTINGS.c.source == source,
        POSTINGS.c.closed_at.is_(None),
        POSTINGS.c.raw_fingerprint.is_not(None),
    )
    return dict(session.exec(query).all())


def touch_seen(
    *,
    session: Session,
    source: str,
    external_ids: Iterable[str],
    seen_at: datetime,
    run_id: int | None,
) -> int:
    """Mark stored postings as seen by `run_id` without changing their content.

    For postings a run saw but could not read this time (they must not be closed), and for
    open postings whose raw fingerprint says nothing changed.
    """
    ids = list(dict.fromkeys(external_ids))
    if not ids:
        return 0
    result = session.exec(
        update(POSTINGS)
        .where(POSTINGS.c.source == source, POSTINGS.c.external_id.in_(ids))
        .values(last_seen_at=_utc(seen_at), last_run_id=run_id)
    )
    return result.rowcount


def touch_pages(
    *, session: Session, source: str, urls: Iterable[str], seen_at: datetime, run_id: int
) -> set[str]:
    """Mark as seen by `run_id` the stored postings read from these pages (their link or
    their id is the page's address); return the pages that held one.

    For kinds whose pages are their postings (jsonld): a page that could not be read this
    time must not close the posting it holds.
    """
    pages = list(dict.fromkeys(urls))
    if not pages:
        return set()
    at_pages = or_(POSTINGS.c.url.in_(pages), POSTINGS.c.external_id.in_(pages))
    where = (POSTINGS.c.source == source, at_pages)
    rows = session.exec(select(POSTINGS.c.url, POSTINGS.c.external_id).where(*where)).all()
    session.exec(
        update(POSTINGS).where(*where).values(last_seen_at=_utc(seen_at), last_run_id=run_id)
    )
    return {page for row in rows for page in (row.url, row.external_id) if page in pages}


def count_open(*, session: Session, source: str) -> int:
    query = select(func.count()).where(POSTINGS.c.source == source, POSTINGS.c.closed_at.is_(None))
    return session.scalar(query) or 0
