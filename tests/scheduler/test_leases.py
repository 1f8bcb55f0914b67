"""Leases: one crawl per source, across processes and machines, on SQLite and PostgreSQL."""

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import update
from sqlmodel import select

from store.db import session_scope
from store.leases import (
    LeaseRefused,
    acquire_lease,
    attach_run,
    lease_of,
    live_leases,
    reap_stale_runs,
    release_lease,
    renew_lease,
)
from store.models import ScrapeRun, SourceLease
from store.runs import start_run


def _take(engine, name, holder, ttl=60.0, run_id=None):
    with session_scope(engine) as session:
        acquire_lease(session=session, name=name, holder=holder, ttl=ttl, run_id=run_id)


def _expire(engine, name):
    with session_scope(engine) as session:
        session.execute(
            update(SourceLease)
            .where(SourceLease.name == name)
            .values(expires_at=datetime.now(UTC) - timedelta(seconds=1))
        )


def test_a_held_lease_refuses_others_and_says_who_holds_it(db_engine):
    with session_scope(db_engine) as session:
        run_id = start_run(session=session, source="acme", kind="greenhouse", trigger="schedule")
        acquire_lease(session=session, name="acme", holder="node-a:1:schedule", ttl=60)
        attach_run(session=session, name="acme", holder="node-a:1:schedule", run_id=run_id)

    with pytest.raises(LeaseRefused) as refused:
        _take(db_engine, "acme", "node-b:2:manual")
    reason = str(refused.value)
    assert "node-a:1:schedule" in reason
    assert f"run {run_id}" in reason and "schedule" in reason

    _take(db_engine, "acme", "node-a:1:schedule")  # the holder may take it again
    _take(db_engine, "other", "node-b:2:manual")  # another source is free


def test_release_frees_the_source_and_only_the_holder_can_release(db_engine):
    _take(db_engine, "acme", "a")
    with session_scope(db_engine) as session:
        assert not release_lease(session=session, name="acme", holder="b")
        assert release_lease(session=session, name="acme", holder="a")
    _take(db_engine, "acme", "b")


def test_renewal_by_holder_or_run_pushes_expiry_out(db_engine):
    _take(db_engine, "acme", "a", ttl=30, run_id=7)
    with session_scope(db_engine) as session:
        before = lease_of(session=session, name="acme").expires_at
    with session_scope(db_engine) as session:
        assert renew_lease(session=session, name="acme", run_id=7)
        assert renew_lease(session=session, name="acme", holder="a")
        assert not renew_lease(session=session, name="acme", run_id=8)
        assert not renew_lease(session=session, name="acme", holder="b")
    with session_scope(db_engine) as session:
        assert lease_of(session=session, name="acme").expires_at > before


def test_a_lapsed_lease_nobody_took_is_still_the_holders(db_engine):
    """The holder was stopped past the TTL (a paused VM): no one acted, so it renews."""
    _take(db_engine, "acme", "sleeper", run_id=7)
    _expire(db_engine, "acme")
    with session_scope(db_engine) as session:
        assert not renew_lease(session=session, name="acme", holder="someone-else")
        assert renew_lease(session=session, name="acme", run_id=7)
    with session_scope(db_engine) as session:
        assert lease_of(session=session, name="acme").expires_at > datetime.now(UTC)

    # Once reaped, the lapse is final: the old holder cannot renew.
    _expire(db_engine, "acme")
    with session_scope(db_engine) as session:
        reap_stale_runs(session=session, stale_after=timedelta(minutes=10))
    with session_scope(db_engine) as session:
        assert not renew_lease(session=session, name="acme", holder="sleeper")


def test_an_expired_lease_is_taken_over_and_its_run_marked_interrupted(db_engine):
    with session_scope(db_engine) as session:
        run_id = start_run(session=session, source="acme", kind="greenhouse")
    _take(db_engine, "acme", "dead-process", run_id=run_id)
    _expire(db_engine, "acme")

    _take(db_engine, "acme", "newcomer")

    with session_scope(db_engine) as session:
        run = session.get(ScrapeRun, run_id)
        assert run.status == "interrupted"
        assert run.finished_at is not None
        assert "dead-process" in run.note and "no posting was closed" in run.note
        lease = lease_of(session=session, name="acme")
        assert lease.holder == "newcomer" and lease.run_id is None
        # The old holder cannot renew what is no longer its lease.
        assert not renew_lease(session=session, name="acme", run_id=run_id)


def test_concurrent_takers_get_exactly_one_winner(db_engine):
    start = threading.Barrier(8)

    def contend(number: int) -> bool:
        start.wait()
        try:
            _take(db_engine, "acme", f"taker-{number}")
        except LeaseRefused:
            return False
        return True

    with ThreadPoolExecutor(8) as pool:
        wins = list(pool.map(contend, range(8)))
    assert wins.count(True) == 1
    with session_scope(db_engine) as session:
        assert [lease.name for lease in live_leases(session=session)] == ["acme"]


def test_a_silent_run_without_a_lease_is_reaped_and_a_lively_one_is_not(db_engine):
    with session_scope(db_engine) as session:
        silent = start_run(session=session, source="a", kind="greenhouse")
        lively = start_run(session=session, source="b", kind="greenhouse")
        leased = start_run(session=session, source="c", kind="greenhouse")
        acquire_lease(session=session, name="c", holder="h", ttl=60, run_id=leased)
        old = datetime.now(UTC) - timedelta(minutes=30)
        session.execute(
            update(ScrapeRun)
            .where(ScrapeRun.id.in_([silent, leased]))
            .values(heartbeat_at=old, started_at=old)
        )
    with session_scope(db_engine) as session:
        assert reap_stale_runs(session=session, stale_after=timedelta(minutes=10)) == [silent]
    with session_scope(db_engine) as session:
        statuses = {run.id: run.status for run in session.exec(select(ScrapeRun)).all()}
    # A run whose lease is alive is working, however old its last run heartbeat.
    assert statuses == {silent: "interrupted", lively: "running", leased: "running"}
