"""The fields a spider may set on an item, and the types each may hold.

Every item a spider makes is checked against them (`SourceSpider.new_item`), so a record
whose title is an object or whose pay is a list is refused, naming the field, before it
reaches the pipelines: one malformed record costs only itself.
"""

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError

Text = str | None
Amount = int | float | str | None  # structured pay: numbers or numeric strings


class RawPosting(BaseModel):
    """What the source said, before the pipelines (spiders/items.py has every field's role)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    source: str
    source_kind: str
    external_id: str | int | None = None
    url: Text = None
    title: Text = None
    company: Text = None
    location: Text = None
    locations: list[str] = []
    employment_type: str | list[str] | None = None
    posted_at: str | int | float | datetime | date | None = None
    description_html: Text = None
    description_text: Text = None
    remote_hint: Text = None
    education_hint: Text = None
    city: Text = None
    state: Text = None
    country: Text = None
    salary_min: Amount = None
    salary_max: Amount = None
    salary_currency: Text = None
    salary_period: Text = None
    salary_estimated: bool | None = None
    salary_text: Text = None


class MalformedRecord(ValueError):
    """A record that does not make a posting; the message names the field and the fault."""


def checked(fields: dict[str, Any]) -> dict[str, Any]:
    """`fields` when every one has a type the pipelines read, else MalformedRecord."""
    try:
        RawPosting.model_validate(fields)
    except ValidationError as exc:
        wrong = list(dict.fromkeys(str(error["loc"][0]) for error in exc.errors()))
        raise MalformedRecord("; ".join(_fault(name, fields.get(name)) for name in wrong)) from None
    return fields


def _fault(name: str, value: Any) -> str:
    if name not in RawPosting.model_fields:
        return f"{name} is not a posting field"
    shown = repr(value)
    shown = shown if len(shown) <= 60 else shown[:57] + "..."
    return f"{name} cannot be {shown} ({type(value).__name__})"
