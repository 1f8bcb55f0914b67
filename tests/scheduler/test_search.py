"""Keyword search finds the same postings on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update

from store.db import session_scope
from store.models import Posting
from store.postings import upsert_postings
from store.search import search_postings, search_terms
from tests.store.records import posting

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)
POSTINGS = {
    1: {"title": "Medical Coder II", "description_text": "Code outpatient charts. CPC required."},
    2: {"title": "Health Information Technician", "description_text": "Scan and index records."},
    3: {"title": "Cancer Registrar", "description_text": "Abstract cases; work with a coder."},
    4: {"title": "Python Coder", "company": "Widgets", "description_text": "Write 100% tests."},
    5: {"title": "Release of Information Specialist", "description_text": "ROI_desk duties."},
    6: {"title": "Medical Coder (closed)", "description_text": "Gone."},
}


@pytest.fixture
def store(db_engine):
    with session_scope(db_engine) as session:
        upsert_postings(
            session=session,
            records=[
                posting(number, posted_at=T0 - timedelta(days=number), **fields)
                for number, fields in POSTINGS.items()
            ],
            seen_at=T0,
            run_id=None,
        )
        session.execute(update(Posting).where(Posting.external_id == "job-6").values(closed_at=T0))
    return db_engine


def _found(engine, query, **options) -> list[str]:
    with session_scope(engine, readonly=True) as session:
        return [p.external_id for p in search_postings(session=session, query=query, **options)]


def test_terms_split_words_and_quoted_phrases():
    assert search_terms('  Medical "release of  information" medical ') == [
        "medical",
        "release of information",
    ]
    assert search_terms("  Coder, REMOTE coder; 'ROI'") == ["coder", "remote", "roi"]
    assert search_terms("") == []


def test_every_word_must_appear_somewhere_ignoring_case(store):
    assert _found(store, "MEDICAL coder") == ["job-1"]
    assert _found(store, "records") == ["job-2"]  # the description counts too


def test_title_matches_come_before_description_matches(store):
    # job-4 (title) before job-3 (description) though job-3 is newer; then newest first.
    assert _found(store, "coder") == ["job-1", "job-4", "job-3"]


def test_phrases_and_wildcard_characters_are_taken_literally(store):
    assert _found(store, '"release of information"') == ["job-5"]
    assert _found(store, "100%") == ["job-4"]
    assert _found(store, "ROI_desk") == ["job-5"]
    assert _found(store, "ROI%desk") == []
    assert _found(store, "_") == ["job-5"]


def test_closed_postings_only_when_asked(store):
    assert "job-6" not in _found(store, "coder")
    assert _found(store, "coder", open_only=False)[0] == "job-1"
    assert "job-6" in _found(store, "coder", open_only=False)


def test_an_empty_query_lists_open_postings_newest_first(store):
    assert _found(store, None) == ["job-1", "job-2", "job-3", "job-4", "job-5"]
    assert _found(store, "   ", limit=2) == ["job-1", "job-2"]
