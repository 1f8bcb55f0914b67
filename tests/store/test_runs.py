"""Run records and the posting lifecycle a finished run applies."""

from datetime import UTC, datetime

from sqlmodel import select

from store.db import session_scope
from store.models import Posting, ScrapeRun
from store.postings import upsert_postings
from store.runs import complete_run, heartbeat, recent_runs, start_run
from tests.store.records import posting

SOURCE = "acme-health"


def _crawl(engine, numbers, *, failed=False, source=SOURCE):
    """One run that sees the postings `numbers`; returns the finished run."""
    with session_scope(engine) as session:
        run_id = start_run(session=session, source=source, kind="greenhouse")
    with session_scope(engine) as session:
        counts = upsert_postings(
            session=session,
            records=[posting(n, source=source) for n in numbers],
            seen_at=datetime.now(UTC),
            run_id=run_id,
        )
    with session_scope(engine) as session:
        return complete_run(
            session=session,
            run_id=run_id,
            failed=failed,
            counts={"seen": len(numbers), **counts._asdict()},
            errors=[{"url": "https://jobs.example.org/list", "reason": "HTTP 500"}]
            if failed
            else [],
            stats={"downloader/request_count": 3},
        )


def _open_ids(engine) -> set[str]:
    with session_scope(engine, readonly=True) as session:
        query = select(Posting.external_id).where(Posting.closed_at.is_(None))
        return set(session.exec(query).all())


def test_healthy_run_closes_what_it_did_not_see(db_engine):
    _crawl(db_engine, range(10))
    run = _crawl(db_engine, range(1, 10))
    assert run.status == "succeeded"
    assert run.closed == 1
    assert run.note is None
    assert _open_ids(db_engine) == {f"job-{n}" for n in range(1, 10)}
    assert (run.seen, run.new, run.updated, run.unchanged) == (9, 0, 0, 9)
    assert run.finished_at >= run.started_at


def test_failed_run_closes_nothing(db_engine):
    _crawl(db_engine, range(10))
    run = _crawl(db_engine, range(3), failed=True)
    assert run.status == "failed"
    assert run.closed == 0
    assert "failed" in run.note
    assert run.error_count == 1
    assert run.errors[0]["reason"] == "HTTP 500"
    assert len(_open_ids(db_engine)) == 10


def test_run_that_saw_far_fewer_than_usual_closes_nothing(db_engine):
    for _ in range(3):
        _crawl(db_engine, range(10))
    run = _crawl(db_engine, range(4))  # 4 < 50% of the usual 10
    assert run.status == "succeeded"
    assert run.closed == 0
    assert "saw 4 postings" in run.note and "usual 10" in run.note
    assert len(_open_ids(db_engine)) == 10

    # A dip that is not far below the usual count is a real change: it closes.
    run = _crawl(db_engine, range(6))
    assert run.closed == 4 and run.note is None


def test_run_that_saw_nothing_keeps_open_postings(db_engine):
    _crawl(db_engine, range(3))
    with session_scope(db_engine) as session:  # no history of succeeded runs to compare with
        session.exec(select(ScrapeRun)).one().status = "failed"
    run = _crawl(db_engine, [])
    assert run.closed == 0 and "saw no postings" in run.note
    assert len(_open_ids(db_engine)) == 3


def test_a_run_closes_only_its_own_source(db_engine):
    _crawl(db_engine, range(3), source="other-board")
    _crawl(db_engine, range(3))
    _crawl(db_engine, range(2))
    with session_scope(db_engine, readonly=True) as session:
        closed = session.exec(select(Posting).where(Posting.closed_at.is_not(None))).all()
    assert [(p.source, p.external_id) for p in closed] == [(SOURCE, "job-2")]


def test_stats_with_datetimes_are_stored_as_json(db_engine):
    with session_scope(db_engine) as session:
        run_id = start_run(session=session, source=SOURCE, kind="lever", trigger="schedule")
    with session_scope(db_engine) as session:
        started = session.get(ScrapeRun, run_id).started_at
        complete_run(
            session=session,
            run_id=run_id,
            failed=False,
            counts={"seen": 0},
            errors=[],
            stats={"start_time": started, "log_count/ERROR": 0},
        )
    with session_scope(db_engine, readonly=True) as session:
        run = session.get(ScrapeRun, run_id)
    assert run.stats["start_time"] == started.isoformat()
    assert run.trigger == "schedule"


def test_recent_runs_newest_first_and_by_source(db_engine):
    _crawl(db_engine, range(2))
    _crawl(db_engine, range(2), source="other-board")
    last = _crawl(db_engine, range(2))
    with session_scope(db_engine, readonly=True) as session:
        runs = recent_runs(session=session)
        mine = recent_runs(session=session, source=SOURCE, limit=1)
    assert [r.id for r in runs] == sorted((r.id for r in runs), reverse=True)
    assert len(runs) == 3
    assert [r.id for r in mine] == [last.id]


def test_a_heartbeat_updates_a_running_run_and_never_a_finished_one(db_engine):
    with session_scope(db_engine) as session:
        running = start_run(session=session, source=SOURCE, kind="lever")
        finished = start_run(session=session, source=SOURCE, kind="lever")
        complete_run(
            session=session, run_id=finished, failed=False, counts={"seen": 9}, errors=[], stats={}
        )
        before = session.get(ScrapeRun, running).heartbeat_at
    with session_scope(db_engine) as session:
        assert heartbeat(session=session, run_id=running, seen=5, dropped=2)
        assert not heartbeat(session=session, run_id=finished, seen=1, dropped=0)
    with session_scope(db_engine, readonly=True) as session:
        alive = session.get(ScrapeRun, running)
        done = session.get(ScrapeRun, finished)
    assert (alive.status, alive.seen, alive.dropped) == ("running", 5, 2)
    assert alive.heartbeat_at > before
    assert (done.status, done.seen, done.dropped) == ("succeeded", 9, 0)
