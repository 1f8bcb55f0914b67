"""The listing: long text apart, tags and full-text index, keys for filters and sorts.

- posting_texts: description_text and description_html move out of postings (with a copy of
  title and company, the full-text index's content), so listing scans stay narrow.
- posting_search: the full-text index (SQLite FTS5 with triggers; PostgreSQL tsvector + GIN).
- posting_tags: credential codes and facet values, one row each, for index-backed filters.
- postings.listed_at, salary_annual_top and salary_annual_posted, kept by the store, and
  the listing indexes (covering every filter column) that replace the single-column ones.
- listing_revision: the counter cached counts are checked against.

Existing rows are carried over. On SQLite the file keeps its size until `VACUUM`.

Revision ID: 0006
Revises: 0002
Create Date: 2026-12-01
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

OLD_INDEXES = {
    "ix_postings_state": ["state"],
    "ix_postings_salary_annual_min": ["salary_annual_min"],
    "ix_postings_relevant": ["relevant"],
    "ix_postings_posted_at": ["posted_at"],
    "ix_postings_open_posted": ["closed_at", "posted_at"],
}
# Open and of the field, the filtered column, newest first, then every other filter column.
_REST = ["occupation", "education", "salary_period", "employment_type", "salary_annual_posted"]
NEW_INDEXES = {
    "ix_postings_listing": ["closed_at", "relevant", "listed_at", "id", "state", "remote",
                            "salary_annual_top", *_REST],
    "ix_postings_listing_state": ["closed_at", "relevant", "state", "listed_at", "id", "remote",
                                  "salary_annual_top", *_REST],
    "ix_postings_listing_remote": ["closed_at", "relevant", "remote", "listed_at", "id",
                                   "state", "salary_annual_top", *_REST],
    "ix_postings_listing_pay": ["closed_at", "relevant", "salary_annual_top", "listed_at", "id",
                                "state", "remote", *_REST],
    "ix_postings_employment_type": ["employment_type"],
}  # fmt: skip
# Facet name in posting_tags -> where the postings row keeps its values as a JSON list.
TAG_SOURCES = {
    "credential": ("certifications", None),
    "setting": ("facets", "settings"),
    "code_set": ("facets", "code_sets"),
    "ehr": ("facets", "ehr"),
}
TOP_PAY = """CASE WHEN salary_annual_min IS NULL THEN salary_annual_max
    WHEN salary_annual_max IS NULL OR salary_annual_min > salary_annual_max
    THEN salary_annual_min ELSE salary_annual_max END"""
POSTED_PAY = """CASE WHEN NOT salary_estimated
    AND (salary_currency IS NULL OR salary_currency = 'USD')
    THEN (COALESCE(salary_annual_min, salary_annual_max)
          + COALESCE(salary_annual_max, salary_annual_min)) / 2.0 END"""


def _posting_id(*, primary_key: bool) -> sa.Column:
    return sa.Column(
        "posting_id",
        sa.Integer(),
        sa.ForeignKey("postings.id", ondelete="CASCADE"),
        primary_key=primary_key,
        nullable=False,
    )


def upgrade() -> None:
    from store import fulltext

    bind = op.get_bind()
    op.add_column("postings", sa.Column("listed_at", sa.DateTime(timezone=True), nullable=True))
    op.add_column("postings", sa.Column("salary_annual_top", sa.Float(), nullable=True))
    op.add_column("postings", sa.Column("salary_annual_posted", sa.Float(), nullable=True))
    op.execute(
        f"UPDATE postings SET listed_at = COALESCE(posted_at, first_seen_at), "
        f"salary_annual_top = {TOP_PAY}, salary_annual_posted = {POSTED_PAY}"
    )

    op.create_table(
        "posting_texts",
        _posting_id(primary_key=True),
        sa.Column("title", sa.String(length=500), nullable=False),
        sa.Column("company", sa.String(length=300), nullable=True),
        sa.Column("description_text", sa.String(), nullable=True),
        sa.Column("description_html", sa.String(), nullable=True),
    )
    # The index first, empty: its triggers fill it as the texts are copied over.
    fulltext.create_index(bind)
    op.execute(
        "INSERT INTO posting_texts (posting_id, title, company, description_text, "
        "description_html) SELECT id, title, company, description_text, description_html "
        "FROM postings"
    )
    if bind.dialect.name != "sqlite":
        fulltext.rebuild_index(bind)
    # A native DROP COLUMN: rebuilding postings would cascade-delete its new child rows.
    op.execute("ALTER TABLE postings DROP COLUMN description_text")
    op.execute("ALTER TABLE postings DROP COLUMN description_html")

    op.create_table(
        "posting_tags",
        sa.Column("facet", sa.String(length=20), nullable=False),
        sa.Column("value", sa.String(length=200), nullable=False),
        _posting_id(primary_key=False),
        sa.PrimaryKeyConstraint("facet", "value", "posting_id"),
        sqlite_with_rowid=False,
    )
    for facet, (column, key) in TAG_SOURCES.items():
        op.execute(_copy_tags(bind.dialect.name, facet, column, key))
    op.create_index("ix_posting_tags_posting_id", "posting_tags", ["posting_id"])

    for name in OLD_INDEXES:
        op.drop_index(name, table_name="postings")
    for name, columns in NEW_INDEXES.items():
        op.create_index(name, "postings", columns)

    listing_revision = op.create_table(
        "listing_revision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.bulk_insert(listing_revision, [{"id": 1, "revision": 0, "changed_at": None}])


def _copy_tags(dialect: str, facet: str, column: str, key: str | None) -> str:
    """INSERT ... SELECT of one facet's values out of the JSON lists (distinct, non-empty)."""
    if dialect == "sqlite":
        path = f", '$.{key}'" if key else ""
        values = f"json_each(p.{column}{path}) AS j"
        value = "j.value"
        where = "j.type = 'text'"
    else:
        path = f"p.{column} -> '{key}'" if key else f"p.{column}"
        values = f"json_array_elements_text(CASE WHEN json_typeof({path}) = 'array' " \
                 f"THEN {path} ELSE '[]'::json END) AS j(value)"  # fmt: skip
        value = "j.value"
        where = "TRUE"
    return (
        "INSERT INTO posting_tags (facet, value, posting_id) "
        f"SELECT DISTINCT '{facet}', {value}, p.id FROM postings AS p, {values} "
        f"WHERE {where} AND {value} <> ''"
    )


def downgrade() -> None:
    from store import fulltext

    bind = op.get_bind()
    op.drop_table("listing_revision")
    for name in NEW_INDEXES:
        op.drop_index(name, table_name="postings")
    for name, columns in OLD_INDEXES.items():
        op.create_index(name, "postings", columns)
    op.drop_index("ix_posting_tags_posting_id", table_name="posting_tags")
    op.drop_table("posting_tags")

    op.add_column("postings", sa.Column("description_text", sa.String(), nullable=True))
    op.add_column("postings", sa.Column("description_html", sa.String(), nullable=True))
    op.execute(
        "UPDATE postings SET "
        "description_text = (SELECT t.description_text FROM posting_texts AS t "
        "WHERE t.posting_id = postings.id), "
        "description_html = (SELECT t.description_html FROM posting_texts AS t "
        "WHERE t.posting_id = postings.id)"
    )
    fulltext.drop_index(bind)
    op.drop_table("posting_texts")
    op.execute("ALTER TABLE postings DROP COLUMN salary_annual_posted")
    op.execute("ALTER TABLE postings DROP COLUMN salary_annual_top")
    op.execute("ALTER TABLE postings DROP COLUMN listed_at")
