"""Postings: batched upserts keyed on (source, external_id), and closing what is gone.

A re-crawl mostly sees postings it already has. So a batch reads the stored content hashes
of its keys in one query, writes full rows only for new and changed postings (one dialect
INSERT ... ON CONFLICT DO UPDATE), and touches the rest with one UPDATE of last_seen_at.
Before that, the crawl skips normalizing the postings whose raw fingerprint is the one
stored (`open_fingerprints`, then `touch_seen`).
"""

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, NamedTuple

from sqlalchemy import Boolean, Float, Table, and_, bindparam, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from store.models import Posting

POSTINGS: Table = Posting.__table__  # type: ignore[attr-defined]

# Columns the store keeps itself; a record never sets them.
BOOKKEEPING = frozenset(
    {
        "id",
        "first_seen_at",
        "last_seen_at",
        "closed_at",
        "content_hash",
        "raw_fingerprint",
        "last_run_id",
        "cluster_id",
    }
)
# What the source said, fingerprinted by the crawl: a record may carry it; it is stored but
# is no part of the content (a new normalizer changes it, not the posting).
RAW_FINGERPRINT = "raw_fingerprint"
REQUIRED = ("source", "source_kind", "external_id", "url", "title")
# Every other column is content: what the source said plus what the pipelines derived.
CONTENT_COLUMNS = tuple(c.name for c in POSTINGS.columns if c.name not in BOOKKEEPING)
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
_FLOATS = frozenset(c.name for c in POSTINGS.columns if isinstance(c.type, Float))
_BOOLS = frozenset(c.name for c in POSTINGS.columns if isinstance(c.type, Boolean))


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
    values = [row.get(name) for name in CONTENT_COLUMNS]
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
    row[RAW_FINGERPRINT] = record.get(RAW_FINGERPRINT)
    return row


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
                updated += 1  # reopened: the touch below clears closed_at
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
        session.exec(
            update(POSTINGS)
            .where(POSTINGS.c.source == source, POSTINGS.c.external_id.in_(external_ids))
            .values(last_seen_at=seen_at, last_run_id=run_id, closed_at=None)
        )
    return UpsertCounts(new=new, updated=updated, unchanged=len(rows) - new - updated)


def _stored_state(
    session: Session, keys: Iterable[tuple[str, str]]
) -> dict[tuple[str, str], tuple[str, datetime | None, str | None]]:
    """(content_hash, closed_at, raw_fingerprint) of the stored postings among `keys`."""
    by_source: dict[str, list[str]] = defaultdict(list)
    for source, external_id in keys:
        by_source[source].append(external_id)
    condition = or_(
        *(
            and_(POSTINGS.c.source == source, POSTINGS.c.external_id.in_(ids))
            for source, ids in by_source.items()
        )
    )
    query = select(
        POSTINGS.c.source,
        POSTINGS.c.external_id,
        POSTINGS.c.content_hash,
        POSTINGS.c.closed_at,
        POSTINGS.c.raw_fingerprint,
    ).where(condition)
    return {(s, e): (h, closed, raw) for s, e, h, closed, raw in session.exec(query)}


def _write_rows(
    session: Session, rows: list[dict[str, Any]], *, seen_at: datetime, run_id: int | None
) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    insert = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}.get(dialect)
    if insert is None:
        raise NotImplementedError(f"upserts support SQLite and PostgreSQL, not {dialect}")
    statement = insert(POSTINGS)
    excluded = statement.excluded
    columns = (*CONTENT_COLUMNS, "content_hash", RAW_FINGERPRINT, "last_seen_at", "last_run_id")
    statement = statement.on_conflict_do_update(
        index_elements=[POSTINGS.c.source, POSTINGS.c.external_id],
        # first_seen_at is not in the list: an update keeps it.
        set_={**{name: excluded[name] for name in columns}, "closed_at": None},
    )
    # One statement with a list of parameter sets: compiled once (and cached), then run by the
    # driver's executemany, instead of a multi-row VALUES clause compiled anew per batch.
    stamps = {"first_seen_at": seen_at, "last_seen_at": seen_at, "last_run_id": run_id}
    session.exec(statement, params=[{**row, **stamps} for row in rows])


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
    *, session: Session, source: str, external_ids: Iterable[str], seen_at: datetime, run_id: int
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


def count_open(*, session: Session, source: str) -> int:
    query = select(func.count()).where(POSTINGS.c.source == source, POSTINGS.c.closed_at.is_(None))
    return session.scalar(query) or 0
