"""The sources file: parse, validate, and describe each problem in one line.

Both the CLI (before a crawl) and each spider process (for its own entry) read
sources through this module, so a source means the same thing everywhere.
"""

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import parse_qsl, urlparse, urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    StrictStr,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from core.settings import Settings, get_settings
from store.cron import cron_trigger

KINDS = (
    "greenhouse",
    "lever",
    "ashby",
    "smartrecruiters",
    "workday",
    "usajobs",
    "adzuna",
    "themuse",
    "jsonld",
    "feed",
    "oracle",
    "taleo",
    "icims",
    "ukg",
    "successfactors",
    "phenom",
    "jobvite",
    "paylocity",
    "bamboohr",
    "workable",
    "recruitee",
    "neogov",
    "dayforce",
    "remotive",
)
# Environment variables a kind cannot run without.
REQUIRED_ENV = {
    "usajobs": ("USAJOBS_API_KEY", "USAJOBS_EMAIL"),
    "adzuna": ("ADZUNA_APP_ID", "ADZUNA_APP_KEY"),
}
SLUG = re.compile(r"^[a-z0-9][a-z0-9_-]{0,99}$")


@dataclass(frozen=True)
class UrlShape:
    """The path a kind's `url` must have, its parts named (any host: a mirror or 127.0.0.1
    stands in for the real one), and an example for the error message."""

    path: re.Pattern[str]
    example: str
    query: tuple[str, ...] = ()  # query parameters the URL must carry


def _shape(path: str, example: str, query: tuple[str, ...] = ()) -> UrlShape:
    return UrlShape(re.compile(path, re.IGNORECASE), example, query)


# Kinds not listed take any http(s) URL. A kind with several forms lists each.
URL_SHAPES: dict[str, tuple[UrlShape, ...]] = {
    "oracle": (
        _shape(
            r"^(?P<prefix>.*?)/hcmUI/CandidateExperience/(?P<lang>[^/]+)/sites/(?P<site>[^/]+)/?$",
            "https://{host}/hcmUI/CandidateExperience/en/sites/{site}",
        ),
    ),
    "taleo": (
        _shape(
            r"^(?P<prefix>.*?)/ats/careers/v2/searchResults$",
            "https://{host}/{code}/ats/careers/v2/searchResults?org={org}&cws={cws}",
            query=("org", "cws"),
        ),
        _shape(
            r"^(?P<prefix>.*?)/careersection/(?P<section>[^/]+)(?:/[^/]+\.ftl)?/?$",
            "https://{tenant}.taleo.net/careersection/{section}",
        ),
    ),
    "icims": (
        _shape(r"^(?P<prefix>.*?)/api/jobs/?$", "https://{employer-host}/api/jobs (Jibe)"),
        _shape(r"^(?P<prefix>.*?)/jobs/?$", "https://{tenant}.icims.com/jobs"),
    ),
    "ukg": (
        _shape(
            r"^(?P<prefix>.*?)/(?P<code>[A-Z0-9]+)/JobBoard/(?P<board>[0-9A-F-]{36})/?$",
            "https://recruiting2.ultipro.com/{CODE}/JobBoard/{GUID}",
        ),
    ),
    "jobvite": (
        _shape(r"^(?P<prefix>.*?)/(?P<tenant>[^/]+)/?$", "https://jobs.jobvite.com/{tenant}"),
    ),
    "paylocity": (
        _shape(
            r"^(?P<prefix>.*?)/recruiting/jobs/all/(?P<guid>[0-9A-F-]{36})(?:/[^/]*)?/?$",
            "https://recruiting.paylocity.com/recruiting/jobs/All/{guid}",
        ),
    ),
    "workable": (
        _shape(
            r"^(?P<prefix>.*?)/api/v1/widget/accounts/(?P<account>[^/]+)/?$",
            "https://apply.workable.com/api/v1/widget/accounts/{account}",
        ),
    ),
    "neogov": (
        _shape(
            r"^(?P<prefix>.*?)/careers/(?P<agency>[^/]+)/?$",
            "https://www.governmentjobs.com/careers/{agency}",
        ),
    ),
    "dayforce": (
        _shape(
            r"^(?P<prefix>.*?)/(?P<culture>[a-z]{2}-[a-z]{2})/(?P<client>[^/]+)/(?P<board>[^/]+)/?$",
            "https://jobs.dayforcehcm.com/en-US/{client}/{board}",
        ),
    ),
}


def url_parts(kind: str, url: str) -> dict[str, str] | None:
    """The named parts of a kind's `url` (with `origin`, `form`: which of the kind's shapes
    matched, counted from 0, and the query's values), or None when it has none of the
    kind's shapes. A kind without shapes gives just its origin and query."""
    split = urlsplit(url)
    base = {"origin": f"{split.scheme}://{split.netloc}", **dict(parse_qsl(split.query))}
    shapes = URL_SHAPES.get(kind)
    if not shapes:
        return {**base, "form": "0"}
    for form, shape in enumerate(shapes):
        match = shape.path.match(split.path)
        if match and all(base.get(name) for name in shape.query):
            parts = {k: v for k, v in match.groupdict().items() if v is not None}
            return {**base, **parts, "form": str(form)}
    return None


class SourceConfig(BaseModel):
    """One `[[source]]` entry. Types are strict: `enabled = "yes"` or `max_pages = "5"` is
    an error naming the field, not a guess."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: StrictStr
    kind: StrictStr
    url: StrictStr | None = None
    urls: tuple[StrictStr, ...] = ()
    sitemap: StrictStr | None = None
    search: StrictStr | None = None
    keep: Literal["relevant", "all"] = "relevant"
    schedule: StrictStr | None = None
    enabled: StrictBool = True
    # Kind-specific query parameters (The Muse `category`, USAJOBS `JobCategoryCode`, ...).
    params: dict[str, StrictStr | StrictInt | list[StrictStr]] = Field(default_factory=dict)
    max_pages: StrictInt | None = Field(default=None, ge=1)

    @field_validator("name")
    @classmethod
    def _slug(cls, value: str) -> str:
        if not SLUG.match(value):
            raise ValueError("must be a lowercase slug (letters, digits, '-' or '_')")
        return value

    @field_validator("kind")
    @classmethod
    def _known_kind(cls, value: str) -> str:
        if value not in KINDS:
            raise ValueError(f"unknown kind {value!r} (expected one of: {', '.join(KINDS)})")
        return value

    @field_validator("url", "sitemap")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is not None:
            _check_url(value)
        return value

    @field_validator("url")
    @classmethod
    def _url_shape(cls, value: str | None, info: ValidationInfo) -> str | None:
        kind = info.data.get("kind")
        if value is not None and kind and url_parts(kind, value) is None:
            examples = " or ".join(shape.example for shape in URL_SHAPES[kind])
            raise ValueError(f"{kind} source urls look like {examples}")
        return value

    @field_validator("urls")
    @classmethod
    def _http_urls(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        for url in value:
            _check_url(url)
        return value

    @field_validator("schedule")
    @classmethod
    def _cron(cls, value: str | None) -> str | None:
        if value is not None:
            cron_trigger(value)  # CronError is a ValueError: pydantic reports it
        return value

    def missing_location(self) -> str | None:
        """What is missing for this kind to know where to crawl, if anything."""
        if self.kind == "jsonld":
            if not self.urls and not self.sitemap and not self.url:
                return "missing urls or sitemap (a jsonld source needs job pages or a sitemap)"
        elif not self.url:
            return "missing url"
        return None

    def missing_env(self, settings: Settings | None = None) -> list[str]:
        """The variables this kind needs that the environment lacks (names, never values)."""
        settings = settings or get_settings()
        return [var for var in REQUIRED_ENV.get(self.kind, ()) if not settings.api_key(var)]


def _check_url(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise ValueError(f"not an http(s) URL: {url!r}")


class SourcesFileError(Exception):
    """A sources file with problems; `problems` holds one line each."""

    def __init__(self, path: Path, problems: list[str]):
        self.path = path
        self.problems = problems
        super().__init__("\n".join(problems))


def check_sources(path: Path | str) -> tuple[list[SourceConfig], list[str]]:
    """Read a sources file; return the valid sources and one line per problem."""
    path = Path(path)
    try:
        data = tomllib.loads(_read_text(path))
    except SourcesFileError as exc:
        return [], exc.problems
    except tomllib.TOMLDecodeError as exc:
        return [], [f"{path}: TOML syntax error: {exc}"]

    entries = data.get("source", [])
    if not isinstance(entries, list):
        return [], [f"{path}: 'source' must be an array of tables ([[source]])"]
    if not entries:
        return [], [f"{path}: no [[source]] entries"]

    sources: list[SourceConfig] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        label = _label(path, number, entry)
        try:
            source = SourceConfig.model_validate(entry)
        except ValidationError as exc:
            problems += [f"{label}: {problem}" for problem in _field_problems(exc)]
            continue
        if (missing := source.missing_location()) is not None:
            problems.append(f"{label}: {missing}")
            continue
        if source.name in seen:
            problems.append(f"{label}: duplicate name (also entry {seen[source.name]})")
            continue
        seen[source.name] = number
        sources.append(source)
    return sources, problems


def _read_text(path: Path) -> str:
    """The file's text: UTF-8 (a UTF-8 byte-order mark is allowed), else SourcesFileError
    saying what the file is instead."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise SourcesFileError(path, [f"{path}: no such file"]) from None
    except IsADirectoryError:
        raise SourcesFileError(path, [f"{path}: is a directory, not a sources file"]) from None
    except OSError as exc:
        raise SourcesFileError(path, [f"{path}: cannot be read: {exc.strerror}"]) from None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problem = f"{path}: is UTF-16 text (it starts with a byte-order mark); save it as UTF-8"
        raise SourcesFileError(path, [problem])
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problem = (
            f"{path}: line {line}: not UTF-8 text (byte 0x{raw[exc.start]:02x} at offset "
            f"{exc.start}); save it as UTF-8"
        )
        raise SourcesFileError(path, [problem]) from None


def load_sources(path: Path | str, only: list[str] | None = None) -> list[SourceConfig]:
    """The sources of a file, or SourcesFileError naming every problem."""
    sources, problems = check_sources(path)
    if only:
        names = {source.name for source in sources}
        problems += [
            f"{path}: --only {name!r}: no such source" for name in only if name not in names
        ]
        sources = [source for source in sources if source.name in only]
    if problems:
        raise SourcesFileError(Path(path), problems)
    return sources


# What a value of the wrong type must be instead, by pydantic's error type.
EXPECTED = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "string_type": "text in quotes",
    "tuple_type": "a list",
    "list_type": "a list",
    "dict_type": "a table",
}


def _field_problems(exc: ValidationError) -> list[str]:
    """One line per wrong field of an entry: `enabled: must be true or false, not 'yes'`."""
    lines: list[str] = []
    for error in exc.errors():
        loc = error["loc"]
        if error["type"] in EXPECTED and len(loc) > 1 and not isinstance(loc[-1], int):
            # A value that fits no member of a union (params): reported once, at its key.
            if any(line.startswith(_dotted(loc[:-1]) + ":") for line in lines):
                continue
            if _dotted(loc[:-1]) not in SourceConfig.model_fields:
                loc = loc[:-1]
        field = _dotted(loc) or "entry"
        if error["type"] == "extra_forbidden":
            message = "unknown key"
        elif error["type"] == "missing":
            message = "missing"
        elif error["type"] in EXPECTED:
            message = f"must be {EXPECTED[error['type']]}, not {error['input']!r}"
        else:
            message = error["msg"].removeprefix("Value error, ")
        lines.append(f"{field}: {message}")
    return lines


def _dotted(loc: tuple) -> str:
    return ".".join(str(part) for part in loc)


def _label(path: Path, number: int, entry: object) -> str:
    name = entry.get("name") if isinstance(entry, dict) else None
    return f"{path}: source #{number}" + (f" ({name!r})" if name else "")


def save_sources(*, session, sources: list[SourceConfig]) -> None:
    """Mirror sources-file entries into the `sources` table (the file stays the truth)."""
    from sqlmodel import select

    from store.models import Source, utcnow  # the store's tables load only when written to

    for config in sources:
        row = session.exec(select(Source).where(Source.name == config.name)).first()
        row = row or Source(name=config.name, kind=config.kind)
        row.kind = config.kind
        row.url = config.url or config.sitemap or (config.urls[0] if config.urls else None)
        row.config = config.model_dump(mode="json")
        row.schedule = config.schedule
        row.enabled = config.enabled
        row.updated_at = utcnow()
        session.add(row)
