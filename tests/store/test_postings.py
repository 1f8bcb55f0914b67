"""Upserts: counts, what an unchanged re-crawl touches, reopening, and record checks."""

import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import delete, text, update
from sqlmodel import select

from store.db import get_engine, init_db, session_scope
from store.job_search import JobSearch
from store.listing import list_postings
from store.models import Posting, PostingTag, PostingText
from store.postings import close_missing, content_hash, prepare_row, upsert_postings
from tests.store.records import T0, posting

ROOT = Path(__file__).resolve().parents[2]
T1 = T0 + timedelta(hours=6)
T2 = T0 + timedelta(hours=12)


def _upsert(engine, records, seen_at, run_id=None):
    with session_scope(engine) as session:
        return upsert_postings(session=session, records=records, seen_at=seen_at, run_id=run_id)


def _stored(engine) -> dict[str, Posting]:
    with session_scope(engine, readonly=True) as session:
        return {p.external_id: p for p in session.exec(select(Posting)).all()}


def test_first_crawl_inserts_every_posting(db_engine):
    counts = _upsert(db_engine, [posting(n) for n in range(3)], T0, run_id=1)
    assert (counts.new, counts.updated, counts.unchanged) == (3, 0, 0)
    stored = _stored(db_engine)["job-1"]
    assert stored.first_seen_at == stored.last_seen_at == T0
    assert stored.closed_at is None
    assert stored.last_run_id == 1
    assert stored.certifications == ["RHIT", "CCS"]
    assert stored.facets["ehr"] == ["Epic"]
    assert stored.posted_at == posting(1)["posted_at"]
    assert stored.posted_at.tzinfo is not None
    assert stored.content_hash == content_hash(prepare_row(posting(1)))


def test_recrawl_counts_new_updated_unchanged(db_engine):
    _upsert(db_engine, [posting(n) for n in range(4)], T0, run_id=1)
    batch = [
        posting(0),  # unchanged
        posting(1),  # unchanged
        posting(2, title="Senior Medical Records Specialist"),  # updated
        posting(7),  # new
    ]
    counts = _upsert(db_engine, batch, T1, run_id=2)
    assert (counts.new, counts.updated, counts.unchanged) == (1, 1, 2)

    stored = _stored(db_engine)
    assert stored["job-2"].title == "Senior Medical Records Specialist"
    assert stored["job-2"].first_seen_at == T0  # kept on update
    assert stored["job-2"].last_seen_at == T1
    assert stored["job-7"].first_seen_at == T1
    assert stored["job-3"].last_seen_at == T0  # not in this crawl
    assert stored["job-3"].last_run_id == 1


def test_unchanged_rows_only_move_last_seen(db_engine):
    _upsert(db_engine, [posting(n) for n in range(3)], T0, run_id=1)
    before = {key: p.model_dump() for key, p in _stored(db_engine).items()}

    counts = _upsert(db_engine, [posting(n) for n in range(3)], T1, run_id=2)
    assert counts.unchanged == 3

    after = {key: p.model_dump() for key, p in _stored(db_engine).items()}
    for key, row in after.items():
        moved = {name for name in row if row[name] != before[key][name]}
        assert moved == {"last_seen_at", "last_run_id"}
        assert row["last_seen_at"] == T1
        assert row["last_run_id"] == 2


def test_same_values_in_other_types_are_unchanged(db_engine):
    _upsert(db_engine, [posting(1)], T0)
    counts = _upsert(db_engine, [posting(1, salary_min=20.0, salary_annual_min=41600.0)], T1)
    assert counts.unchanged == 1


def test_closed_posting_seen_again_is_reopened(db_engine):
    _upsert(db_engine, [posting(1), posting(2)], T0)
    with session_scope(db_engine) as session:
        closed = close_missing(session=session, source="acme-health", seen_before=T1, closed_at=T1)
    assert closed == 2
    assert _stored(db_engine)["job-1"].closed_at == T1

    counts = _upsert(db_engine, [posting(1), posting(2, title="Coder II")], T2)
    assert (counts.new, counts.updated, counts.unchanged) == (0, 2, 0)
    stored = _stored(db_engine)
    for key in ("job-1", "job-2"):
        assert stored[key].closed_at is None
        assert stored[key].last_seen_at == T2
        assert stored[key].first_seen_at == T0


def test_close_missing_spares_recent_and_other_sources(db_engine):
    _upsert(db_engine, [posting(1), posting(2, source="other-board")], T0)
    _upsert(db_engine, [posting(3)], T2)
    with session_scope(db_engine) as session:
        closed = close_missing(session=session, source="acme-health", seen_before=T1, closed_at=T2)
    assert closed == 1
    stored = {(p.source, p.external_id): p for p in _stored_all(db_engine)}
    assert stored[("acme-health", "job-1")].closed_at == T2
    assert stored[("acme-health", "job-3")].closed_at is None
    assert stored[("other-board", "job-2")].closed_at is None


def _stored_all(engine) -> list[Posting]:
    with session_scope(engine, readonly=True) as session:
        return list(session.exec(select(Posting)).all())


def test_one_batch_may_span_sources_and_repeat_a_key(db_engine):
    batch = [posting(1), posting(1, source="other-board"), posting(2), posting(2, title="Last")]
    counts = _upsert(db_engine, batch, T0)
    assert counts.new == 3
    stored = {(p.source, p.external_id): p for p in _stored_all(db_engine)}
    assert stored[("acme-health", "job-2")].title == "Last"


def test_a_concurrent_insert_becomes_an_update(db_engine):
    # Another writer stored the key between our read and our write: the upsert still lands.
    _upsert(db_engine, [posting(1)], T0)
    with session_scope(db_engine) as session:
        session.exec(update(Posting).values(content_hash="stale"))
    counts = _upsert(db_engine, [posting(1, title="Changed")], T1)
    assert counts.updated == 1
    assert _stored(db_engine)["job-1"].title == "Changed"


def test_a_full_batch_mixes_changed_and_unchanged_rows(db_engine):
    records = [posting(n) for n in range(300)]
    assert _upsert(db_engine, records, T0).new == 300
    changed = [posting(n, title="Coder") if n % 2 else posting(n) for n in range(300)]
    assert _upsert(db_engine, changed, T1) == (0, 150, 150)
    stored = _stored(db_engine)
    assert stored["job-1"].title == "Coder"
    assert stored["job-2"].title == posting(2)["title"]
    assert {p.last_seen_at for p in stored.values()} == {T1}


def test_same_job_on_two_sources_shares_a_cluster(db_engine):
    _upsert(db_engine, [posting(1), posting(1, source="other-board", external_id="x9")], T0)
    clusters = {p.cluster_id for p in _stored_all(db_engine)}
    assert len(clusters) == 1 and None not in clusters


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"first_seen_at": T0}, "kept by the store"),
        ({"remote_hint": "remote"}, "not posting columns: remote_hint"),
        ({"title": ""}, "missing title"),
        ({"posted_at": "2026-03-01"}, "posted_at must be a datetime"),
    ],
)
def test_bad_records_are_refused_with_the_reason(change, message):
    with pytest.raises(ValueError, match=message) as caught:
        prepare_row(posting(5, **change))
    assert "'acme-health'/'job-5'" in str(caught.value)


def test_two_crawl_processes_write_one_sqlite_file(sqlite_url):
    # Overlapping keys force both writers to read, then write, the same rows.
    init_db(sqlite_url)
    script = textwrap.dedent(
        """
        import sys
        from datetime import UTC, datetime
        from store.db import get_engine, session_scope
        from store.postings import upsert_postings
        from tests.store.records import posting
        engine = get_engine(sys.argv[1])
        for batch in range(15):
            records = [posting(n, title=f"{sys.argv[2]} {batch}") for n in range(40)]
            with session_scope(engine) as session:
                upsert_postings(
                    session=session, records=records, seen_at=datetime.now(UTC), run_id=None
                )
        """
    )
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", script, sqlite_url, name],
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for name in ("left", "right")
    ]
    for process in processes:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    stored = _stored(get_engine(sqlite_url))
    assert len(stored) == 40
    assert {p.title for p in stored.values()} <= {"left 14", "right 14"}


def _tags_and_texts(engine) -> tuple[dict, dict]:
    with session_scope(engine, readonly=True) as session:
        ids = {p.id: p.external_id for p in session.exec(select(Posting)).all()}
        tags = {}
        for tag in session.exec(select(PostingTag)).all():
            tags.setdefault(ids[tag.posting_id], set()).add((tag.facet, tag.value))
        texts = {ids[t.posting_id]: t for t in session.exec(select(PostingText)).all()}
    return tags, texts


def test_a_changed_posting_rewrites_its_text_and_tags(db_engine):
    _upsert(db_engine, [posting(1), posting(2)], T0)
    tags, texts = _tags_and_texts(db_engine)
    assert tags["job-1"] == {("credential", "RHIT"), ("credential", "CCS"), ("setting", "hospital"),
                             ("code_set", "ICD-10-CM"), ("ehr", "Epic")}  # fmt: skip
    assert texts["job-1"].description_html == posting(1)["description_html"]
    assert texts["job-1"].title == posting(1)["title"]

    changed = posting(1, certifications=["CPC"], facets={"ehr": ["Cerner", "Cerner"]},
                      description_text="New text.", title="Coder")  # fmt: skip
    _upsert(db_engine, [changed, posting(2)], T1)
    tags, texts = _tags_and_texts(db_engine)
    assert tags["job-1"] == {("credential", "CPC"), ("ehr", "Cerner")}
    assert (texts["job-1"].description_text, texts["job-1"].title) == ("New text.", "Coder")
    assert tags["job-2"] == _tags_and_texts(db_engine)[0]["job-2"]  # untouched


def _write_change_and_delete(engine) -> None:
    _upsert(engine, [posting(n) for n in range(5)], T0)
    _upsert(engine, [posting(n, description_text=f"Changed {n}.") for n in range(3)], T1)
    with session_scope(engine) as session:
        session.execute(delete(Posting).where(Posting.external_id.in_(["job-0", "job-4"])))


def test_deleting_a_posting_takes_its_text_tags_and_words(db_engine):
    _write_change_and_delete(db_engine)
    tags, texts = _tags_and_texts(db_engine)
    assert set(tags) == set(texts) == {"job-1", "job-2", "job-3"}
    with session_scope(db_engine, readonly=True) as session:
        changed = list_postings(session, JobSearch(keyword="changed"), now=T1).rows
        records = list_postings(session, JobSearch(keyword="inpatient"), now=T1).rows
    assert sorted(r["external_id"] for r in changed) == ["job-1", "job-2"]
    assert [r["external_id"] for r in records] == ["job-3"]


def test_the_fts5_index_matches_its_content_after_writes_and_deletes(sqlite_url):
    engine = init_db(sqlite_url)
    _write_change_and_delete(engine)
    # FTS5 checks its index against posting_texts, the content it was built from; a 'delete'
    # a trigger got wrong would show here as "database disk image is malformed".
    check = "INSERT INTO posting_search (posting_search, rank) VALUES ('integrity-check', 1)"
    with session_scope(engine) as session:
        session.execute(text(check))
