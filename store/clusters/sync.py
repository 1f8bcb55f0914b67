"""Clusters kept up to date by the store's writers, and rebuilt from scratch when asked.

`assign_clusters` runs inside `upsert_postings`, in the same transaction, for the postings a
batch wrote (new or changed): each gets a fingerprint and blocking keys, meets only the
stored postings that share a key (their fingerprints, not their descriptions), and joins
the closest cluster or starts one. Nothing else in the store is clustered again.
"""

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import numpy as np
from sqlalchemy import Table, bindparam, delete, func, insert, or_, select, text, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session

from store.clusters.blocking import blocking_keys, limit, limits
from store.clusters.fingerprints import Fingerprints, fingerprint, poster_rank
from store.clusters.grouping import (
    Lifetime,
    Union,
    candidate_pairs,
    cluster_labels,
    matched_pairs,
    without_gc,
)
from store.clusters.members import (
    NEVER,
    Member,
    cluster_id_for,
    repost_flags,
    summarize,
)
from store.clusters.thresholds import THRESHOLDS
from store.keyed import UNCACHED, keyed_select
from store.models import Cluster, ClusterKey, Posting, PostingMatch, PostingText

POSTINGS: Table = Posting.__table__  # type: ignore[attr-defined]
TEXTS: Table = PostingText.__table__  # type: ignore[attr-defined]
MATCHES: Table = PostingMatch.__table__  # type: ignore[attr-defined]
KEYS: Table = ClusterKey.__table__  # type: ignore[attr-defined]
CLUSTERS: Table = Cluster.__table__  # type: ignore[attr-defined]
FINGERPRINT_COLUMNS = tuple(
    c.name
    for c in MATCHES.columns
    if c.name
    not in ("posting_id", "poster_rank", "repost_of_all", "repost_on_source", "posted_by_agency")
)
MATCHES_PER_POSTING = 8
IN_CHUNK = 5_000  # values per IN (...) list (SQLite takes 32,766 parameters a statement)
# Concurrent crawls on PostgreSQL cluster one batch at a time (SQLite's write lock already
# serializes them); any constant will do.
_PG_CLUSTER_LOCK_KEY = 0x636C7573  # "clus"
MEMBER_COLUMNS = (
    POSTINGS.c.id,
    POSTINGS.c.source,
    POSTINGS.c.first_seen_at,
    POSTINGS.c.closed_at,
    POSTINGS.c.cluster_id,
    MATCHES.c.poster_rank,
    MATCHES.c.agency,
    MATCHES.c.company_key,
    MATCHES.c.client_key,
    MATCHES.c.repost_of_all,
    MATCHES.c.repost_on_source,
)


def _chunks(values: Sequence[Any], size: int = IN_CHUNK) -> Iterable[Sequence[Any]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _stamp(value: datetime | None, default: float) -> float:
    if value is None:
        return default
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.timestamp()


def _member(row: Any) -> Member:
    return Member(
        posting_id=row.id,
        source=row.source,
        first_seen=_stamp(row.first_seen_at, 0.0),
        closed=_stamp(row.closed_at, NEVER),
        poster_rank=row.poster_rank,
        agency=row.agency,
        company_key=row.company_key,
        client_key=row.client_key,
        repost_of_all=row.repost_of_all,
        repost_on_source=row.repost_on_source,
    )


def _life(member: Member) -> Lifetime:
    return Lifetime(member.source, member.first_seen, member.closed)


# -- incremental ------------------------------------------------------------------------


def assign_clusters(*, session: Session, rows: Sequence[dict[str, Any]]) -> None:
    """Cluster postings just written (their content rows, as upsert_postings wrote them).

    Python's cycle collector is paused meanwhile, as from scratch: in a process holding
    many objects (a crawl's, a benchmark's million rows) one full collection, which the
    matcher's many short-lived objects set off, took 2.9 CPU s of a 6 s crawl of 1,000
    postings into a 1,000,000-posting store."""
    if not rows:
        return
    with without_gc():
        _assign(session, rows)


def _assign(session: Session, rows: Sequence[dict[str, Any]]) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.exec(
            text("SELECT pg_advisory_xact_lock(:key)"), params={"key": _PG_CLUSTER_LOCK_KEY}
        )
    stored = _written_postings(session, rows)
    prints = fingerprint([written.content for written in stored])
    previous = _stored_fingerprints(session, [row.id for row in stored])
    todo, detached = [], set()
    for i, row in enumerate(stored):
        old = previous.get(row.id)
        if old is not None and row.cluster_id and _same_fingerprint(old, prints, i):
            continue  # the change did not touch what matching reads
        if old is not None:
            _forget(session, row.id, old)
            if row.cluster_id:
                detached.add(row.cluster_id)
        todo.append(i)
    if not todo:
        return
    rows = [stored[i] for i in todo]
    new = prints.take(todo)
    touched = _join(session, rows, new)
    _refresh(session, touched | detached)


@dataclass
class _Written:
    """A posting just written: its content, and what the store keeps beside it."""

    content: dict[str, Any]
    id: int
    first_seen_at: datetime
    closed_at: datetime | None
    cluster_id: str | None

    @property
    def source(self) -> str:
        return self.content["source"]

    @property
    def source_kind(self) -> str:
        return self.content["source_kind"]

    @property
    def external_id(self) -> str:
        return self.content["external_id"]


def _written_postings(session: Session, rows: Sequence[dict[str, Any]]) -> list[_Written]:
    """The rows with what the store keeps beside them (id, first seen, closed, cluster)."""
    query, params = keyed_select(
        (
            POSTINGS.c.source,
            POSTINGS.c.external_id,
            POSTINGS.c.id,
            POSTINGS.c.first_seen_at,
            POSTINGS.c.closed_at,
            POSTINGS.c.cluster_id,
        ),
        [(row["source"], row["external_id"]) for row in rows],
    )
    found = session.exec(query, params=params, execution_options=UNCACHED)
    kept = {(r.source, r.external_id): r for r in found}
    found = []
    for row in rows:
        stored = kept[(row["source"], row["external_id"])]
        found.append(
            _Written(row, stored.id, stored.first_seen_at, stored.closed_at, stored.cluster_id)
        )
    found.sort(key=lambda written: written.id)
    return found


_FINGERPRINT_INPUTS = (
    "id", "source", "source_kind", "external_id", "title", "company", "city", "state",
    "remote", "employment_type", "salary_annual_min", "salary_annual_max",
    "salary_estimated", "first_seen_at", "closed_at", "cluster_id",
)  # fmt: skip  # postings columns; the description comes from posting_texts


def _stored_fingerprints(session: Session, posting_ids: Sequence[int]) -> dict[int, Any]:
    found = {}
    for chunk in _chunks(list(posting_ids)):
        query = select(MATCHES).where(MATCHES.c.posting_id.in_(chunk))
        found.update({row.posting_id: row._mapping for row in session.exec(query)})
    return found


def _same_fingerprint(old: Any, prints: Fingerprints, index: int) -> bool:
    row = prints.take([index]).stored_rows()[0]
    return all(old[name] == row[name] for name in FINGERPRINT_COLUMNS)


def _forget(session: Session, posting_id: int, old: Any) -> None:
    """Drop a changed posting's fingerprint and keys, and take it out of its cluster."""
    keys, _owners = blocking_keys(Fingerprints.from_stored([old]))
    for chunk in _chunks(sorted(set(keys.tolist()))):
        session.exec(delete(KEYS).where(KEYS.c.posting_id == posting_id, KEYS.c.key.in_(chunk)))
    session.exec(delete(MATCHES).where(MATCHES.c.posting_id == posting_id))
    session.exec(update(POSTINGS).where(POSTINGS.c.id == posting_id).values(cluster_id=None))


def _join(session: Session, rows: list[Any], new: Fingerprints) -> set[str]:
    """Match the new fingerprints against the store and each other; write where they went."""
    count = len(rows)
    new_keys, new_owners = blocking_keys(new)
    found, held = _postings_with_keys(session, sorted(set(new_keys.tolist())))
    sources = {row.source for row in rows}
    # A crawl's batch comes from one source: its own open postings could not join it.
    skip = next(iter(sources)) if len(sources) == 1 else None
    candidates, candidate_rows = _candidates(
        session, sorted({posting_id for _key, posting_id in found}), skip_listed_by=skip
    )
    kept = {row.id for row in candidate_rows}
    found = [(key, posting_id) for key, posting_id in found if posting_id in kept]
    position = {row.id: count + i for i, row in enumerate(candidate_rows)}
    stored_keys = np.array([k for k, _ in found], dtype=np.int64)
    stored_owners = np.array([position[p] for _, p in found], dtype=np.intp)
    prints = Fingerprints.concat([new, candidates]) if candidate_rows else new
    # New against new, as from scratch; new against every stored posting of a shared key
    # (the query already kept the most recent max_block of each).
    within_left, within_right = candidate_pairs(new_keys, new_owners)
    stored_left, stored_right = _crossed(new_keys, new_owners, stored_keys, stored_owners)
    left = np.concatenate([within_left, stored_left])
    right = np.concatenate([within_right, stored_right])
    left, right = _joinable(rows, candidate_rows, left, right)
    a, b, _score = matched_pairs(prints, left, right)
    a, b = _best_matches(a, b)

    # Union nodes: the new postings, then one per stored cluster that a match reaches.
    cluster_of = {row.id: row.cluster_id for row in candidate_rows}
    cluster_names = sorted(
        {cluster_of[candidate_rows[y - count].id] for y in b.tolist() if y >= count} - {None}
    )
    members = _members(session, cluster_names)
    node_of_cluster = {name: count + i for i, name in enumerate(cluster_names)}
    new_members = [_new_member(row, new, i) for i, row in enumerate(rows)]
    union = Union(
        [[_life(m)] for m in new_members]
        + [[_life(m) for m in members[name]] for name in cluster_names]
    )
    for x, y in zip(a.tolist(), b.tolist(), strict=True):
        target = y if y < count else node_of_cluster.get(cluster_of[candidate_rows[y - count].id])
        if target is not None:
            union.join(x, target)

    by_root: dict[int, list[int]] = defaultdict(list)
    for i in range(count):
        by_root[union.find(i)].append(i)
    clusters_in_root: dict[int, list[str]] = defaultdict(list)
    for name in cluster_names:
        root = union.find(node_of_cluster[name])
        if root in by_root:
            clusters_in_root[root].append(name)

    assigned: dict[int, str] = {}
    relabel: dict[str, str] = {}
    touched: set[str] = set()
    for root, indexes in by_root.items():
        merged = clusters_in_root.get(root, [])
        if merged:
            merged.sort(key=lambda name: (min(m.first_seen for m in members[name]), name))
            target = merged[0]
            relabel.update({name: target for name in merged[1:]})
            earlier = [m for name in merged for m in members[name]]
        else:
            founder = min(indexes, key=lambda i: (new_members[i].first_seen, rows[i].id))
            target = cluster_id_for(rows[founder].source, rows[founder].external_id)
            earlier = []
        for i in sorted(indexes, key=lambda i: (new_members[i].first_seen, rows[i].id)):
            member = new_members[i]
            member.repost_of_all, member.repost_on_source = repost_flags(member, earlier)
            earlier.append(member)
            assigned[rows[i].id] = target
        touched.add(target)
    _write_new(session, rows, new, new_members, new_keys, new_owners, assigned)
    added = Counter(new_keys.tolist())
    _trim_keys(session, [k for k, n in added.items() if held[k] + n > 2 * limit(k)])
    for old, target in relabel.items():
        session.exec(update(POSTINGS).where(POSTINGS.c.cluster_id == old).values(cluster_id=target))
        session.exec(delete(CLUSTERS).where(CLUSTERS.c.id == old))
    return touched


def _crossed(
    keys: np.ndarray, owners: np.ndarray, other_keys: np.ndarray, other_owners: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Every (owner, other owner) pair sharing a key, each pair once."""
    if keys.size == 0 or other_keys.size == 0:
        return np.zeros(0, dtype=np.intp), np.zeros(0, dtype=np.intp)
    order = np.argsort(other_keys, kind="stable")
    sorted_keys, sorted_owners = other_keys[order], other_owners[order]
    start = np.searchsorted(sorted_keys, keys, side="left")
    end = np.searchsorted(sorted_keys, keys, side="right")
    counts = end - start
    left = np.repeat(owners, counts)
    offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
    right = sorted_owners[np.repeat(start, counts) + offsets]
    code = np.unique(left.astype(np.int64) * (right.max() + 1) + right)
    width = right.max() + 1
    return (code // width).astype(np.intp), (code % width).astype(np.intp)


def _joinable(
    rows: list[Any], candidate_rows: list[Any], left: np.ndarray, right: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs worth judging: those with a new posting, less those of two open postings
    of one source (one board lists a job once: such a join would be refused)."""
    count = len(rows)
    keep = left < count
    left, right = left[keep], right[keep]
    names: dict[str, int] = {}
    source = np.array(
        [names.setdefault(r.source, len(names)) for r in (*rows, *candidate_rows)], dtype=np.intp
    )
    listed = np.array([True] * count + [r.closed_at is None for r in candidate_rows], dtype=bool)
    blocked = (source[left] == source[right]) & listed[left] & listed[right]
    return left[~blocked], right[~blocked]


def _best_matches(a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """At most MATCHES_PER_POSTING matches for each new posting, the closest (a posting
    joins its best cluster; bridging more than a few is not worth the reads)."""
    taken: dict[int, int] = defaultdict(int)
    keep = np.zeros(len(a), dtype=bool)
    for k, x in enumerate(a.tolist()):
        if taken[x] < MATCHES_PER_POSTING:
            taken[x] += 1
            keep[k] = True
    return a[keep], b[keep]


def _postings_with_keys(
    session: Session, keys: Sequence[int]
) -> tuple[list[tuple[int, int]], Counter[int]]:
    """(key, posting id) of the most recent stored postings of each of `keys`, as many as
    its kind keeps (`blocking.limit`: the ones a new posting meets, as from scratch), and
    how many postings each key holds (up to about twice that: see _trim_keys)."""
    found: list[tuple[int, int]] = []
    held: Counter[int] = Counter()
    for chunk in _chunks(list(keys)):
        ranked = (
            select(
                KEYS.c.key,
                KEYS.c.posting_id,
                func.row_number()
                .over(partition_by=KEYS.c.key, order_by=KEYS.c.posting_id.desc())
                .label("place"),
                func.count().over(partition_by=KEYS.c.key).label("held"),
            )
            .where(KEYS.c.key.in_(chunk))
            .subquery()
        )
        # the rows past the larger limit stay in SQLite: only their count comes back
        query = select(ranked.c.key, ranked.c.posting_id, ranked.c.place, ranked.c.held).where(
            ranked.c.place <= max(THRESHOLDS.max_block, THRESHOLDS.max_band_block)
        )
        for key, posting_id, place, count in session.exec(query):
            held[key] = count
            if place <= limit(key):
                found.append((key, posting_id))
    return found, held


def _trim_keys(session: Session, keys: Sequence[int]) -> None:
    """Cut these keys back to their most recent postings, as many as each keeps (called
    once a key holds twice as many), so reading a key costs the same however many postings ever
    shared it, and trimming happens once in many batches."""
    for key in sorted(keys):
        cutoff = session.exec(
            select(KEYS.c.posting_id)
            .where(KEYS.c.key == key)
            .order_by(KEYS.c.posting_id.desc())
            .offset(limit(key) - 1)
            .limit(1)
        ).scalar_one()
        session.exec(delete(KEYS).where(KEYS.c.key == key, KEYS.c.posting_id < cutoff))


def _candidates(
    session: Session, posting_ids: Sequence[int], *, skip_listed_by: str | None = None
) -> tuple[Fingerprints, list[Any]]:
    """Fingerprints of stored postings (less the open ones of `skip_listed_by`)."""
    rows: list[Any] = []
    columns = [MATCHES.c[name] for name in FINGERPRINT_COLUMNS]
    for chunk in _chunks(list(posting_ids)):
        query = (
            select(
                POSTINGS.c.id,
                POSTINGS.c.cluster_id,
                POSTINGS.c.external_id,
                POSTINGS.c.source,
                POSTINGS.c.closed_at,
                *columns,
            )
            .join(MATCHES, MATCHES.c.posting_id == POSTINGS.c.id)
            .where(POSTINGS.c.id.in_(chunk))
        )
        if skip_listed_by is not None:
            query = query.where(
                or_(POSTINGS.c.source != skip_listed_by, POSTINGS.c.closed_at.is_not(None))
            )
        rows.extend(session.exec(query).all())
    rows.sort(key=lambda row: row.id)
    if not rows:
        return fingerprint([]), []
    names = ["id", "cluster_id", "external_id", "source", "closed_at", *FINGERPRINT_COLUMNS]
    return Fingerprints.from_columns(dict(zip(names, zip(*rows, strict=True), strict=True))), rows


def _members(session: Session, cluster_ids: Sequence[str]) -> dict[str, list[Member]]:
    members: dict[str, list[Member]] = defaultdict(list)
    for chunk in _chunks(list(cluster_ids)):
        query = (
            select(*MEMBER_COLUMNS)
            .join(MATCHES, MATCHES.c.posting_id == POSTINGS.c.id)
            .where(POSTINGS.c.cluster_id.in_(chunk))
            .order_by(POSTINGS.c.id)
        )
        for row in session.exec(query):
            members[row.cluster_id].append(_member(row))
    return members


def _new_member(row: Any, new: Fingerprints, i: int) -> Member:
    return Member(
        posting_id=row.id,
        source=row.source,
        first_seen=_stamp(row.first_seen_at, 0.0),
        closed=_stamp(row.closed_at, NEVER),
        poster_rank=poster_rank(row.source_kind, None),
        agency=new.agency[i],
        company_key=new.company_key[i],
        client_key=new.client_key[i],
    )


def _write_new(
    session: Session,
    rows: list[Any],
    new: Fingerprints,
    members: list[Member],
    keys: np.ndarray,
    owners: np.ndarray,
    assigned: dict[int, str],
) -> None:
    stored = new.stored_rows()
    _insert_plain(
        session,
        MATCHES,
        [
            {
                **fields,
                "posting_id": row.id,
                "poster_rank": member.poster_rank,
                "repost_of_all": member.repost_of_all,
                "repost_on_source": member.repost_on_source,
                "posted_by_agency": False,  # set by _refresh, which sees the whole cluster
            }
            for row, fields, member in zip(rows, stored, members, strict=True)
        ],
    )
    ids = np.array([row.id for row in rows], dtype=np.int64)[owners]
    pairs = np.unique(np.stack([keys, ids], axis=1), axis=0).tolist() if keys.size else []
    if pairs:
        _insert_keys(session, pairs)
    _set_cluster_ids(session, assigned)


def _insert_plain(session: Session, table: Table, rows: Sequence[dict[str, Any]]) -> None:
    """Insert rows of plain values (numbers, text, bytes, booleans) straight through the
    driver's executemany: the matcher's tables take many small rows per posting, and
    SQLAlchemy's per-row parameter work would cost more than the inserts themselves."""
    if not rows:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    names = list(rows[0])
    quote = connection.dialect.identifier_preparer.quote
    statement = (
        f"INSERT INTO {quote(table.name)} ({', '.join(quote(n) for n in names)}) "
        f"VALUES ({', '.join([mark] * len(names))})"
    )
    connection.exec_driver_sql(statement, [tuple(row[n] for n in names) for row in rows])


def _insert_keys(session: Session, pairs: Sequence[Sequence[int]]) -> None:
    """Insert (key, posting id) rows (lists of two ints, as ndarray.tolist() gives them)."""
    if not pairs:
        return
    connection = session.connection()
    mark = "?" if connection.dialect.paramstyle == "qmark" else "%s"
    quote = connection.dialect.identifier_preparer.quote
    connection.exec_driver_sql(
        f"INSERT INTO {quote(KEYS.name)} ({quote('key')}, {quote('posting_id')}) "
        f"VALUES ({mark}, {mark})",
        [tuple(pair) for pair in pairs],
    )


def _set_cluster_ids(session: Session, assigned: dict[int, str]) -> None:
    """postings.cluster_id for each posting id, in one statement run for every pair."""
    if assigned:
        session.exec(
            update(POSTINGS)
            .where(POSTINGS.c.id == bindparam("posting"))
            .values(cluster_id=bindparam("cluster")),
            params=[{"posting": p, "cluster": c} for p, c in assigned.items()],
        )


def _refresh(session: Session, cluster_ids: set[str]) -> None:
    """Recompute size, canonical posting, reposts and agency marks of these clusters."""
    names = sorted(cluster_ids)
    members = _members(session, names)
    now = datetime.now(UTC)
    rows, marks = [], {}
    for name in names:
        if not members.get(name):
            session.exec(delete(CLUSTERS).where(CLUSTERS.c.id == name))
            continue
        summary = summarize(members[name])
        rows.append(
            {
                "id": name,
                "canonical_posting_id": summary.canonical_posting_id,
                "size": summary.size,
                "reposted_count": summary.reposted_count,
                "updated_at": now,
            }
        )
        marks.update({m.posting_id: m.posting_id in summary.agency_postings for m in members[name]})
    _upsert_clusters(session, rows)
    for flag in (True, False):
        ids = sorted(p for p, marked in marks.items() if marked is flag)
        for chunk in _chunks(ids):
            session.exec(
                update(MATCHES)
                .where(MATCHES.c.posting_id.in_(chunk), MATCHES.c.posted_by_agency.is_not(flag))
                .values(posted_by_agency=flag)
            )


def _upsert_clusters(session: Session, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    dialect = session.get_bind().dialect.name
    statement = {"sqlite": sqlite.insert, "postgresql": postgresql.insert}[dialect](CLUSTERS)
    statement = statement.on_conflict_do_update(
        index_elements=[CLUSTERS.c.id],
        set_={
            name: statement.excluded[name]
            for name in ("canonical_posting_id", "size", "reposted_count", "updated_at")
        },
    )
    session.exec(statement, params=rows)


# -- from scratch ----------------------------------------------------------------------

REBUILD_READ_ROWS = 5_000


def rebuild_clusters(*, session: Session) -> int:
    """Cluster every stored posting again, from scratch (after the matcher changed, or to
    fill a store stored before clusters existed). Returns the number of clusters."""
    with without_gc():
        return _rebuild(session)


def _rebuild(session: Session) -> int:
    for table in (KEYS, MATCHES, CLUSTERS):
        session.exec(delete(table))
    columns = [POSTINGS.c[name] for name in _FINGERPRINT_INPUTS]
    parts, rows = [], []
    result = session.exec(
        select(*columns, TEXTS.c.description_text)
        .outerjoin(TEXTS, TEXTS.c.posting_id == POSTINGS.c.id)
        .order_by(POSTINGS.c.id)
        .execution_options(yield_per=REBUILD_READ_ROWS)
    )
    for chunk in result.partitions():
        parts.append(fingerprint([row._mapping for row in chunk]))
        # Keep only what is needed later, not the descriptions.
        rows.extend(
            (r.id, r.source, r.source_kind, r.external_id, r.first_seen_at, r.closed_at)
            for r in chunk
        )
    if not rows:
        return 0
    prints = Fingerprints.concat(parts)
    members = [
        Member(
            posting_id=posting_id,
            source=source,
            first_seen=_stamp(first_seen, 0.0),
            closed=_stamp(closed, NEVER),
            poster_rank=poster_rank(kind, None),
            agency=prints.agency[i],
            company_key=prints.company_key[i],
            client_key=prints.client_key[i],
        )
        for i, (posting_id, source, kind, _external, first_seen, closed) in enumerate(rows)
    ]
    keys = blocking_keys(prints)
    labels = cluster_labels(prints, [_life(m) for m in members], keys)
    groups: dict[int, list[int]] = defaultdict(list)
    for i, label in enumerate(labels.tolist()):
        groups[label].append(i)

    now = datetime.now(UTC)
    cluster_rows, assigned, marks = [], {}, {}
    for indexes in groups.values():
        indexes.sort(key=lambda i: (members[i].first_seen, members[i].posting_id))
        founder = rows[indexes[0]]
        name = cluster_id_for(founder[1], founder[3])
        earlier: list[Member] = []
        for i in indexes:
            members[i].repost_of_all, members[i].repost_on_source = repost_flags(
                members[i], earlier
            )
            earlier.append(members[i])
            assigned[members[i].posting_id] = name
        summary = summarize(earlier)
        cluster_rows.append(
            {
                "id": name,
                "canonical_posting_id": summary.canonical_posting_id,
                "size": summary.size,
                "reposted_count": summary.reposted_count,
                "updated_at": now,
            }
        )
        marks.update({m.posting_id: m.posting_id in summary.agency_postings for m in earlier})

    stored = prints.stored_rows()
    for start in range(0, len(rows), REBUILD_READ_ROWS):
        _insert_plain(
            session,
            MATCHES,
            [
                {
                    **stored[i],
                    "posting_id": members[i].posting_id,
                    "poster_rank": members[i].poster_rank,
                    "repost_of_all": members[i].repost_of_all,
                    "repost_on_source": members[i].repost_on_source,
                    "posted_by_agency": marks[members[i].posting_id],
                }
                for i in range(start, min(start + REBUILD_READ_ROWS, len(rows)))
            ],
        )
    key_values, owners = keys
    ids = np.array([m.posting_id for m in members], dtype=np.int64)[owners]
    pairs = _most_recent(np.unique(np.stack([key_values, ids], axis=1), axis=0))
    for start in range(0, len(pairs), 50_000):
        _insert_keys(session, pairs[start : start + 50_000].tolist())
    _set_cluster_ids(session, assigned)
    for start in range(0, len(cluster_rows), 50_000):
        session.exec(insert(CLUSTERS), params=cluster_rows[start : start + 50_000])
    return len(cluster_rows)


def _most_recent(pairs: np.ndarray) -> np.ndarray:
    """Of sorted (key, posting id) rows, the last of each key, as many as it keeps (as
    _trim_keys)."""
    if len(pairs) == 0:
        return pairs
    starts = np.flatnonzero(np.r_[True, pairs[1:, 0] != pairs[:-1, 0]])
    ends = np.r_[starts[1:], len(pairs)]
    from_end = np.repeat(ends, ends - starts) - np.arange(len(pairs))
    return pairs[from_end <= limits(pairs[:, 0])]


def unclustered_postings(session: Session) -> bool:
    """Whether any stored posting has no fingerprint yet (a store from before clusters)."""
    missing = (
        select(POSTINGS.c.id)
        .where(~select(MATCHES.c.posting_id).where(MATCHES.c.posting_id == POSTINGS.c.id).exists())
        .limit(1)
    )
    return session.exec(missing).first() is not None
