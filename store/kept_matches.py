"""A keyword's matches, kept on a SQLite connection while the store is unchanged.

A common keyword ("coder") matches a fifth of a large store. Every query that tests postings
against it makes SQLite gather those ids from the full-text index into a fresh in-memory
index: 70 ms for 200,000 ids, paid by each page's query and again by its count, page after
page. A job seeker pages through a search and narrows it with the keyword unchanged, so a
match asked for a second time is copied into a temporary table of the connection (read off
its primary key) and reused. Only the second time: a copy costs a little more than SQLite's
own gathering, and a keyword asked once would pay for it in vain.

The copies are dropped when the full-text index changes, whoever changes it: FTS5 rewrites its
structure record (row 10 of the index's `_data` table) with every change to the index, so a
crawl that only marks postings seen keeps them, one that adds or edits a posting's text does
not. Any write through the connection itself drops them too (its change count moves): a
guard for index changes FTS5 may still hold in memory inside that connection's transaction.
A transaction that rolls back takes its copies with it, so which exist is read off
sqlite_temp_master on each use. PostgreSQL answers a match from its GIN index in place and
needs none of this.
"""

import hashlib
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Select, column, select, table, text
from sqlmodel import Session

from store import fulltext

KEPT_PER_CONNECTION = 8  # the oldest copy is dropped past it (a few MB each at 1M postings)
ASKED_PER_CONNECTION = 256  # keywords asked once that are remembered
_INFO_KEY = "kept_matches"
_PREFIX = "kept_matches_"
_STRUCTURE = f"SELECT block FROM main.{fulltext.INDEX_TABLE}_data WHERE id = 10"


@dataclass
class _Kept:
    index_structure: bytes | None = None
    changes: int = -1
    tables: OrderedDict[str, str] = field(default_factory=OrderedDict)  # query -> table
    asked: set[str] = field(default_factory=set)  # queries asked once, not yet copied


def matching_ids(
    session: Session, terms: list[fulltext.Term], *, title_only: bool = False,
    any_term: bool = False,
) -> Select:  # fmt: skip
    """fulltext.matching_ids, read from a copy kept on a SQLite session's connection."""
    connection = session.connection()
    if connection.dialect.name != "sqlite":
        return fulltext.matching_ids(terms, connection.dialect.name, title_only=title_only,
                                     any_term=any_term)  # fmt: skip
    query = fulltext.fts5_query(terms, title_only=title_only, any_term=any_term)
    name = _kept_table(connection, query)
    if name is None:
        return fulltext.matching_ids(terms, "sqlite", title_only=title_only, any_term=any_term)
    return select(table(name, column("id")).c.id)


def _kept_table(connection: Connection, query: str) -> str | None:
    """The copy of `query`'s matches, made now if it is asked for the second time."""
    kept: _Kept = connection.info.setdefault(_INFO_KEY, _Kept())
    raw: Any = connection.connection.dbapi_connection
    structure = connection.exec_driver_sql(_STRUCTURE).scalar_one_or_none()
    if (structure, raw.total_changes) != (kept.index_structure, kept.changes):
        _drop(connection, list(kept.tables.values()))
        kept.tables.clear()
        kept.asked.clear()
    existing = set(connection.exec_driver_sql(
        f"SELECT name FROM sqlite_temp_master WHERE type = 'table' AND name LIKE '{_PREFIX}%'"
    ).scalars())  # fmt: skip
    for stale in [q for q, name in kept.tables.items() if name not in existing]:
        del kept.tables[stale]  # rolled back with its transaction
    name = kept.tables.get(query)
    if name is None and query not in kept.asked:
        if len(kept.asked) >= ASKED_PER_CONNECTION:
            kept.asked.clear()
        kept.asked.add(query)
    elif name is None:
        kept.asked.discard(query)
        name = _PREFIX + hashlib.sha1(query.encode()).hexdigest()[:16]
        _drop(connection, [name])  # a copy rolled back halfway, or left by a lost entry
        connection.exec_driver_sql(f"CREATE TEMP TABLE {name} (id INTEGER PRIMARY KEY)")
        index = fulltext.INDEX_TABLE
        fill = f"INSERT INTO temp.{name} SELECT rowid FROM main.{index} WHERE {index} MATCH :query"
        connection.execute(text(fill), {"query": query})
        while len(kept.tables) >= KEPT_PER_CONNECTION:
            _drop(connection, [kept.tables.popitem(last=False)[1]])
        kept.tables[query] = name
    else:
        kept.tables.move_to_end(query)
    kept.index_structure, kept.changes = structure, raw.total_changes
    return name


def _drop(connection: Connection, names: list[str]) -> None:
    for name in names:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS temp.{name}")
