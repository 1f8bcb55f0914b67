"""The export record: field names and order, values, open-only, and the two formats."""

import csv
import io
import json
from datetime import UTC, datetime, timedelta

from store.db import session_scope
from store.export import EXPORT_FIELDS, export_records, write_csv, write_jsonl
from store.postings import close_missing, upsert_postings
from tests.store.records import T0, posting

SPEC_ORDER = [
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
]


def _store_two_one_closed(engine):
    with session_scope(engine) as session:
        upsert_postings(session=session, records=[posting(1), posting(2)], seen_at=T0, run_id=1)
    with session_scope(engine) as session:
        upsert_postings(
            session=session, records=[posting(2)], seen_at=T0 + timedelta(days=1), run_id=2
        )
        close_missing(
            session=session,
            source="acme-health",
            seen_before=T0 + timedelta(hours=1),
            closed_at=T0 + timedelta(days=1),
        )


def _export(engine, **options) -> list[dict]:
    with session_scope(engine, readonly=True) as session:
        return list(export_records(session=session, **options))


def test_fields_follow_the_spec_then_the_extras():
    assert list(EXPORT_FIELDS[: len(SPEC_ORDER)]) == SPEC_ORDER
    assert set(EXPORT_FIELDS[len(SPEC_ORDER) :]) == {
        "credential_requirements",
        "experience_years",
        "facets",
        "cluster_id",
        "locations",
        "states",
        "salary_source",
        "state_source",
        "remote_source",
        "education_source",
        "cluster_size",
        "reposted_count",
        "first_posted_at",
        "days_open",
        "posted_by_agency",
        "listing_signals",
    }


def test_records_carry_every_field_with_iso_timestamps(db_engine):
    _store_two_one_closed(db_engine)
    first, second = _export(db_engine)
    assert list(first) == list(EXPORT_FIELDS)
    assert first["external_id"] == "job-1"
    assert first["closed_at"] == (T0 + timedelta(days=1)).isoformat()
    assert datetime.fromisoformat(first["posted_at"]) == datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
    assert first["first_seen_at"] == "2026-03-02T08:00:00+00:00"
    assert second["closed_at"] is None
    assert second["last_seen_at"] == "2026-03-03T08:00:00+00:00"
    assert first["certifications"] == ["RHIT", "CCS"]
    assert first["credential_requirements"] == {"RHIT": "required", "CCS": "preferred"}
    assert first["salary_annual_min"] == 41600.0
    assert first["relevant"] is True and first["salary_estimated"] is False
    assert "description_html" not in first


def test_open_only_leaves_out_closed_postings(db_engine):
    _store_two_one_closed(db_engine)
    assert [r["external_id"] for r in _export(db_engine, open_only=True)] == ["job-2"]
    assert len(_export(db_engine)) == 2


def test_export_streams_many_rows_in_order(db_engine, monkeypatch):
    monkeypatch.setattr("store.export.BATCH_ROWS", 7)  # many fetches, as a big store makes
    records = [posting(n) for n in range(60)]
    with session_scope(db_engine) as session:
        upsert_postings(session=session, records=records, seen_at=T0, run_id=None)
    with session_scope(db_engine, readonly=True) as session:
        stream = export_records(session=session)
        assert next(stream)["external_id"] == "job-0"
        rest = [r["external_id"] for r in stream]
    assert len(rest) == 59 and rest[-1] == "job-59"


def test_jsonl_round_trips(db_engine):
    _store_two_one_closed(db_engine)
    out = io.StringIO()
    assert write_jsonl(_export(db_engine), out) == 2
    lines = out.getvalue().splitlines()
    assert [json.loads(line) for line in lines] == _export(db_engine)


def test_csv_has_a_header_and_flat_cells(db_engine):
    _store_two_one_closed(db_engine)
    out = io.StringIO()
    assert write_csv(_export(db_engine), out) == 2
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(rows[0]) == list(EXPORT_FIELDS)
    assert rows[0]["certifications"] == "RHIT;CCS"
    assert json.loads(rows[0]["facets"])["ehr"] == ["Epic"]
    assert rows[0]["relevant"] == "true"
    assert rows[1]["closed_at"] == ""
    assert rows[0]["description_text"] == posting(1)["description_text"]  # newline kept
