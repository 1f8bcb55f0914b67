"""Blocking keys are numbers mixed from hashes of their parts, and a key's kind is its
lowest bit (title keys even, description band keys odd), so a band key keeps fewer
postings than a title key.

The stored keys no longer match the ones new postings get, so they are emptied here with
the fingerprints; the store's next start (`store.db.init_db`) clusters it again (as after
0008), keeping every posting and, where a cluster's first posting is the same, its id.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-08
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute("DELETE FROM cluster_keys")
    op.execute("DELETE FROM posting_matches")


def downgrade() -> None:
    # Nothing to undo in the schema. An older matcher meets the new keys nowhere, so its new
    # postings start clusters of their own until it clusters the store again.
    pass
