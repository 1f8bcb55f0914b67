"""Saved searches and their digests: the searches, what each digest has delivered, and an
index on postings.first_seen_at for "new since the last digest".

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _timestamp(name: str, *, nullable: bool = True) -> sa.Column:
    return sa.Column(name, sa.DateTime(timezone=True), nullable=nullable)


def upgrade() -> None:
    op.create_table(
        "saved_searches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("params", sa.JSON(), nullable=False),
        _timestamp("created_at", nullable=False),
        _timestamp("last_sent_at"),
        sa.Column("digest_webhook", sa.String(length=2000), nullable=True),
        sa.Column("digest_email", sa.String(length=320), nullable=True),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "digest_sent",
        sa.Column("saved_search_id", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=10), nullable=False),
        sa.Column("posting_id", sa.Integer(), nullable=False),
        _timestamp("sent_at", nullable=False),
        sa.ForeignKeyConstraint(["saved_search_id"], ["saved_searches.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("saved_search_id", "channel", "posting_id"),
        sqlite_with_rowid=False,
    )
    op.create_index("ix_postings_first_seen_at", "postings", ["first_seen_at"])


def downgrade() -> None:
    op.drop_index("ix_postings_first_seen_at", table_name="postings")
    op.drop_table("digest_sent")
    op.drop_table("saved_searches")
