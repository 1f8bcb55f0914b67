"""The schema: one SQLModel class per table. Alembic migrations own the DDL."""

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    Unicode,
    UniqueConstraint,
    text,
)
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from core.vocabulary import RequestStatus, RunStatus, RunTrigger, ScheduleOrigin


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """A timestamp that is always timezone-aware UTC, on every backend.

    SQLite has no time zone type: SQLAlchemy drops tzinfo on write and returns naive values.
    Converting to UTC on the way in and tagging UTC on the way out makes SQLite and
    PostgreSQL give the same aware datetimes (naive input is taken as UTC).
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _ts(*, nullable: bool = True, index: bool = False) -> Any:
    return Field(
        default=None,
        sa_column=Column(UTCDateTime(), nullable=nullable, index=index),
    )


class Source(SQLModel, table=True):
    """A source as the operator configured it (mirrors an entry of the sources file)."""

    __tablename__ = "sources"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=100, unique=True, index=True)
    kind: str = Field(max_length=40)
    url: str | None = Field(default=None, max_length=2000)
    config: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    schedule: str | None = Field(default=None, max_length=100)
    enabled: bool = True
    updated_at: datetime | None = _ts()


def _posting_id(*, primary_key: bool) -> Any:
    """A column referring to a posting; its rows go when the posting goes."""
    return Field(
        sa_column=Column(
            Integer,
            ForeignKey("postings.id", ondelete="CASCADE"),
            primary_key=primary_key,
            nullable=False,
        )
    )


# The Jobs page's filters and sorts, each answered from one index: open (closed_at IS NULL)
# and in the field (relevant) lead, then the filtered column, then the newest-first order
# (listed_at, id), then every other filtered column, so that any filter is checked in the
# index without reading the posting (covering).
LISTING_FILTERS = ("state", "remote", "salary_annual_top", "occupation", "education",
                   "salary_period", "employment_type", "salary_annual_posted")  # fmt: skip


def _listing_index(name: str, leading: str | None) -> Index:
    rest = [column for column in LISTING_FILTERS if column != leading]
    order = [leading] if leading else []
    return Index(name, "closed_at", "relevant", *order, "listed_at", "id", *rest)


_LISTING_INDEXES = (
    _listing_index("ix_postings_listing", None),
    _listing_index("ix_postings_listing_state", "state"),
    _listing_index("ix_postings_listing_remote", "remote"),
    _listing_index("ix_postings_listing_pay", "salary_annual_top"),
    Index("ix_postings_employment_type", "employment_type"),  # its values, one seek each
)


class Posting(SQLModel, table=True):
    """One job posting of one source: the export record (its long text apart, in
    PostingText) plus bookkeeping. What the listing filters and sorts on lives here."""

    __tablename__ = "postings"
    __table_args__ = (
        UniqueConstraint("source", "external_id", name="uq_postings_source_external_id"),
        *_LISTING_INDEXES,
    )

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100, index=True)
    source_kind: str = Field(max_length=40)
    external_id: str = Field(max_length=300)
    url: str = Field(max_length=2000)
    title: str = Field(max_length=500)
    company: str | None = Field(default=None, max_length=300)
    location: str | None = Field(default=None, max_length=1000)
    city: str | None = Field(default=None, max_length=200)
    state: str | None = Field(default=None, max_length=2)
    country: str | None = Field(default=None, max_length=2)
    remote: str | None = Field(default=None, max_length=10)  # a WorkArrangement
    employment_type: str | None = Field(default=None, max_length=100)
    salary_min: float | None = None
    salary_max: float | None = None
    salary_currency: str | None = Field(default=None, max_length=3)
    salary_period: str | None = Field(default=None, max_length=10)  # a PayPeriod
    salary_annual_min: float | None = None
    salary_annual_max: float | None = None
    salary_estimated: bool = False
    salary_text: str | None = Field(default=None, max_length=1000)
    certifications: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    credential_requirements: dict = Field(
        default_factory=dict, sa_column=Column(JSON, nullable=False)
    )
    education: str | None = Field(default=None, max_length=20)  # an EducationLevel
    experience_years: float | None = None
    occupation: str | None = Field(default=None, max_length=7, index=True)  # SOC code
    relevant: bool = False
    facets: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    posted_at: datetime | None = _ts()
    first_seen_at: datetime = _ts(nullable=False)
    last_seen_at: datetime = _ts(nullable=False)
    closed_at: datetime | None = _ts()
    content_hash: str = Field(max_length=64)
    # of what the source said and the code that normalized it: a re-crawl that finds it
    # unchanged only marks the posting seen (spiders/fingerprint.py)
    raw_fingerprint: str | None = Field(default=None, max_length=32)
    cluster_id: str | None = Field(default=None, max_length=64, index=True)
    last_run_id: int | None = None
    # every place the posting names (as posted) and the US states among them
    locations: list = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default=text("'[]'")),
    )
    states: list = Field(
        default_factory=list,
        sa_column=Column(JSON, nullable=False, server_default=text("'[]'")),
    )
    # where pay, state, arrangement and education came from: structured | text | inferred
    salary_source: str | None = Field(default=None, max_length=12)
    state_source: str | None = Field(default=None, max_length=12)
    remote_source: str | None = Field(default=None, max_length=12)
    education_source: str | None = Field(default=None, max_length=12)
    # Kept by the store from the columns above, so filters and sorts can use an index:
    listed_at: datetime | None = _ts()  # posted_at, else first_seen_at ("posted within", newest)
    salary_annual_top: float | None = None  # the most it says it may pay a year (pay floor, sort)
    # The middle of the annual range, when the employer states it in US dollars (not an
    # estimate): what pay figures (median by state, distribution) are made of.
    salary_annual_posted: float | None = None


class PostingText(SQLModel, table=True):
    """A posting's long text, apart so that listing scans never read it.

    The title and company are copied here with it: this table is the content of the
    full-text index (store.fulltext), which SQLite keeps in step by triggers on it.
    """

    __tablename__ = "posting_texts"

    posting_id: int = _posting_id(primary_key=True)
    title: str = Field(max_length=500)
    company: str | None = Field(default=None, max_length=300)
    description_text: str | None = None
    description_html: str | None = None  # sanitized with nh3 before it is stored


class PostingTag(SQLModel, table=True):
    """One credential code or facet value of a posting (its JSON lists, one row each), so
    that the credential and facet filters and their counts use an index."""

    __tablename__ = "posting_tags"
    __table_args__ = (
        Index("ix_posting_tags_posting_id", "posting_id"),
        {"sqlite_with_rowid": False},
    )

    facet: str = Field(primary_key=True, max_length=20)  # credential | setting | code_set | ehr
    value: str = Field(primary_key=True, max_length=200)
    posting_id: int = _posting_id(primary_key=True)


class ListingRevision(SQLModel, table=True):
    """A counter the store's writers move on every change to what the listing shows: readers
    keep cached counts until it moves (one row, id 1)."""

    __tablename__ = "listing_revision"

    id: int = Field(default=1, primary_key=True)
    revision: int = 0
    changed_at: datetime | None = _ts()


class ScrapeRun(SQLModel, table=True):
    """One crawl of one source: its outcome, counts and errors."""

    __tablename__ = "scrape_runs"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100, index=True)
    kind: str = Field(max_length=40)
    trigger: str = Field(default=RunTrigger.MANUAL, max_length=20)  # a RunTrigger
    status: str = Field(default=RunStatus.RUNNING, max_length=20, index=True)  # a RunStatus
    started_at: datetime = _ts(nullable=False, index=True)
    finished_at: datetime | None = _ts()
    heartbeat_at: datetime | None = _ts()
    host: str | None = Field(default=None, max_length=200)
    pid: int | None = None
    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    closed: int = 0
    dropped: int = 0  # not stored: irrelevant under keep="relevant", or invalid
    error_count: int = 0
    errors: list = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # [{"url": ..., "reason": ...}], capped
    stats: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    note: str | None = Field(default=None, max_length=1000)  # e.g. why nothing was closed


class SalaryBenchmark(SQLModel, table=True):
    """A BLS wage figure: one statistic of one occupation, area and year."""

    __tablename__ = "salary_benchmarks"
    __table_args__ = (UniqueConstraint("soc_code", "area", "year", "stat", name="uq_benchmark"),)

    id: int | None = Field(default=None, primary_key=True)
    soc_code: str = Field(max_length=7, index=True)
    occupation: str = Field(max_length=200)
    year: str = Field(max_length=20)  # "May 2024"
    area: str = Field(max_length=2)  # "US" or a USPS state code
    stat: str = Field(max_length=20)  # p10 | p25 | median | p75 | p90 | mean | employment
    annual: float | None = None
    hourly: float | None = None
    source: str = Field(max_length=500)


class Projection(SQLModel, table=True):
    """A BLS employment projection for one occupation and decade."""

    __tablename__ = "projections"
    __table_args__ = (UniqueConstraint("soc_code", "period", name="uq_projection"),)

    id: int | None = Field(default=None, primary_key=True)
    soc_code: str = Field(max_length=7)
    occupation: str = Field(max_length=200)
    period: str = Field(max_length=20)  # "2024-2034"
    employment_start: float | None = None  # thousands
    employment_end: float | None = None
    pct_change: float | None = None
    openings_annual: float | None = None  # thousands
    entry_education: str | None = Field(default=None, max_length=100)
    source: str = Field(max_length=500)


class Credential(SQLModel, table=True):
    """A credential the field asks for, with the body that grants it."""

    __tablename__ = "credentials"

    code: str = Field(primary_key=True, max_length=10)
    name: str = Field(max_length=200)
    body: str = Field(max_length=200)
    eligibility: str | None = None
    renewal: str | None = None
    source: str = Field(max_length=1000)


# -- Scheduler and operations (tables of the scheduler stream) -----------------------------


class Schedule(SQLModel, table=True):
    """When a source is crawled: a cron line in UTC, from the sources file or an operator.

    The scheduler service reconciles its jobs with this table, so a change made by the CLI,
    the dashboard or the sources file takes effect within seconds, without a restart.
    """

    __tablename__ = "schedules"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100, unique=True, index=True)
    cron: str = Field(max_length=100)
    paused: bool = False
    origin: str = Field(default=ScheduleOrigin.OPERATOR, max_length=20)  # a ScheduleOrigin
    updated_at: datetime | None = _ts()


class SourceLease(SQLModel, table=True):
    """Who may crawl a source right now: one row per source, taken over only once expired.

    Also names the one scheduler service ("@scheduler"), which source slugs cannot collide with.
    """

    __tablename__ = "source_leases"

    name: str = Field(primary_key=True, max_length=120)
    holder: str = Field(max_length=300)  # host:pid:purpose of the process that took it
    run_id: int | None = None
    ttl_seconds: float = 90.0
    acquired_at: datetime = _ts(nullable=False)
    expires_at: datetime = _ts(nullable=False, index=True)


class RunRequest(SQLModel, table=True):
    """An operator's "run now", waiting for the scheduler service to start it."""

    __tablename__ = "run_requests"

    id: int | None = Field(default=None, primary_key=True)
    source: str = Field(max_length=100, index=True)
    requested_by: str | None = Field(default=None, max_length=100)  # cli | dashboard
    requested_at: datetime = _ts(nullable=False)
    status: str = Field(default=RequestStatus.PENDING, max_length=20, index=True)  # RequestStatus
    handled_at: datetime | None = _ts()
    run_id: int | None = None
    message: str | None = Field(default=None, max_length=1000)


class Alert(SQLModel, table=True):
    """Something an operator should look at: a source gone quiet, a failing job."""

    __tablename__ = "alerts"

    id: int | None = Field(default=None, primary_key=True)
    source: str | None = Field(default=None, max_length=100, index=True)
    kind: str = Field(max_length=20)  # an AlertKind
    message: str = Field(max_length=2000)
    run_id: int | None = None
    created_at: datetime = _ts(nullable=False, index=True)
    acknowledged_at: datetime | None = _ts()
    webhook_status: str | None = Field(default=None, max_length=200)


class SchedulerJob(SQLModel, table=True):
    """APScheduler's job store (SQLAlchemyJobStore), declared here so migrations own it."""

    __tablename__ = "scheduler_jobs"

    id: str = Field(sa_column=Column(Unicode(191), primary_key=True))
    next_run_time: float | None = Field(
        default=None, sa_column=Column(Float(25), index=True, nullable=True)
    )
    job_state: bytes = Field(sa_column=Column(LargeBinary, nullable=False))


# -- Clusters: one job seen on several sources or under several ids ------------------------


class PostingMatch(SQLModel, table=True):
    """What the matcher keeps of a posting (its fingerprint), and what it found.

    Made when the posting is stored or changed; matching later postings reads these columns,
    never the description again. See store/clusters/fingerprints.py.
    """

    __tablename__ = "posting_matches"

    posting_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    company_key: str = Field(default="", max_length=300)
    client_key: str = Field(default="", max_length=300)
    agency: str | None = Field(default=None, max_length=10)  # agency | vendor
    title_key: str = Field(default="", max_length=500)
    title_level: int = 0
    title_seniority: str = Field(default="", max_length=20)
    title_class: str = Field(default="", max_length=20)
    title_shift: str = Field(default="", max_length=20)
    title_setting: str = Field(default="", max_length=20)
    title_schedule: str = Field(default="", max_length=20)
    state: str | None = Field(default=None, max_length=2)
    city: str | None = Field(default=None, max_length=200)
    remote: int = 0  # 0 unknown, 1 onsite, 2 hybrid, 3 remote
    pay_min: float | None = None
    pay_max: float | None = None
    signature: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    shingles: int = 0
    poster_rank: int = 0  # 0 employer's own system, 1 aggregator, 2 agency for a client
    # Joined its cluster after every earlier copy had closed / after its own source's had.
    repost_of_all: bool = False
    repost_on_source: bool = False
    posted_by_agency: bool = Field(default=False, index=True)


class ClusterKey(SQLModel, table=True):
    """A blocking key of a posting: postings that share one are compared."""

    __tablename__ = "cluster_keys"
    __table_args__ = {"sqlite_with_rowid": False}

    key: int = Field(sa_column=Column(BigInteger, primary_key=True, autoincrement=False))
    posting_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))


class Cluster(SQLModel, table=True):
    """One job: its postings share `postings.cluster_id`, the id of the first one seen."""

    __tablename__ = "clusters"

    id: str = Field(primary_key=True, max_length=32)
    canonical_posting_id: int | None = None  # the employer's own posting, else the earliest
    size: int = 1
    reposted_count: int = 0
    updated_at: datetime | None = _ts()


class SavedSearch(SQLModel, table=True):
    """A job search kept under a name, with where its digests of new postings go."""

    __tablename__ = "saved_searches"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=200, unique=True)
    params: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = _ts(nullable=False)
    last_sent_at: datetime | None = _ts()  # when its last digest went out
    digest_webhook: str | None = Field(default=None, max_length=2000)  # JSON POSTed there
    digest_email: str | None = Field(default=None, max_length=320)  # a recipient address


class DigestSent(SQLModel, table=True):
    """A posting a saved search's digest has delivered on one channel: never sent again."""

    __tablename__ = "digest_sent"
    __table_args__ = {"sqlite_with_rowid": False}

    saved_search_id: int = Field(
        sa_column=Column(
            Integer,
            ForeignKey("saved_searches.id", ondelete="CASCADE"),
            primary_key=True,
            autoincrement=False,
        )
    )
    channel: str = Field(max_length=10, primary_key=True)  # "webhook" | "email"
    posting_id: int = Field(sa_column=Column(Integer, primary_key=True, autoincrement=False))
    sent_at: datetime = _ts(nullable=False)


# Digests look for postings first seen since a moment: a range of this index.
Index("ix_postings_first_seen_at", Posting.__table__.c.first_seen_at)
