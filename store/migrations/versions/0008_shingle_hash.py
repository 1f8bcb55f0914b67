"""Description signatures are made with a polynomial shingle hash, not crc32.

The stored signatures and the band keys made from them no longer compare with the new
ones, so they are emptied here; the store's next start (`store.db.init_db`) finds postings
without fingerprints and clusters the store again, keeping every posting and, where a
cluster's first posting is the same, its cluster id.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM cluster_keys")
    op.execute("DELETE FROM posting_matches")


def downgrade() -> None:
    # Nothing to undo in the schema. The signatures stay as the new hash made them: an older
    # matcher meets them only through keys it no longer shares, so its new postings start
    # clusters of their own until it clusters the store again.
    pass
