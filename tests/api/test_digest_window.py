"""A digest pass's window of new postings, and the deliveries it forgets, on SQLite and
PostgreSQL."""

from datetime import timedelta

from sqlalchemy import delete, func, select, text

from scheduler.digests import send_digests
from store import saved_searches as saved
from store.db import session_scope
from store.job_search import JobSearch
from store.listing import POSTINGS
from store.models import DigestSent, SavedSearch
from tests.api.conftest import DAY, add_postings
from tests.store.records import T0

HOUR = timedelta(hours=1)
SEARCHES = {
    "FL coders": JobSearch(keyword="coder", states=("FL",)),
    "title coders": JobSearch(keyword="coder", sort="relevance"),
    "RHIT over 50k": JobSearch(credentials=("RHIT",), min_pay=50_000),
    "remote anywhere": JobSearch(states=("TX",), remote_anywhere=True),
    "not by agencies": JobSearch(keyword='"medical records"', posted_by_agency=False),
    "everything, closed too": JobSearch(include_closed=True, include_unrelated=True),
}


def save_all(engine, webhook_url=None, now=T0 - DAY) -> list[SavedSearch]:
    with session_scope(engine) as session:
        return [
            saved.save_search(session=session, name=name, search=search, now=now,
                              webhook=webhook_url or "http://127.0.0.1:9/hook")
            for name, search in SEARCHES.items()
        ]  # fmt: skip


def test_the_window_answers_what_the_store_answers(store):
    """`store` holds postings 1-5 first seen at T0; 6-12 arrive later, some closed or outside
    the field. Read through the window, every search finds what it finds in the store."""
    add_postings(store, [6, 7], seen_at=T0 + 2 * HOUR, title="Coder Trainee")
    add_postings(store, [8], seen_at=T0 + 3 * HOUR, title="Remote Coder", state="GA",
                 remote="remote")  # fmt: skip
    add_postings(store, [9], seen_at=T0 + 3 * HOUR, title="Cancer Registrar", state="TX",
                 certifications=["ODS-C"], credential_requirements={})  # fmt: skip
    add_postings(store, [10], seen_at=T0 + 4 * HOUR, title="Python Developer", relevant=False)
    add_postings(store, [11, 12], seen_at=T0 + 5 * HOUR)
    with session_scope(store) as session:
        session.execute(POSTINGS.update().where(POSTINGS.c.id == 7).values(closed_at=T0 + DAY))
    searches = save_all(store)
    now = T0 + 6 * HOUR
    with session_scope(store, readonly=True) as session:
        start = saved.window_start(session=session, searches=searches)
        expected = {
            s.name: saved.digest_postings(session=session, saved=s, channel="webhook", now=now)
            for s in searches
        }
    assert start == T0 - DAY  # every search was saved then: one window for all
    with saved.DigestWindow(store, start) as window:
        assert window.size() == 12
        for search in searches:
            found = window.digest_postings(search, "webhook", now=now)
            assert found == expected[search.name], search.name
    assert [p["id"] for p in expected["FL coders"]] == [6, 5, 2, 1]  # newest found, then by id
    assert {p["id"] for p in expected["remote anywhere"]} == {3, 4, 8, 9}
    assert len(expected["everything, closed too"]) == 12


def test_searches_saved_alike_share_a_read_but_keep_their_own_news(store):
    """Three searches with the same filters: one saved later, one that has had postings
    delivered. The window reads the filters once, and each still gets what the store gives
    it: only what is new to it, minus what it was sent, newest first, cut at the limit."""
    add_postings(store, [6, 7, 8], seen_at=T0 + 2 * HOUR, title="Coder Trainee")
    add_postings(store, [9], seen_at=T0 + 4 * HOUR, title="Coder Trainee")
    coders = JobSearch(keyword="coder")
    with session_scope(store) as session:
        early = saved.save_search(session=session, name="early", search=coders, now=T0 - DAY,
                                  webhook="http://127.0.0.1:9/hook")  # fmt: skip
        late = saved.save_search(session=session, name="late", search=coders,
                                 now=T0 + 3 * HOUR, webhook="http://127.0.0.1:9/hook")  # fmt: skip
        sent = saved.save_search(session=session, name="sent", search=coders, now=T0 - DAY,
                                 webhook="http://127.0.0.1:9/hook")  # fmt: skip
        saved.record_delivery(session=session, saved=sent, channel="webhook",
                              posting_ids=[9, 2], now=T0 + 5 * HOUR)  # fmt: skip
    searches = [early, late, sent]
    now = T0 + 6 * HOUR
    with session_scope(store, readonly=True) as session:
        expected = {
            s.name: saved.digest_postings(
                session=session, saved=s, channel="webhook", now=now, limit=4
            )
            for s in searches
        }
    with saved.DigestWindow(store, T0 - DAY) as window:
        found = {s.name: window.digest_postings(s, "webhook", now=now, limit=4) for s in searches}
        assert len(window._matched) == 1  # one read for the three
    assert found == expected
    assert [p["id"] for p in expected["early"]] == [9, 8, 7, 6]  # cut at the limit
    assert [p["id"] for p in expected["late"]] == [9]  # seen after it was saved
    assert [p["id"] for p in expected["sent"]] == [8, 7, 6, 5]  # 9 was sent


def test_the_window_leaves_nothing_behind(store):
    """Its tables shadow the store's only inside the with block, on its own connection."""
    searches = save_all(store)
    with saved.DigestWindow(store, T0 - HOUR) as window:
        assert window.size() == 5
        add_postings(store, [6], seen_at=T0 + HOUR)  # after the copy: not in the window
        assert window.size() == 5
        with session_scope(store, readonly=True) as session:  # other connections see it
            assert session.scalar(select(func.count()).select_from(POSTINGS)) == 6
    for _ in range(3):  # whichever pooled connection comes back
        with store.connect() as connection:
            assert connection.scalar(select(func.count()).select_from(POSTINGS)) == 6
            assert connection.scalar(text("SELECT count(*) FROM posting_tags")) > 0
    assert searches


def test_searches_that_look_back_too_far_read_the_store(store, webhook, monkeypatch):
    monkeypatch.setattr(saved, "WINDOW_LIMIT", 2)
    add_postings(store, [6, 7], seen_at=T0 + 2 * HOUR, title="Coder Trainee")
    with session_scope(store) as session:
        recent = saved.save_search(
            session=session,
            name="recent",
            now=T0 + HOUR,
            search=SEARCHES["FL coders"],
            webhook=webhook.url,
        )
        old = saved.save_search(session=session, name="old", now=T0 - DAY,
                                search=SEARCHES["FL coders"], webhook=webhook.url)  # fmt: skip
        assert saved.window_start(session=session, searches=[old, recent]) == T0 + HOUR
        assert saved.window_start(session=session, searches=[old]) is None
    deliveries = send_digests(store, now=T0 + 3 * HOUR)
    assert {(d.search, d.postings, d.outcome) for d in deliveries} == {
        ("recent", 2, "sent"),  # from the window: postings 6 and 7
        ("old", 5, "sent"),  # from the store: 1, 2 and 5 too, saved after them
    }


def test_a_full_digest_leaves_the_rest_for_the_next(store, webhook):
    numbers = range(100, 100 + saved.MAX_DIGEST_POSTINGS + 5)
    searches = save_all(store, webhook.url, now=T0 + HOUR)
    add_postings(store, numbers, seen_at=T0 + 2 * HOUR, title="Coder Trainee")
    send_digests(store, now=T0 + 3 * HOUR)
    first = {p["id"] for payload in webhook.received for p in payload["postings"]
             if payload["search"]["name"] == "FL coders"}  # fmt: skip
    assert len(first) == saved.MAX_DIGEST_POSTINGS
    with session_scope(store, readonly=True) as session:
        assert session.get(SavedSearch, searches[0].id).last_sent_at is None
    webhook.received.clear()
    # Days later: the window has not moved on, so the five left over still come.
    send_digests(store, now=T0 + 5 * DAY)
    [payload] = [p for p in webhook.received if p["search"]["name"] == "FL coders"]
    rest = {p["id"] for p in payload["postings"]}
    assert len(rest) == 5 and not rest & first
    with session_scope(store, readonly=True) as session:
        assert session.get(SavedSearch, searches[0].id).last_sent_at == T0 + 5 * DAY


def delivered(engine, name: str) -> set[int]:
    with session_scope(engine, readonly=True) as session:
        row = saved.find_search(session=session, name=name)
        query = select(DigestSent.posting_id).where(DigestSent.saved_search_id == row.id)
        return set(session.scalars(query))


def test_deliveries_that_can_no_longer_matter_are_forgotten(store, webhook):
    save_all(store, webhook.url, now=T0 + HOUR)
    add_postings(store, [6, 7], seen_at=T0 + 2 * HOUR, title="Coder Trainee")
    send_digests(store, now=T0 + 3 * HOUR)
    assert delivered(store, "FL coders") == {6, 7}

    # Posting 7 leaves the store: its delivery goes at the next pass. (SQLite gives its id
    # to the next posting: that one is new all the same.)
    with session_scope(store) as session:
        session.execute(delete(POSTINGS).where(POSTINGS.c.id == 7))
    add_postings(store, [8], seen_at=T0 + 4 * HOUR, title="Coder Lead")
    webhook.received.clear()
    send_digests(store, now=T0 + 5 * HOUR)
    with session_scope(store, readonly=True) as session:
        lead = session.scalar(select(POSTINGS.c.id).where(POSTINGS.c.title == "Coder Lead"))
    assert [p["id"] for p in webhook.received[0]["postings"]] == [lead]
    assert delivered(store, "FL coders") == {6, lead}

    # Weeks on, the window starts past 6 and 8 by more than the margin: forgotten.
    later = T0 + 5 * HOUR + saved.DIGEST_OVERLAP + saved.PRUNE_MARGIN + 2 * DAY
    add_postings(store, [9], seen_at=later - HOUR, title="Coder Auditor II")
    send_digests(store, now=later)
    assert delivered(store, "FL coders") == {lead + 1}  # posting 9

    # And still never sent twice: every pass from here finds nothing new.
    webhook.received.clear()
    for days in (1, 2, 30):
        send_digests(store, now=later + days * DAY)
    assert webhook.received == []


def test_a_window_start_never_moves_back(store, webhook):
    [row, *_] = save_all(store, webhook.url, now=T0 + HOUR)
    with session_scope(store) as session:
        saved.finish_digests(session=session, search_ids=[row.id], now=T0 + 3 * DAY)
        saved.finish_digests(session=session, search_ids=[row.id], now=T0 + 2 * DAY)
        assert session.get(SavedSearch, row.id).last_sent_at == T0 + 3 * DAY
