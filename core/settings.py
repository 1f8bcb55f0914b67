"""hitboard's settings: every knob the environment turns, read in this one module.

A field `name` comes from the environment variable HITBOARD_NAME (`home` from HITBOARD_HOME,
`database_url` from HITBOARD_DATABASE_URL...); the API keys keep the names their services
give them (USAJOBS_API_KEY, USAJOBS_EMAIL, ADZUNA_APP_ID, ADZUNA_APP_KEY) and are SecretStr,
so printing the settings never shows them. An empty variable counts as unset.

`get_settings()` reads the environment each time it is called (about a millisecond: call it
once per command or crawl, never per posting), so a variable changed by an operator or a
test's monkeypatch counts at once; there is no cache to reset. Child processes (crawls, the
dashboard) get what they need through the environment: `child_environment()`.
"""

import json
import os
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

PREFIX = "HITBOARD_"
DEFAULT_USER_AGENT = (
    "hitboard/0.1 (health-information job search; set HITBOARD_USER_AGENT to add a contact)"
)
DEFAULT_LEASE_TTL = 90.0  # seconds a lease lives without a heartbeat


def _api_key(variable: str) -> Any:
    return Field(default=None, validation_alias=variable)


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=PREFIX, env_ignore_empty=True, extra="ignore", frozen=True
    )

    # Where hitboard keeps its own files: the default SQLite store and the crawl logs.
    home: Path = Field(default_factory=lambda: Path.home() / ".local" / "share" / "hitboard")
    # The store (any SQLAlchemy URL or a SQLite file path); `--db` beats it.
    database_url: str | None = None
    # Seconds a crawl's lease on its source lives without a heartbeat.
    lease_ttl: float = Field(default=DEFAULT_LEASE_TTL, gt=0)
    # The User-Agent every crawl sends.
    user_agent: str = DEFAULT_USER_AGENT
    # Scrapy settings for every crawl process, a JSON object: '{"DOWNLOAD_TIMEOUT": 5}'.
    scrapy_settings: Annotated[dict[str, Any], NoDecode] = Field(default_factory=dict)
    # Where alerts are POSTed as JSON (a chat or incident webhook).
    alert_webhook: str | None = None
    # Scrapyd node URLs, comma-separated (`http://user:pass@host:6800`): crawls go there.
    scrapyd_url: str = ""
    # The Scrapyd project name the nodes know hitboard by.
    scrapyd_project: str = "hitboard"
    # Whether a Scrapyd job is told the database URL (off: the nodes set their own).
    scrapyd_send_db_url: bool = True
    # The operators' password for the Operations page, or better a ready scrypt hash of it.
    admin_password: SecretStr | None = None
    admin_password_hash: SecretStr | None = None
    # The HTTP API: a bearer token it asks every request for (unset: none asked), and the
    # origins whose browser pages may call it, comma-separated (unset: CORS stays off).
    api_token: SecretStr | None = None
    api_cors_origins: str = ""
    # Where digests go by email: the SMTP server, its login, and the From address.
    smtp_host: str | None = None
    smtp_port: int = Field(default=587, gt=0, lt=65536)
    smtp_username: str | None = None
    smtp_password: SecretStr | None = None
    smtp_starttls: bool = True
    smtp_from: str = "hitboard@localhost"
    # The cluster matcher's thresholds (docs/clusters.md), read once when a process starts.
    # Jaccard similarity of the words that say what the job is (after spellings, levels,
    # seniority, shift, setting and place words are taken out).
    cluster_title_similarity: float = Field(default=0.66, gt=0, le=1)
    # Share of the shorter description's sentences found in the other, when both have at
    # least `cluster_min_shingles`: for two postings of one employer...
    cluster_description_same_employer: float = Field(default=0.30, ge=0, le=1)
    # ...and for a posting by an agency, a vendor or an unnamed employer beside another.
    cluster_description_other_poster: float = Field(default=0.70, ge=0, le=1)
    cluster_min_shingles: int = Field(default=16, ge=1)
    # Two posted ranges of annual pay must overlap, give or take this share.
    cluster_pay_tolerance: float = Field(default=0.10, ge=0)
    # A blocking key shared by more postings than this compares a new posting with the most
    # recent ones only, so no key makes the work grow with the store.
    cluster_max_block: int = Field(default=50, ge=1)
    # The same for a description band key: one shared by more is boilerplate (a role's
    # template sentences at many employers), and copies of a job share other bands too.
    cluster_max_band_block: int = Field(default=5, ge=1)
    # Listing signals: shown from this many days open, and from this many reposts.
    cluster_long_open_days: int = Field(default=60, ge=0)
    cluster_reposts_to_show: int = Field(default=1, ge=1)
    # API keys, under their services' own names.
    usajobs_api_key: SecretStr | None = _api_key("USAJOBS_API_KEY")
    usajobs_email: SecretStr | None = _api_key("USAJOBS_EMAIL")
    adzuna_app_id: SecretStr | None = _api_key("ADZUNA_APP_ID")
    adzuna_app_key: SecretStr | None = _api_key("ADZUNA_APP_KEY")

    @field_validator("home")
    @classmethod
    def _expand(cls, value: Path) -> Path:
        return value.expanduser()

    @field_validator("scrapy_settings", mode="before")
    @classmethod
    def _json_object(cls, value: Any) -> Any:
        if isinstance(value, str):
            try:
                value = json.loads(value)
            except ValueError as exc:
                raise ValueError(f"not valid JSON ({exc})") from None
        if not isinstance(value, dict) or not all(
            isinstance(key, str) and key.isupper() for key in value
        ):
            raise ValueError("must be a JSON object of UPPER_CASE Scrapy setting names")
        return value

    @property
    def log_dir(self) -> Path:
        """Where each crawl's log goes: run-<id>-<source>.log."""
        return self.home / "logs"

    @property
    def default_database_path(self) -> Path:
        """The SQLite file used when neither --db nor HITBOARD_DATABASE_URL names a store."""
        return self.home / "hitboard.db"

    @property
    def scrapyd_nodes(self) -> list[str]:
        """The node URLs of `scrapyd_url`, without trailing slashes."""
        return parse_nodes(self.scrapyd_url)

    def api_key(self, variable: str) -> str | None:
        """The value of an API key by its variable's name (USAJOBS_API_KEY...), or None."""
        for name, field in type(self).model_fields.items():
            if field.validation_alias == variable:
                secret = getattr(self, name)
                return secret.get_secret_value() if secret is not None else None
        raise KeyError(f"{variable} is not an API key hitboard knows")


class SettingsError(ValueError):
    """The environment holds a value hitboard cannot use; the message names the variable."""


def get_settings() -> Settings:
    """The settings as the environment says now."""
    try:
        return Settings()
    except ValidationError as exc:
        problems = [
            f"{variable_name(str(error['loc'][0]))}: {error['msg'].removeprefix('Value error, ')}"
            for error in exc.errors()
        ]
        raise SettingsError("; ".join(problems)) from None


def variable_name(field: str) -> str:
    """The environment variable a field is read from."""
    known = Settings.model_fields.get(field)
    alias = known.validation_alias if known is not None else None
    return alias if isinstance(alias, str) else PREFIX + field.upper()


def parse_nodes(value: str) -> list[str]:
    """Comma-separated node URLs → a list, without blanks or trailing slashes."""
    return [part.strip().rstrip("/") for part in value.split(",") if part.strip()]


def child_environment(**overrides: str) -> dict[str, str]:
    """This process's environment plus `overrides`, for a child process (a crawl, the
    dashboard): settings travel to children as the same variables."""
    return {**os.environ, **overrides}
