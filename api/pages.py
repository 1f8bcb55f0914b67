"""A page of a search as the API and the MCP server answer it: export records, counted."""

from typing import Any

from sqlmodel import Session

from store.export import records_by_id
from store.job_search import JobSearch
from store.listing import list_postings


def record_page(
    session: Session, search: JobSearch, *, cursor: str | None, limit: int, count: bool = True
) -> dict[str, Any]:
    """`items` (export records, in the search's order), `total`, `total_exact`, `next_cursor`.

    Bad paging arguments raise InvalidSearch naming them (store.listing)."""
    page = list_postings(session, search, cursor=cursor, limit=limit, count=count)
    records = records_by_id(session=session, posting_ids=[row["id"] for row in page.rows])
    return {
        "items": [records[row["id"]] for row in page.rows],
        "total": page.total,
        "total_exact": page.total_exact,
        "next_cursor": page.next_cursor,
    }
