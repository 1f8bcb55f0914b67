"""The API's answers: the export record as a posting's schema, and pages of them."""

from datetime import datetime
from types import UnionType
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel, ConfigDict, create_model

from store.export import EXPORT_FIELDS
from store.models import Posting

# The export record writes datetimes as ISO 8601 strings; the cluster facts are computed.
CLUSTER_TYPES: dict[str, Any] = {
    "cluster_size": int,
    "reposted_count": int,
    "first_posted_at": str | None,
    "days_open": int | None,
    "posted_by_agency": bool,
    "listing_signals": list[str],
}


def _record_type(name: str) -> Any:
    if name in CLUSTER_TYPES:
        return CLUSTER_TYPES[name]
    field = Posting.model_fields.get(name)
    if field is None:  # description_text: from posting_texts
        return str | None
    annotation = field.annotation
    if annotation is datetime or (
        get_origin(annotation) in (Union, UnionType) and datetime in get_args(annotation)
    ):
        return str | None
    return annotation | None


PostingRecord = create_model(
    "PostingRecord",
    __config__=ConfigDict(extra="forbid"),
    __doc__="One posting as `hitboard export` writes it (docs/export.md), with its id.",
    id=(int, ...),
    **{name: (_record_type(name), None) for name in EXPORT_FIELDS},
)


class PostingDetail(PostingRecord):  # type: ignore[misc, valid-type]
    """A posting's record and its description as sanitized HTML."""

    description_html: str | None = None


class PostingPage(BaseModel):
    items: list[PostingRecord]  # type: ignore[valid-type]
    total: int | None  # how many match, up to count_limit (None: not counted)
    total_exact: bool  # False: more than `total` match
    next_cursor: str | None  # pass as `cursor` for the next page; None on the last one


class SavedSearchOut(BaseModel):
    id: int
    name: str
    params: dict[str, str | list[str]]
    created_at: datetime
    last_sent_at: datetime | None
    feed: str  # the path of its Atom feed


class BenchmarkRow(BaseModel):
    soc_code: str
    occupation: str
    year: str
    area: str  # "US" or a USPS state code
    stat: str  # p10 | p25 | median | p75 | p90 | mean | employment
    annual: float | None
    hourly: float | None
    source: str
