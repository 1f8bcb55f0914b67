"""A keyword's matches kept on a SQLite connection: reused while the full-text index is
unchanged, never stale after a write from this connection or another, rebuilt after a
rollback, and bounded."""

from datetime import timedelta

import pytest
from sqlalchemy import create_engine, event, text

from store import kept_matches
from store.db import init_db, session_scope
from store.job_search import JobSearch
from store.listing import count_postings, list_postings
from store.postings import upsert_postings
from tests.store.records import T0, posting


def coder(number: int, title: str = "Medical Coder") -> dict:
    return posting(number, title=title, posted_at=T0 - timedelta(days=number),
                   description_text="Code outpatient charts.")  # fmt: skip


def add(engine, *records) -> None:
    with session_scope(engine) as session:
        upsert_postings(session=session, records=list(records), seen_at=T0, run_id=None)


@pytest.fixture
def engine(sqlite_url):
    engine = init_db(sqlite_url)
    add(engine, *(coder(n) for n in range(1, 6)), coder(6, title="Cancer Registrar"))
    return engine


def titles_found(engine, keyword: str = "coder") -> list[str]:
    with session_scope(engine, readonly=True) as session:
        page = list_postings(session, JobSearch(keyword=keyword), limit=100, now=T0)
    assert page.total == len(page.rows)
    return [row["external_id"] for row in page.rows]


def statements(engine) -> list[str]:
    seen: list[str] = []
    event.listen(engine, "before_cursor_execute",
                 lambda _c, _cur, statement, *_a: seen.append(statement))  # fmt: skip
    return seen


def copies(engine) -> int:
    with engine.connect() as connection:
        return connection.exec_driver_sql(
            "SELECT count(*) FROM sqlite_temp_master WHERE name LIKE 'kept_matches_%'"
        ).scalar_one()


def warmed(engine, keyword: str = "coder") -> list[str]:
    """The postings found, asked for twice: the second time makes the copies."""
    titles_found(engine, keyword)
    return titles_found(engine, keyword)


def test_a_match_asked_twice_is_copied_and_reused(engine):
    engine.pool.dispose()  # one connection, handed back each time
    seen = statements(engine)
    first = titles_found(engine)
    assert first == [f"job-{n}" for n in range(1, 6)]
    assert not [s for s in seen if s.startswith("INSERT INTO temp.")]  # asked once: no copy
    assert titles_found(engine) == first
    assert len([s for s in seen if s.startswith("INSERT INTO temp.kept_matches_")]) == 2
    seen.clear()
    assert titles_found(engine) == first
    assert not [s for s in seen if "MATCH" in s]  # answered from the copies alone
    assert copies(engine) == 2  # any field, title


def test_a_write_on_the_same_connection_is_seen(engine):
    engine.pool.dispose()
    assert len(warmed(engine)) == 5
    add(engine, coder(7))  # the pool hands back the one connection
    assert "job-7" in titles_found(engine)


def test_a_write_from_another_connection_is_seen(engine, sqlite_url):
    assert len(warmed(engine)) == 5
    add(create_engine(sqlite_url), coder(8))  # not the store's cached engine: another connection
    assert "job-8" in titles_found(engine)


def test_another_connections_edit_of_a_text_is_seen(engine, sqlite_url):
    assert "job-6" not in warmed(engine)
    with create_engine(sqlite_url).begin() as other:
        other.execute(
            text("UPDATE posting_texts SET title = 'Coder' WHERE title = 'Cancer Registrar'")
        )
    assert "job-6" in titles_found(engine)


def test_a_crawl_that_changes_no_text_keeps_the_copies(engine, sqlite_url):
    warmed(engine)
    with create_engine(sqlite_url).begin() as other:  # a re-crawl marking postings seen
        other.execute(text("UPDATE postings SET last_seen_at = last_seen_at"))
    seen = statements(engine)
    assert len(titles_found(engine)) == 5
    assert not [s for s in seen if "MATCH" in s]


def test_a_rolled_back_copy_is_made_again(engine):
    engine.pool.dispose()
    titles_found(engine)
    with pytest.raises(RuntimeError), session_scope(engine, readonly=True) as session:
        list_postings(session, JobSearch(keyword="coder"), now=T0)  # makes the copies
        raise RuntimeError("the request failed")  # rolls back, copies and all
    assert copies(engine) == 0
    assert len(warmed(engine)) == 5
    with session_scope(engine, readonly=True) as session:
        assert count_postings(session, JobSearch(keyword="coder"), now=T0) == 5


def test_copies_per_connection_are_bounded(engine, monkeypatch):
    monkeypatch.setattr(kept_matches, "KEPT_PER_CONNECTION", 3)
    engine.pool.dispose()
    for word in ("coder", "medical", "registrar", "outpatient", "charts"):
        warmed(engine, word)
    assert copies(engine) == 3
    assert warmed(engine, "registrar") == ["job-6"]


def test_a_write_earlier_in_the_same_transaction_is_seen(engine):
    engine.pool.dispose()
    warmed(engine)
    with session_scope(engine) as session:
        upsert_postings(session=session, records=[coder(9)], seen_at=T0, run_id=None)
        page = list_postings(session, JobSearch(keyword="coder"), limit=100, now=T0)
        assert "job-9" in [row["external_id"] for row in page.rows]
