"""Full-text search that finds the same postings on SQLite and PostgreSQL.

A word is what SQLite's FTS5 `unicode61` tokenizer (remove_diacritics 2) makes of the text: a
run of letters and digits, lower-cased, accents removed; everything else separates words. No
stemming and no stop-words on either backend, so "CTR" never matches inside "electronically"
and "coder" does not find "coding".

- SQLite: `posting_search` is an FTS5 table over posting_texts (title, company,
  description_text), kept in step by triggers on posting_texts.
- PostgreSQL: `posting_search` holds one tsvector per posting (GIN index), written by the
  store's writers from the very words FTS5 would index: `words()` tokenizes with a table
  derived from FTS5 itself. Title words carry weight A and the employer's B, so a title match
  can be asked for; a one-position gap between the fields keeps phrases inside one field, as
  FTS5 columns do.

Neither table is in the SQLModel metadata (their DDL is backend-specific); `owns()` tells
Alembic's comparison to leave them alone.
"""

import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from sqlalchemy import (
    Connection,
    Select,
    cast,
    column,
    literal,
    literal_column,
    select,
    table,
    text,
)
from sqlalchemy.dialects.postgresql import TSQUERY
from sqlmodel import Session

from store.reference import credential_forms

TOKENIZER = "unicode61 remove_diacritics 2"
INDEX_TABLE = "posting_search"
# PostgreSQL's tsvector limits: positions up to 16,383, 256 positions per word, words under
# 2 KB. Descriptions stay far inside them; past them, phrase matches may differ from SQLite.
MAX_POSITION = 16_383
MAX_POSITIONS_PER_WORD = 256
MAX_WORD_BYTES = 2_046
REBUILD_BATCH = 1_000
MAX_TERMS = 10
# A "quoted phrase" (an unclosed quote runs to the end) or a run of non-space characters.
_QUERY_PARTS = re.compile(r'"([^"]*)"?|([^\s"]+)')

_SQLITE_DDL = (
    f"""CREATE VIRTUAL TABLE {INDEX_TABLE} USING fts5(
        title, company, description_text,
        content='posting_texts', content_rowid='posting_id', tokenize='{TOKENIZER}')""",
    f"""CREATE TRIGGER posting_texts_search_insert AFTER INSERT ON posting_texts BEGIN
        INSERT INTO {INDEX_TABLE} (rowid, title, company, description_text)
        VALUES (new.posting_id, new.title, new.company, new.description_text);
    END""",
    f"""CREATE TRIGGER posting_texts_search_delete AFTER DELETE ON posting_texts BEGIN
        INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}, rowid, title, company, description_text)
        VALUES ('delete', old.posting_id, old.title, old.company, old.description_text);
    END""",
    f"""CREATE TRIGGER posting_texts_search_update AFTER UPDATE ON posting_texts
    WHEN old.title IS NOT new.title OR old.company IS NOT new.company
        OR old.description_text IS NOT new.description_text BEGIN
        INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}, rowid, title, company, description_text)
        VALUES ('delete', old.posting_id, old.title, old.company, old.description_text);
        INSERT INTO {INDEX_TABLE} (rowid, title, company, description_text)
        VALUES (new.posting_id, new.title, new.company, new.description_text);
    END""",
)
_SQLITE_DROP = (
    "DROP TRIGGER IF EXISTS posting_texts_search_update",
    "DROP TRIGGER IF EXISTS posting_texts_search_delete",
    "DROP TRIGGER IF EXISTS posting_texts_search_insert",
    f"DROP TABLE IF EXISTS {INDEX_TABLE}",
)
_POSTGRES_DDL = (
    f"""CREATE TABLE {INDEX_TABLE} (
        posting_id INTEGER PRIMARY KEY REFERENCES postings (id) ON DELETE CASCADE,
        document TSVECTOR NOT NULL)""",
    f"CREATE INDEX ix_{INDEX_TABLE}_document ON {INDEX_TABLE} USING gin (document)",
)
_POSTGRES_UPSERT = text(
    f"INSERT INTO {INDEX_TABLE} (posting_id, document) "
    "VALUES (:posting_id, CAST(:document AS tsvector)) "
    "ON CONFLICT (posting_id) DO UPDATE SET document = EXCLUDED.document"
)


def owns(name: str) -> bool:
    """True for the search index's tables (FTS5 adds shadow tables named after it)."""
    return name == INDEX_TABLE or name.startswith(INDEX_TABLE + "_")


def include_name(name: str | None, type_: str, _parent: object) -> bool:
    """Alembic's `include_name` hook: schema comparisons leave the index's tables alone."""
    return not (type_ == "table" and name is not None and owns(name))


# --- words ---------------------------------------------------------------------------------

_folds: dict[int, str] = {}  # code point -> its folded form, "" (dropped) or " " (separator)
_known: set[str] = set()  # characters already asked of FTS5
_folds_lock = threading.Lock()


def words(value: str | None) -> list[str]:
    """The words FTS5's unicode61 tokenizer (remove_diacritics 2) finds in `value`, in order."""
    if not value:
        return []
    unknown = set(value) - _known
    if unknown:
        _learn(unknown)
    return value.translate(_folds).split()


def _learn(characters: set[str]) -> None:
    """Ask an in-memory FTS5 table what it makes of each new character, once per process.

    Each character goes in as "a<char>a": one word "a…a" back means a word character, folded
    to what sits between the a's (nothing when FTS5 drops it as a diacritic); two words mean a
    separator. Characters that fold to themselves stay out of the table: str.translate passes
    them through.
    """
    with _folds_lock:
        characters = sorted(characters - _known)
        connection = sqlite3.connect(":memory:")
        try:
            connection.execute(f"CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='{TOKENIZER}')")
            connection.execute(
                "CREATE VIRTUAL TABLE probe_words USING fts5vocab(probe, 'instance')"
            )
            connection.executemany(
                "INSERT INTO probe (rowid, x) VALUES (?, ?)",
                ((ord(char), f"a{char}a") for char in characters),
            )
            found: dict[int, list[str]] = defaultdict(list)
            for doc, term in connection.execute(
                "SELECT doc, term FROM probe_words ORDER BY doc, offset"
            ):
                found[doc].append(term)
        finally:
            connection.close()
        for char in characters:
            terms = found.get(ord(char), [])
            if len(terms) == 1 and len(terms[0]) >= 2 and terms[0][0] == terms[0][-1] == "a":
                if terms[0][1:-1] != char:
                    _folds[ord(char)] = terms[0][1:-1]
            else:
                _folds[ord(char)] = " "
        _known.update(characters)


# --- queries -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One word or "phrase" of a keyword search; a posting matches it by any one of its forms.

    Each form is a sequence of words that must stand next to each other (a phrase). A term
    naming a credential carries every form of that credential (CTR: ODS-C, CTR, Certified
    Tumor Registrar, ...).
    """

    text: str
    forms: tuple[tuple[str, ...], ...]


def keyword_terms(query: str | None) -> list[Term]:
    """The terms of a keyword search: its words and "quoted phrases", at most MAX_TERMS.

    A word that FTS5 splits ("CCS-P", "ICD-10-CM") is a phrase of its parts. A term that
    names a credential in any of its forms matches every form of it. Repeats count once.
    """
    terms: list[Term] = []
    for phrase, word in _QUERY_PARTS.findall(query or ""):
        found = tuple(words(phrase or word))
        if not found:
            continue
        forms = _credential_words().get(found, (found,))
        if all(term.forms != forms for term in terms):
            terms.append(Term(" ".join(found), forms))
    return terms[:MAX_TERMS]


def credential_code(value: str) -> str | None:
    """The canonical code of a credential named in any of its forms ("ctr" -> "ODS-C")."""
    return _credential_codes().get(tuple(words(value)))


@cache
def _credential_words() -> dict[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Each form of each credential, as words -> every form of that credential, as words."""
    lookup = {}
    for forms in credential_forms().values():
        as_words = tuple(dict.fromkeys(tuple(words(form)) for form in forms))
        for form in as_words:
            lookup[form] = as_words
    return lookup


@cache
def _credential_codes() -> dict[tuple[str, ...], str]:
    return {
        tuple(words(form)): code for code, forms in credential_forms().items() for form in forms
    }


def fts5_query(terms: Sequence[Term], *, title_only: bool = False, any_term: bool = False) -> str:
    """An FTS5 MATCH expression: every term (or any, if asked), each by any of its forms."""
    expression = (" OR " if any_term else " AND ").join(
        "(" + " OR ".join('"' + " ".join(form) + '"' for form in term.forms) + ")" for term in terms
    )
    return f"{{title}} : ({expression})" if title_only else expression


def tsquery(terms: Sequence[Term], *, title_only: bool = False, any_term: bool = False) -> str:
    """The same expression as a PostgreSQL tsquery (words quoted; weight A for the title)."""
    weight = ":A" if title_only else ""
    return (" | " if any_term else " & ").join(
        "(" + " | ".join(" <-> ".join(f"'{w}'{weight}" for w in form) for form in term.forms) + ")"
        for term in terms
    )


def matching_ids(
    terms: Sequence[Term], dialect: str, *, title_only: bool = False, any_term: bool = False
) -> Select:
    """SELECT of the ids of postings holding every term (or any term; in the title only)."""
    options = {"title_only": title_only, "any_term": any_term}
    if dialect == "sqlite":
        index = table(INDEX_TABLE, column("rowid"))
        match = literal_column(INDEX_TABLE).op("MATCH")(literal(fts5_query(terms, **options)))
        return select(index.c.rowid).where(match)
    if dialect == "postgresql":
        index = table(INDEX_TABLE, column("posting_id"), column("document"))
        query = cast(literal(tsquery(terms, **options)), TSQUERY)
        return select(index.c.posting_id).where(index.c.document.op("@@")(query))
    raise NotImplementedError(f"full-text search supports SQLite and PostgreSQL, not {dialect}")


# --- the index -----------------------------------------------------------------------------


def tsvector(title: str | None, company: str | None, description: str | None) -> str:
    """A tsvector literal of a posting's words: title weight A, company B, description D."""
    positions: dict[str, list[str]] = {}
    position = 0
    for weight, value in (("A", title), ("B", company), ("", description)):
        for word in words(value):
            position += 1
            if len(word.encode("utf-8")) > MAX_WORD_BYTES:
                continue
            found = positions.setdefault(word, [])
            if len(found) < MAX_POSITIONS_PER_WORD:
                found.append(f"{min(position, MAX_POSITION)}{weight}")
        position += 1  # a gap: no phrase runs from one field into the next
    # Words hold no quote or backslash (FTS5 separates at every ASCII punctuation mark).
    return " ".join(f"'{word}':{','.join(found)}" for word, found in positions.items())


def write_documents(
    session: Session, documents: Iterable[tuple[int, str | None, str | None, str | None]]
) -> None:
    """Index (posting_id, title, company, description_text) rows on PostgreSQL.

    SQLite needs no call: its triggers index posting_texts as it is written.
    """
    if session.get_bind().dialect.name != "postgresql":
        return
    params = [
        {"posting_id": posting_id, "document": tsvector(title, company, description)}
        for posting_id, title, company, description in documents
    ]
    if params:
        session.execute(_POSTGRES_UPSERT, params)


def create_index(connection: Connection) -> None:
    """Create the search index (empty) for the connection's backend."""
    ddl = _SQLITE_DDL if connection.dialect.name == "sqlite" else _POSTGRES_DDL
    for statement in ddl:
        connection.exec_driver_sql(statement)


def drop_index(connection: Connection) -> None:
    if connection.dialect.name == "sqlite":
        for statement in _SQLITE_DROP:
            connection.exec_driver_sql(statement)
    else:
        connection.exec_driver_sql(f"DROP TABLE IF EXISTS {INDEX_TABLE}")


def copy_temporary_index(connection: Connection, *, store_schema: str, posting_ids: str) -> None:
    """A temporary copy of the search index, under the index's own name (so it shadows the
    store's on this connection), holding the postings the SQL `posting_ids` selects."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE temp.{INDEX_TABLE} USING fts5(title, company, "
            f"description_text, tokenize='{TOKENIZER}')"
        )
        connection.exec_driver_sql(
            f"INSERT INTO temp.{INDEX_TABLE} (rowid, title, company, description_text) "
            f"SELECT posting_id, title, company, description_text "
            f"FROM {store_schema}.posting_texts WHERE posting_id IN ({posting_ids})"
        )
        return
    quote = connection.dialect.identifier_preparer.quote
    connection.exec_driver_sql(
        f"CREATE TEMPORARY TABLE {INDEX_TABLE} AS "
        f"SELECT * FROM {quote(store_schema)}.{INDEX_TABLE} WHERE posting_id IN ({posting_ids})"
    )


def rebuild_index(connection: Connection) -> None:
    """Index every posting_texts row again (after a bulk load or a migration)."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"INSERT INTO {INDEX_TABLE} ({INDEX_TABLE}) VALUES ('rebuild')")
        return
    connection.exec_driver_sql(f"DELETE FROM {INDEX_TABLE}")
    source = connection.exec_driver_sql(
        "SELECT posting_id, title, company, description_text FROM posting_texts",
        execution_options={"yield_per": REBUILD_BATCH},
    )
    for rows in source.partitions():
        params = [
            {"posting_id": row[0], "document": tsvector(row[1], row[2], row[3])} for row in rows
        ]
        connection.execute(_POSTGRES_UPSERT, params)
