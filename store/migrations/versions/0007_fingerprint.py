"""Postings keep a fingerprint of their raw source fields.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Nullable: postings stored before it are normalized once more on their next crawl.
    op.add_column("postings", sa.Column("raw_fingerprint", sa.String(length=32), nullable=True))


def downgrade() -> None:
    # In place (SQLite 3.35+ drops a column itself): batch mode's copy-drop-rename of postings
    # fails inside the caller's transaction with "database table is locked".
    op.drop_column("postings", "raw_fingerprint")
