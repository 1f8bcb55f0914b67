"""Scheduler and operations: schedules, source leases, run requests, alerts, the job store.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "schedules",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("cron", sa.String(length=100), nullable=False),
        sa.Column("paused", sa.Boolean(), nullable=False),
        sa.Column("origin", sa.String(length=20), nullable=False),
        _timestamp("updated_at"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_schedules_source", "schedules", ["source"], unique=True)

    op.create_table(
        "source_leases",
        sa.Column("name", sa.String(length=120), nullable=False),
        sa.Column("holder", sa.String(length=300), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("ttl_seconds", sa.Float(), nullable=False),
        _timestamp("acquired_at", nullable=False),
        _timestamp("expires_at", nullable=False),
        sa.PrimaryKeyConstraint("name"),
    )
    op.create_index("ix_source_leases_expires_at", "source_leases", ["expires_at"])

    op.create_table(
        "run_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=False),
        sa.Column("requested_by", sa.String(length=100), nullable=True),
        _timestamp("requested_at", nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        _timestamp("handled_at"),
        sa.Column("run_id", sa.Integer(), nullable=True),
        sa.Column("message", sa.String(length=1000), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_run_requests_source", "run_requests", ["source"])
    op.create_index("ix_run_requests_status", "run_requests", ["status"])

    op.create_table(
        "alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=100), nullable=True),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("message", sa.String(length=2000), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=True),
        _timestamp("created_at", nullable=False),
        _timestamp("acknowledged_at"),
        sa.Column("webhook_status", sa.String(length=200), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_alerts_source", "alerts", ["source"])
    op.create_index("ix_alerts_created_at", "alerts", ["created_at"])

    # The same table APScheduler's SQLAlchemyJobStore would create for itself.
    op.create_table(
        "scheduler_jobs",
        sa.Column("id", sa.Unicode(length=191), nullable=False),
        sa.Column("next_run_time", sa.Float(precision=25), nullable=True),
        sa.Column("job_state", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_scheduler_jobs_next_run_time", "scheduler_jobs", ["next_run_time"])


def downgrade() -> None:
    op.drop_index("ix_scheduler_jobs_next_run_time", table_name="scheduler_jobs")
    op.drop_table("scheduler_jobs")
    op.drop_index("ix_alerts_created_at", table_name="alerts")
    op.drop_index("ix_alerts_source", table_name="alerts")
    op.drop_table("alerts")
    op.drop_index("ix_run_requests_status", table_name="run_requests")
    op.drop_index("ix_run_requests_source", table_name="run_requests")
    op.drop_table("run_requests")
    op.drop_index("ix_source_leases_expires_at", table_name="source_leases")
    op.drop_table("source_leases")
    op.drop_index("ix_schedules_source", table_name="schedules")
    op.drop_table("schedules")
