"""Postings: every place and state a posting names, and where four fields came from.

`locations` and `states` keep a posting placed in several states (its `state` is then empty);
`salary_source`, `state_source`, `remote_source` and `education_source` say whether the value
was read from the source's own field ("structured"), from free text ("text"), or deduced by a
rule ("inferred").

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

LISTS = ("locations", "states")
SOURCES = ("salary_source", "state_source", "remote_source", "education_source")


def upgrade() -> None:
    for name in LISTS:
        op.add_column(
            "postings",
            sa.Column(name, sa.JSON(), nullable=False, server_default=sa.text("'[]'")),
        )
    for name in SOURCES:
        op.add_column("postings", sa.Column(name, sa.String(length=12), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("postings") as batch:
        for name in (*SOURCES, *LISTS):
            batch.drop_column(name)
