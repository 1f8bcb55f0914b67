"""Clusters: posting fingerprints, blocking keys and clusters of one job.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _text(name: str, length: int, *, nullable: bool = False) -> sa.Column:
    return sa.Column(name, sa.String(length=length), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "posting_matches",
        sa.Column("posting_id", sa.Integer(), autoincrement=False, nullable=False),
        _text("company_key", 300),
        _text("client_key", 300),
        _text("agency", 10, nullable=True),
        _text("title_key", 500),
        sa.Column("title_level", sa.Integer(), nullable=False),
        _text("title_seniority", 20),
        _text("title_class", 20),
        _text("title_shift", 20),
        _text("title_setting", 20),
        _text("title_schedule", 20),
        _text("state", 2, nullable=True),
        _text("city", 200, nullable=True),
        sa.Column("remote", sa.Integer(), nullable=False),
        sa.Column("pay_min", sa.Float(), nullable=True),
        sa.Column("pay_max", sa.Float(), nullable=True),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("shingles", sa.Integer(), nullable=False),
        sa.Column("poster_rank", sa.Integer(), nullable=False),
        sa.Column("repost_of_all", sa.Boolean(), nullable=False),
        sa.Column("repost_on_source", sa.Boolean(), nullable=False),
        sa.Column("posted_by_agency", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("posting_id"),
    )
    op.create_index("ix_posting_matches_posted_by_agency", "posting_matches", ["posted_by_agency"])
    op.create_table(
        "cluster_keys",
        sa.Column("key", sa.BigInteger(), autoincrement=False, nullable=False),
        sa.Column("posting_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.PrimaryKeyConstraint("key", "posting_id"),
        sqlite_with_rowid=False,
    )
    op.create_table(
        "clusters",
        _text("id", 32),
        sa.Column("canonical_posting_id", sa.Integer(), nullable=True),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("reposted_count", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    # The old hash of title, company and place is replaced: store.db clusters every stored
    # posting again once the tables exist.
    op.execute(sa.text("UPDATE postings SET cluster_id = NULL"))


def downgrade() -> None:
    op.drop_table("clusters")
    op.drop_table("cluster_keys")
    op.drop_index("ix_posting_matches_posted_by_agency", table_name="posting_matches")
    op.drop_table("posting_matches")
