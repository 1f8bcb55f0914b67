"""The dashboard's only door to the store: cached reads, keyed by the store's URL.

Every query takes the URL (and any widget values) as arguments so the cache keeps one answer
per store and per question; results are plain data (frames, dicts), never live ORM objects.
"""

from dataclasses import dataclass
from typing import Any

import pandas as pd
import streamlit as st
from sqlalchemy import Engine, and_, func, or_, select

from dashboard.transforms import keyword_terms
from store.db import init_db, resolve_database_url, session_scope
from store.models import Credential, Posting, Projection, SalaryBenchmark
from store.reference import career_facts as _career_facts

QUERY_TTL_SECONDS = 60
DEMO_PREFIX = "demo-"  # as demo.site names its sources

# What the jobs table needs; descriptions are read one posting at a time.
LISTING_COLUMNS = (
    "id", "source", "url", "title", "company", "location", "city", "state", "country",
    "remote", "employment_type", "salary_annual_min", "salary_annual_max", "certifications",
    "education", "occupation", "relevant", "facets", "posted_at", "first_seen_at",
    "last_seen_at", "closed_at",
)  # fmt: skip


def database_url() -> str:
    return resolve_database_url()


@st.cache_resource(show_spinner=False)
def engine(url: str) -> Engine:
    # init_db is a cheap check once the store is current; it makes a new store usable at once.
    return init_db(url)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def load_listing(url: str) -> pd.DataFrame:
    """Every stored posting (open and closed), without descriptions."""
    columns = [getattr(Posting, name) for name in LISTING_COLUMNS]
    with session_scope(engine(url), readonly=True) as session:
        rows = session.execute(select(*columns)).all()
    frame = pd.DataFrame(rows, columns=list(LISTING_COLUMNS))
    for name in ("posted_at", "first_seen_at", "last_seen_at", "closed_at"):
        frame[name] = pd.to_datetime(frame[name], utc=True)
    for name in ("salary_annual_min", "salary_annual_max"):
        frame[name] = pd.to_numeric(frame[name], errors="coerce")
    return frame


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def keyword_matches(url: str, keyword: str) -> frozenset[int]:
    """Ids of postings whose title, company or description contains every search word."""
    conditions = []
    for term in keyword_terms(keyword):
        conditions.append(
            or_(
                *(
                    func.lower(func.coalesce(column, "")).contains(term, autoescape=True)
                    for column in (Posting.title, Posting.company, Posting.description_text)
                )
            )
        )
    if not conditions:
        return frozenset()
    with session_scope(engine(url), readonly=True) as session:
        ids = session.execute(select(Posting.id).where(and_(*conditions))).scalars().all()
    return frozenset(ids)


@st.cache_data(ttl=QUERY_TTL_SECONDS, show_spinner=False)
def load_posting(url: str, posting_id: int) -> dict[str, Any] | None:
    """One posting with every column, description included."""
    with session_scope(engine(url), readonly=True) as session:
        posting = session.get(Posting, posting_id)
        return posting.model_dump() if posting is not None else None


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
    with session_scope(engine(url), readonly=True) as session:
        names = session.execute(select(Posting.source).distinct()).scalars().all()
    flags = [name.startswith(DEMO_PREFIX) for name in names]
    return DemoStatus(any_demo=any(flags), all_demo=bool(flags) and all(flags))


def career_facts() -> dict[str, Any]:
    """The career article's facts, from the store's reference data file."""
    return _career_facts()
