"""A job search: every filter of the Jobs page, and its form as URL query parameters.

The same structure travels everywhere: the Jobs page keeps it in its URL, the HTTP API takes it
as query parameters, a saved search stores it as JSON. `JobSearch.from_params` reads it (bad
values raise InvalidSearch naming each parameter) and `JobSearch.to_params` writes it back,
defaults left out, so a search survives the round trip unchanged.

    q=coder&state=FL&state=GA&arrangement=remote&credential=CCS&min_pay=50000&sort=pay

Names, values and defaults are listed in docs/search.md.
"""

import re
from collections.abc import Mapping, Sequence
from enum import StrEnum
from typing import Annotated, Any, Literal, Self

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationError,
    field_validator,
)

from core.vocabulary import EducationLevel, PayPeriod, WorkArrangement
from store.fulltext import credential_code

MAX_VALUE_LENGTH = 200
_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
# An arrangement filter value beside the WorkArrangement ones: the posting does not say.
UNSTATED = "unstated"
ArrangementChoice = WorkArrangement | Literal["unstated"]
ARRANGEMENT_CHOICES: tuple[str, ...] = (*WorkArrangement, UNSTATED)


class Sort(StrEnum):
    RELEVANCE = "relevance"  # title matches first, then newest; newest when there is no keyword
    NEWEST = "newest"
    PAY = "pay"  # highest annual pay first (the top of the range), postings without pay last


class PayBasis(StrEnum):
    HOURLY = "hourly"
    SALARIED = "salaried"


# The pay periods of each basis; a day rate is neither.
PAY_BASIS_PERIODS: dict[PayBasis, tuple[PayPeriod, ...]] = {
    PayBasis.HOURLY: (PayPeriod.HOUR,),
    PayBasis.SALARIED: (PayPeriod.YEAR, PayPeriod.MONTH, PayPeriod.BIWEEK, PayPeriod.WEEK),
}


class InvalidSearch(ValueError):
    """Search parameters that cannot be read; `problems` maps each bad parameter to why."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        self.problems = dict(problems)
        super().__init__("; ".join(f"{name}: {why}" for name, why in self.problems.items()))


def _state(value: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2}", value):
        raise ValueError(f"{value!r} is not a two-letter USPS state code")
    return value.upper()


def _credential(value: str) -> str:
    code = credential_code(value)
    if code is None:
        raise ValueError(f"{value!r} is not a credential code or name (e.g. RHIT, CCS, ODS-C)")
    return code


def _occupation(value: str) -> str:
    if not re.fullmatch(r"\d{2}-\d{4}", value):
        raise ValueError(f"{value!r} is not a SOC code like 29-2072")
    return value


def _text(value: str) -> str:
    value = " ".join(value.split())
    if not value or len(value) > MAX_VALUE_LENGTH:
        raise ValueError(f"give a value of 1 to {MAX_VALUE_LENGTH} characters")
    return value


def _flag(value: Any) -> Any:
    if isinstance(value, str):
        lowered = value.strip().lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"{value!r} is not a yes/no value (use 1 or 0)")
    return value


def _values(value: Any) -> Any:
    """A list parameter from a URL: the key repeated, or given once."""
    if isinstance(value, str):
        value = [value]
    if isinstance(value, Sequence):
        return [v.strip() if isinstance(v, str) else v for v in value if v != ""]
    return value


def _codes(value: Any) -> Any:
    """A list of codes (no code holds a comma), also accepted as one comma-separated value."""
    value = _values(value)
    if isinstance(value, list):
        return [p.strip() for v in value for p in (v.split(",") if isinstance(v, str) else [v])]
    return value


def _sorted_unique(values: tuple) -> tuple:
    return tuple(sorted(set(values), key=str))


State = Annotated[str, AfterValidator(_state)]
CredentialCode = Annotated[str, AfterValidator(_credential)]
Occupation = Annotated[str, AfterValidator(_occupation)]
Text = Annotated[str, AfterValidator(_text)]
Flag = Annotated[bool, BeforeValidator(_flag)]


def ListOf(item: Any, *, codes: bool = False) -> Any:
    """A list parameter of `item`s, kept sorted and without repeats."""
    split = BeforeValidator(_codes if codes else _values)
    return Annotated[tuple[item, ...], split, AfterValidator(_sorted_unique)]


class JobSearch(BaseModel):
    """What a job seeker asked for. Empty lists and None mean "no restriction".

    Field names are Python's; aliases are the URL parameter names (both are accepted).
    """

    model_config = ConfigDict(
        frozen=True, extra="forbid", validate_by_name=True, validate_by_alias=True
    )

    keyword: str = Field("", alias="q", max_length=500)
    states: ListOf(State, codes=True) = Field((), alias="state")
    remote_anywhere: Flag = Field(False, alias="remote_anywhere")  # with states: remote anywhere
    arrangements: ListOf(ArrangementChoice, codes=True) = Field((), alias="arrangement")
    credentials: ListOf(CredentialCode, codes=True) = Field((), alias="credential")  # any of these
    min_pay: int | None = Field(None, alias="min_pay", ge=0, le=10_000_000)  # annual USD
    include_no_pay: Flag = Field(False, alias="include_no_pay")  # min_pay keeps pay-less ones
    posted_within_days: int | None = Field(None, alias="posted_within", ge=1, le=3650)
    occupations: ListOf(Occupation, codes=True) = Field((), alias="occupation")
    max_education: EducationLevel | None = Field(None, alias="education")  # at most, or unsaid
    employment_types: ListOf(Text) = Field((), alias="employment_type")
    pay_basis: PayBasis | None = Field(None, alias="pay_basis")
    settings: ListOf(Text) = Field((), alias="setting")
    code_sets: ListOf(Text) = Field((), alias="code_set")
    ehr: ListOf(Text) = Field((), alias="ehr")
    # True: only postings by staffing agencies or coding vendors for another employer's job;
    # False: none of them.
    posted_by_agency: bool | None = Field(None, alias="posted_by_agency")
    include_closed: Flag = Field(False, alias="include_closed")
    include_unrelated: Flag = Field(False, alias="include_unrelated")  # outside the field too
    sort: Sort = Field(Sort.RELEVANCE, alias="sort")

    @field_validator("keyword", mode="before")
    @classmethod
    def _one_line(cls, value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    @field_validator("posted_by_agency", mode="before")
    @classmethod
    def _agency_flag(cls, value: Any) -> Any:
        return _flag(value)

    @classmethod
    def from_params(cls, params: Mapping[str, Any], *, ignore_unknown: bool = False) -> Self:
        """Read URL query parameters: {name: value or [values]}, as st.query_params.to_dict()
        or a saved search's JSON give them (list parameters may repeat or use commas).

        Unknown names are an error unless `ignore_unknown`; empty values mean "not given".
        """
        fields = {field.alias: name for name, field in cls.model_fields.items()}
        data: dict[str, Any] = {}
        problems: dict[str, str] = {}
        for key, value in params.items():
            if key not in fields:
                if not ignore_unknown:
                    problems[key] = f"not a search parameter (known: {', '.join(fields)})"
                continue
            listed = _is_list(cls, fields[key])
            if not listed and not isinstance(value, str) and isinstance(value, Sequence):
                given = [v for v in value if v != ""]
                if len(given) > 1:
                    problems[key] = f"give one value, not {len(given)}"
                    continue
                value = given[0] if given else ""
            if value == "" or (listed and value == []):
                continue
            data[key] = value
        try:
            search = cls.model_validate(data)
        except ValidationError as error:
            for detail in error.errors():
                name = str(detail["loc"][0]) if detail["loc"] else "search"
                problems.setdefault(name, _message(detail))
            raise InvalidSearch(problems) from None
        if problems:
            raise InvalidSearch(problems)
        return search

    def to_params(self) -> dict[str, str | list[str]]:
        """The URL query parameters of this search, defaults left out, in field order."""
        params: dict[str, str | list[str]] = {}
        defaults = type(self)()
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            if value == getattr(defaults, name):
                continue
            if isinstance(value, tuple):
                params[field.alias] = [str(v) for v in value]
            elif isinstance(value, bool):
                params[field.alias] = "1" if value else "0"
            else:
                params[field.alias] = str(value)
        return params

    @property
    def education_allowed(self) -> tuple[EducationLevel, ...] | None:
        """The levels an `education` ceiling keeps, lowest first (None: no ceiling)."""
        if self.max_education is None:
            return None
        levels = tuple(EducationLevel)
        return levels[: levels.index(self.max_education) + 1]


def _is_list(model: type[BaseModel], name: str) -> bool:
    return isinstance(model.model_fields[name].default, tuple)


def _message(detail: dict[str, Any]) -> str:
    message = str(detail.get("msg", "invalid"))
    return message.removeprefix("Value error, ")
