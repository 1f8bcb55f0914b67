"""Initial schema: sources, postings, scrape runs and the reference tables.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "sources",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=True),
        sa.Column("config", sa.JSON(), nullable=False),
        sa.Column("schedule", sa.String(length=100), nullable=True),
        sa.Column("enabled", sa.Boolean(), nullable=False),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_sources_name", "sources", ["name"], unique=True)

    op.create_table(
        "postings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("source_kind", sa.String(length=40), nullable=False),
        sa.Column("external_id", sa.String(length=300), nullable=False),
        sa.Column("url", sa.String(length=2000), nullable=False),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("company", sa.String(length=300), nullable=True),
        sa.Column("location", sa.String(length=1000), nullable=True),
        sa.Column("city", sa.String(length=200), nullable=True),
        sa.Column("state", sa.String(length=2), nullable=True),
        sa.Column("country", sa.String(length=2), nullable=True),
        sa.Column("remote", sa.String(length=10), nullable=True),
        sa.Column("employment_type", sa.String(length=100), nullable=True),
        sa.Column("salary_min", sa.Float(), nullable=True),
        sa.Column("salary_max", sa.Float(), nullable=True),
        sa.Column("salary_currency", sa.String(length=3), nullable=True),
        sa.Column("salary_period", sa.String(length=10), nullable=True),
        sa.Column("salary_annual_min", sa.Float(), nullable=True),
        sa.Column("salary_annual_max", sa.Float(), nullable=True),
        sa.Column("salary_estimated", sa.Boolean(), nullable=False),
        sa.Column("salary_text", sa.String(length=1000), nullable=True),
        sa.Column("certifications", sa.JSON(), nullable=False),
        sa.Column("credential_requirements", sa.JSON(), nullable=False),
        sa.Column("education", sa.String(length=20), nullable=True),
        sa.Column("experience_years", sa.Float(), nullable=True),
        sa.Column("occupation", sa.String(length=7), nullable=True),
        sa.Column("relevant", sa.Boolean(), nullable=False),
        sa.Column("facets", sa.JSON(), nullable=False),
        _timestamp("posted_at"),
        _timestamp("first_seen_at", nullable=False),
        _timestamp("last_seen_at", nullable=False),
        _timestamp("closed_at"),
        sa.Column("description_text", sa.String(), nullable=True),
        sa.Column("description_html", sa.String(), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=False),
        sa.Column("cluster_id", sa.String(length=64), nullable=True),
        sa.Column("last_run_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("source", "external_id", name="uq_postings_source_external_id"),
    )
    op.create_index("ix_postings_source", "postings", ["source"])
    op.create_index("ix_postings_state", "postings", ["state"])
    op.create_index("ix_postings_salary_annual_min", "postings", ["salary_annual_min"])
    op.create_index("ix_postings_occupation", "postings", ["occupation"])
    op.create_index("ix_postings_relevant", "postings", ["relevant"])
    op.create_index("ix_postings_posted_at", "postings", ["posted_at"])
    op.create_index("ix_postings_cluster_id", "postings", ["cluster_id"])
    op.create_index("ix_postings_open_posted", "postings", ["closed_at", "posted_at"])

    op.create_table(
        "scrape_runs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("trigger", sa.String(length=20), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _timestamp("started_at", nullable=False),
        _timestamp("finished_at"),
        _timestamp("heartbeat_at"),
        sa.Column("host", sa.String(length=200), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
        sa.Column("seen", sa.Integer(), nullable=False),
        sa.Column("new", sa.Integer(), nullable=False),
        sa.Column("updated", sa.Integer(), nullable=False),
        sa.Column("unchanged", sa.Integer(), nullable=False),
        sa.Column("closed", sa.Integer(), nullable=False),
        sa.Column("dropped", sa.Integer(), nullable=False),
        sa.Column("error_count", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.Column("stats", sa.JSON(), nullable=False),
        sa.Column("note", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scrape_runs_source", "scrape_runs", ["source"])
    op.create_index("ix_scrape_runs_status", "scrape_runs", ["status"])
    op.create_index("ix_scrape_runs_started_at", "scrape_runs", ["started_at"])

    op.create_table(
        "salary_benchmarks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("soc_code", sa.String(length=7), nullable=False),
        sa.Column("occupation", sa.String(length=200), nullable=False),
        sa.Column("year", sa.String(length=20), nullable=False),
        sa.Column("area", sa.String(length=2), nullable=False),
        sa.Column("stat", sa.String(length=20), nullable=False),
        sa.Column("annual", sa.Float(), nullable=True),
        sa.Column("hourly", sa.Float(), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("soc_code", "area", "year", "stat", name="uq_benchmark"),
    )
    op.create_index("ix_salary_benchmarks_soc_code", "salary_benchmarks", ["soc_code"])

    op.create_table(
        "projections",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("soc_code", sa.String(length=7), nullable=False),
        sa.Column("occupation", sa.String(length=200), nullable=False),
        sa.Column("period", sa.String(length=20), nullable=False),
        sa.Column("employment_start", sa.Float(), nullable=True),
        sa.Column("employment_end", sa.Float(), nullable=True),
        sa.Column("pct_change", sa.Float(), nullable=True),
        sa.Column("openings_annual", sa.Float(), nullable=True),
        sa.Column("entry_education", sa.String(length=100), nullable=True),
        sa.Column("source", sa.String(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("soc_code", "period", name="uq_projection"),
    )

    op.create_table(
        "credentials",
        sa.Column("code", sa.String(length=10), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("body", sa.String(length=200), nullable=False),
        sa.Column("eligibility", sa.String(), nullable=True),
        sa.Column("renewal", sa.String(), nullable=True),
        sa.Column("source", sa.String(length=1000), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )


def downgrade() -> None:
    op.drop_table("credentials")
    op.drop_table("projections")
    op.drop_index("ix_salary_benchmarks_soc_code", table_name="salary_benchmarks")
    op.drop_table("salary_benchmarks")
    for name in ("started_at", "status", "source"):
        op.drop_index(f"ix_scrape_runs_{name}", table_name="scrape_runs")
    op.drop_table("scrape_runs")
    for name in (
        "open_posted",
        "cluster_id",
        "posted_at",
        "relevant",
        "occupation",
        "salary_annual_min",
        "state",
        "source",
    ):
        op.drop_index(f"ix_postings_{name}", table_name="postings")
    op.drop_table("postings")
    op.drop_index("ix_sources_name", table_name="sources")
    op.drop_table("sources")
