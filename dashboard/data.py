"""The dashboard's only door to the store: its reads, and the one way its writes go.

Every query takes the URL (and any widget values) as arguments so the cache keeps one answer
per store and per question; results are plain data (frames, dicts), never live ORM objects.
The Operations page's reads are live (not cached): they show crawls as they run. Writes are
store functions run in one transaction by `change`.
"""

from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

import streamlit as st
from sqlalchemy import Engine, or_, select
from sqlmodel import Session

from core.vocabulary import OCCUPATION_NAMES
from store import facets, health, pay_laws, saved_searches, schedules
from store.cluster_copies import cluster_copies
from store.clusters.signals import cluster_facts
from store.db import init_db, resolve_database_url, session_scope
from store.job_search import JobSearch
from store.leases import live_leases
from store.listing import (
    PAGE_SIZE,
    ListingPage,
    count_jobs,
    count_postings,
    first_copies,
    get_posting,
    list_postings,
)
from store.models import Credential, Posting, Projection, SalaryBenchmark, ScrapeRun, Source
from store.postings import listing_revision
from store.reference import career_facts as _career_facts
from store.runs import recent_runs

QUERY_TTL_SECONDS = 60
DEMO_PREFIX = "demo-"  # as demo.site names its sources


def warm_front_page(url: str) -> None:
    """Read what the Jobs page shows a new visitor (the unfiltered search, its first page and
    first posting) into the cache, under the keys the page asks with: the first visit is then
    served from memory. Answers already cached cost a lookup each."""
    current_revision = revision(url)
    if not has_postings(url):
        return
    demo_status(url)
    load_credentials(url)
    filter_values(url, current_revision)
    page = search_page(url, JobSearch().to_params(), 1, current_revision)
    scope_total(url, False, False, current_revision)
    source_kinds(url)
    load_benchmarks(url)
    if page.rows:
        ids = tuple(int(row["id"]) for row in page.rows)
        page_jobs(url, JobSearch().to_params(), 1, ids, current_revision)
        load_posting(url, int(page.rows[0]["id"]))


def database_url() -> str:
    return resolve_database_url()


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    # init_db is a cheap check once the store is current; it makes a new store usable at once.
    return init_db(url)


def revision(url: str) -> int:
    """The listing's revision: cached answers below carry it, so a crawl's changes show at once."""
    with session_scope(engine(url), readonly=True) as session:
        return listing_revision(session)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False, max_entries=256)
def search_page(
    url: str, params: dict[str, Any], page: int, revision: int, page_size: int = PAGE_SIZE
) -> ListingPage:
    """Page `page` (from 1) of the search these URL parameters describe, counted."""
    del revision  # part of the cache key only
    search = JobSearch.from_params(params)
    with session_scope(engine(url), readonly=True) as session:
        return list_postings(session, search, limit=page_size, offset=(page - 1) * page_size)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def job_count(url: str, params: dict[str, Any], revision: int) -> int | None:
    """How many jobs the search's postings are (copies of one job counted once); None past
    the listing's count limit."""
    del revision  # part of the cache key only
    with session_scope(engine(url), readonly=True) as session:
        return count_jobs(session, JobSearch.from_params(params))


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def filter_values(url: str, revision: int) -> dict[str, list[str]]:
    """The values the store holds for each filter: the widgets' options."""
    del revision  # part of the cache key only
    with session_scope(engine(url), readonly=True) as session:
        return facets.filter_values(session)


def has_postings(url: str) -> bool:
    with session_scope(engine(url), readonly=True) as session:
        return session.scalar(select(Posting.id).limit(1)) is not None


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def scope_total(url: str, include_closed: bool, include_unrelated: bool, revision: int) -> int:
    """How many postings there are to search: open or all, of the field or not (exact)."""
    del revision  # part of the cache key only
    search = JobSearch(include_closed=include_closed, include_unrelated=include_unrelated)
    with session_scope(engine(url), readonly=True) as session:
        return count_postings(session, search)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def load_posting(url: str, posting_id: int) -> dict[str, Any] | None:
    """One posting with every column, description included."""
    with session_scope(engine(url), readonly=True) as session:
        return get_posting(session, posting_id)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def load_benchmarks(url: str) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        rows = session.execute(select(SalaryBenchmark)).scalars().all()
        return [row.model_dump() for row in rows]


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def load_projections(url: str) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        rows = session.execute(select(Projection)).scalars().all()
        return [row.model_dump() for row in rows]


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def load_credentials(url: str) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        rows = session.execute(select(Credential).order_by(Credential.code)).scalars().all()
        return [row.model_dump() for row in rows]


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def open_credential_mentions(url: str) -> list[tuple[list, dict]]:
    """(certifications, credential_requirements) of every open, relevant posting."""
    query = select(Posting.certifications, Posting.credential_requirements).where(
        Posting.closed_at.is_(None), Posting.relevant.is_(True)
    )
    with session_scope(engine(url), readonly=True) as session:
        return [(list(c or ()), dict(r or {})) for c, r in session.execute(query).all()]


@dataclass(frozen=True)
class DemoStatus:
    any_demo: bool  # some postings come from the demo sample
    all_demo: bool  # every posting does


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def demo_status(url: str) -> DemoStatus:
    """Whether the store holds the synthetic demo sample (so the page can say so).

    Demo sources are known by name alone (`hitboard demo` names them demo-…): a source
    entry has no field that could mark it.
    """
    source = Posting.source
    # Ranges of the source index: "demo-" up to "demo." holds exactly the demo- names.
    demo = (source >= DEMO_PREFIX) & (source < DEMO_PREFIX[:-1] + ".")
    other = or_(source < DEMO_PREFIX, source >= DEMO_PREFIX[:-1] + ".")
    with session_scope(engine(url), readonly=True) as session:
        any_demo = session.scalar(select(Posting.id).where(demo).limit(1)) is not None
        any_other = session.scalar(select(Posting.id).where(other).limit(1)) is not None
    return DemoStatus(any_demo=any_demo, all_demo=any_demo and not any_other)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def page_jobs(
    url: str, params: dict[str, Any], page: int, posting_ids: tuple[int, ...], revision: int
) -> dict[str, Any]:
    """What the rows of one page of a search need beyond their columns: each posting's cluster
    facts (days open, reposts, agency), every copy of each row's job and, past the first page,
    which copy the search lists first (a job already shown on an earlier page is not again)."""
    del revision  # part of the cache key only
    with session_scope(engine(url), readonly=True) as session:
        facts = cluster_facts(session=session, posting_ids=list(posting_ids))
        clusters = [f.cluster_id for f in facts.values() if f.cluster_id]
        copies = cluster_copies(session, clusters)
        # On the first page a job's first copy is always on it: nothing to ask.
        firsts = first_copies(session, JobSearch.from_params(params), clusters) if page > 1 else {}
    return {"facts": {i: asdict(f) for i, f in facts.items()}, "copies": copies, "firsts": firsts}


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def source_kinds(url: str) -> dict[str, str]:
    """Each source's kind, by name (for the sources' human names)."""
    with session_scope(engine(url), readonly=True) as session:
        return {name: kind for name, kind in session.execute(select(Source.name, Source.kind))}


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def search_figures(url: str, params: dict[str, Any], revision: int) -> facets.SearchFigures:
    """Postings and median posted pay per state, and the pay distribution, of a search."""
    del revision  # part of the cache key only
    with session_scope(engine(url), readonly=True) as session:
        return facets.search_figures(session, JobSearch.from_params(params))


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def pay_law_coverage(url: str, params: dict[str, Any], revision: int) -> dict[str, Any]:
    """Per state with a pay-transparency law: the search's postings it likely covers."""
    del revision  # part of the cache key only
    with session_scope(engine(url), readonly=True) as session:
        return pay_laws.coverage(session, JobSearch.from_params(params))


def transparency_laws() -> tuple[pay_laws.PayLaw, ...]:
    return pay_laws.pay_laws()


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def posted_pay_by_occupation(url: str, params: dict[str, Any], revision: int) -> dict:
    """The posted pay distribution of a search, one per occupation it holds."""
    del revision  # part of the cache key only
    search = JobSearch.from_params(params)
    with session_scope(engine(url), readonly=True) as session:
        found = {}
        for code in search.occupations or OCCUPATION_NAMES:
            narrowed = search.model_copy(update={"occupations": (code,)})
            figures = facets.search_figures(session, narrowed)
            if any(b.postings for b in figures.pay):
                found[code] = figures.pay
        return found


def career_facts() -> dict[str, Any]:
    """The career article's facts, from the store's reference data file."""
    return _career_facts()


# -- Operations (live reads, never cached) -----------------------------------------------


def scheduler_service(url: str) -> dict[str, Any] | None:
    """The running scheduler service's lease (holder, expires_at), or None."""
    with session_scope(engine(url), readonly=True) as session:
        lease = schedules.scheduler_service(session=session)
        return lease.model_dump() if lease is not None else None


def running_crawls(url: str) -> list[dict[str, Any]]:
    """The runs that hold their source's lease right now."""
    with session_scope(engine(url), readonly=True) as session:
        run_ids = [lease.run_id for lease in live_leases(session=session) if lease.run_id]
        runs = session.execute(select(ScrapeRun).where(ScrapeRun.id.in_(run_ids))).scalars()
        return [run.model_dump() for run in runs]


def open_alerts(url: str, limit: int = 50) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        alerts = health.recent_alerts(session=session, unacknowledged=True, limit=limit)
        return [alert.model_dump() for alert in alerts]


def sources(url: str) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        return [source.model_dump() for source in schedules.list_sources(session=session)]


def schedule_rows(url: str) -> list[dict[str, Any]]:
    """Every schedule with its state (noting a disabled source) and its next run."""
    with session_scope(engine(url), readonly=True) as session:
        enabled = {s.name: s.enabled for s in schedules.list_sources(session=session)}
        next_runs = schedules.next_run_times(session=session)
        return [
            {
                **row.model_dump(),
                "state": schedules.schedule_state(
                    row, source_enabled=enabled.get(row.source, True)
                ),
                "next_run": next_runs.get(row.source),
            }
            for row in schedules.list_schedules(session=session)
        ]


def recent_requests(url: str, limit: int = 10) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        requests = schedules.recent_requests(session=session, limit=limit)
        return [request.model_dump() for request in requests]


def run_history(url: str, limit: int = 200) -> list[dict[str, Any]]:
    """The newest runs first, each with its duration in seconds."""
    with session_scope(engine(url), readonly=True) as session:
        runs = recent_runs(session=session, limit=limit)
        return [{**run.model_dump(), "duration_s": health.run_seconds(run)} for run in runs]


def source_health(url: str, names: list[str]) -> list[health.SourceHealth]:
    with session_scope(engine(url), readonly=True) as session:
        return health.source_health(session=session, sources=names)


def yield_history(url: str, days: int = 30) -> list[dict[str, Any]]:
    with session_scope(engine(url), readonly=True) as session:
        return health.yield_history(session=session, days=days)


def change(url: str, action: Callable[[Session], object]) -> None:
    """Run one store function (`action(session)`) in its own transaction."""
    with session_scope(engine(url)) as session:
        action(session)


# -- Saved searches (the Jobs page's saved-search controls) ------------------------------


def saved_search_rows(url: str) -> list[dict[str, Any]]:
    """Every saved search: id, name, params, created_at (live: the page's own writes show)."""
    with session_scope(engine(url), readonly=True) as session:
        return [row.model_dump() for row in saved_searches.list_searches(session=session)]


def saved_search(url: str, search_id: int) -> JobSearch:
    """The search a saved search holds, as the feed, the digests and the API read it."""
    with session_scope(engine(url), readonly=True) as session:
        row = saved_searches.get_search(session=session, search_id=search_id)
        return saved_searches.job_search_of(row)


def save_search(url: str, name: str, search: JobSearch) -> None:
    """Keep `search` under `name` (SavedSearchError names what is wrong)."""
    change(url, lambda session: saved_searches.save_search(
        session=session, name=name, search=search))  # fmt: skip


def rename_saved_search(url: str, search_id: int, name: str) -> None:
    change(url, lambda session: saved_searches.rename_search(
        session=session, search_id=search_id, name=name))  # fmt: skip


def delete_saved_search(url: str, search_id: int) -> None:
    change(url, lambda session: saved_searches.delete_search(
        session=session, search_id=search_id))  # fmt: skip
