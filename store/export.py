"""The export record: every stored posting as one flat record, streamed in constant memory."""

import csv
import json
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import IO, Any

from sqlalchemy import Select, select
from sqlmodel import Session

from store.clusters.signals import facts_of, with_cluster_columns
from store.models import Posting, PostingText
from store.postings import TEXT_COLUMNS

# The spec's stable fields, in its order, then the extra ones.
SPEC_FIELDS = (
    "source",
    "source_kind",
    "external_id",
    "url",
    "title",
    "company",
    "location",
    "city",
    "state",
    "country",
    "remote",
    "employment_type",
    "salary_min",
    "salary_max",
    "salary_currency",
    "salary_period",
    "salary_annual_min",
    "salary_annual_max",
    "salary_estimated",
    "salary_text",
    "certifications",
    "education",
    "occupation",
    "relevant",
    "posted_at",
    "first_seen_at",
    "last_seen_at",
    "closed_at",
    "description_text",
)
POSTING_EXTRAS = (
    "credential_requirements",
    "experience_years",
    "facets",
    "cluster_id",
    "locations",
    "states",
    # where the value came from: "structured" | "text" | "inferred" (SPEC: `<field>_source`)
    "salary_source",
    "state_source",
    "remote_source",
    "education_source",
)
# What the cluster of a posting says about it (docs/clusters.md).
CLUSTER_FIELDS = (
    "cluster_size",
    "reposted_count",
    "first_posted_at",
    "days_open",
    "posted_by_agency",
    "listing_signals",
)
EXTRA_FIELDS = POSTING_EXTRAS + CLUSTER_FIELDS
EXPORT_FIELDS = SPEC_FIELDS + EXTRA_FIELDS
_COLUMNS = SPEC_FIELDS + POSTING_EXTRAS  # read from the postings row (and its text)

# Rows fetched per round trip; PostgreSQL streams them through a server-side cursor.
BATCH_ROWS = 500
# A spreadsheet reads a cell that begins with one of these as a formula (OWASP, "CSV
# Injection"): such a text cell gets a leading apostrophe, so it is shown, never run.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def export_records(*, session: Session, open_only: bool = False) -> Iterator[dict[str, Any]]:
    """Every stored posting (or the open ones) as an export record, oldest first.

    Datetimes are ISO 8601 strings in UTC; lists and dicts stay lists and dicts.
    """
    query = _record_query().order_by(Posting.__table__.c.id)  # type: ignore[attr-defined]
    if open_only:
        query = query.where(Posting.__table__.c.closed_at.is_(None))  # type: ignore[attr-defined]
    yield from _records(session.exec(query.execution_options(yield_per=BATCH_ROWS)))


def records_by_id(*, session: Session, posting_ids: Sequence[int]) -> dict[int, dict[str, Any]]:
    """The export records of these postings (a page of a listing), by posting id."""
    if not posting_ids:
        return {}
    table = Posting.__table__  # type: ignore[attr-defined]
    ids = list(posting_ids)
    rows = session.exec(_record_query(ids).where(table.c.id.in_(ids)))
    return {record["id"]: record for record in _records(rows, with_id=True)}


def _record_query(posting_ids: Sequence[int] | None = None) -> Select:
    table = Posting.__table__  # type: ignore[attr-defined]
    texts = PostingText.__table__  # type: ignore[attr-defined]
    # The description from posting_texts, in constant memory all the same: one join, streamed.
    selected = [(texts if name in TEXT_COLUMNS else table).c[name] for name in _COLUMNS]
    return with_cluster_columns(
        select(table.c.id, *selected).select_from(
            table.outerjoin(texts, texts.c.posting_id == table.c.id)
        ),
        posting_ids,
    )


def _records(rows: Iterable[Any], *, with_id: bool = False) -> Iterator[dict[str, Any]]:
    for row in rows:
        facts = facts_of(row)
        record = {"id": row.id} if with_id else {}
        record.update({name: getattr(row, name) for name in _COLUMNS})
        record.update({name: getattr(facts, name) for name in CLUSTER_FIELDS})
        yield {
            name: value.isoformat() if isinstance(value, datetime) else value
            for name, value in record.items()
        }


def write_jsonl(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """One JSON object per line; returns how many were written."""
    count = 0
    for record in records:
        out.write(json.dumps(record, ensure_ascii=False))
        out.write("\n")
        count += 1
    return count


def write_csv(records: Iterable[dict[str, Any]], out: IO[str]) -> int:
    """A header of EXPORT_FIELDS, then one row per record; returns how many were written.

    Cells: lists of codes joined with ";" (certifications: "RHIT;CCS"), dicts as JSON,
    booleans as true/false, missing values empty. Text that a spreadsheet would take for a
    formula (it begins with =, +, -, @, a tab or a carriage return) starts with an
    apostrophe (`'=HYPERLINK(…)`); numbers are written as they are. JSON lines keep the
    raw text.
    """
    # Rows end in CRLF (RFC 4180), so a carriage return inside a cell is quoted with it.
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(EXPORT_FIELDS)
    count = 0
    for record in records:
        writer.writerow([_csv_cell(record.get(name)) for name in EXPORT_FIELDS])
        count += 1
    return count


def _csv_cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return formula_safe(";".join(str(item) for item in value))
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return formula_safe(value)


def formula_safe(value: Any) -> Any:
    """A CSV cell's value as a spreadsheet shows it and never runs it: text that begins with
    one of FORMULA_TRIGGERS gets a leading apostrophe; anything else (numbers too) is
    returned as it is. Every CSV hitboard writes passes its cells through here."""
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


WRITERS = {"jsonl": write_jsonl, "csv": write_csv}
