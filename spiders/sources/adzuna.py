"""Adzuna search API: `GET {url}/{page}?app_id=…&app_key=…&what=…&results_per_page=50`.

The keys (ADZUNA_APP_ID, ADZUNA_APP_KEY) must travel in the query string, so every URL
this spider logs or records has them replaced, and a logging filter masks them in any
line Scrapy itself writes (retries, errors). Adzuna puts the app id into each posting's
`redirect_url` as a tracking value; that parameter is dropped before the URL is stored.

Salaries are in the country's currency with no stated period (the normalizer's rule for
bare figures applies); `salary_is_predicted` "1" marks Adzuna's own estimate.
"""

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from scrapy.http import Request, Response
from w3lib.url import add_or_replace_parameters, url_query_parameter

from core.settings import get_settings
from spiders.items import JobPostingItem
from spiders.sources.base import SourceSpider, as_int, entries, page_count, with_query
from store.sources import REQUIRED_ENV

PAGE_SIZE = 50
DEFAULT_MAX_PAGES = 10
KEY_PARAMS = ("app_id", "app_key")
KEY_ENV = REQUIRED_ENV["adzuna"]  # ADZUNA_APP_ID, ADZUNA_APP_KEY
REDACTED = "REDACTED"
# Adzuna country codes (its URL path and location.area[0]) → ISO 4217.
CURRENCIES = {
    "us": "USD", "gb": "GBP", "ca": "CAD", "au": "AUD", "nz": "NZD", "in": "INR",
    "za": "ZAR", "sg": "SGD", "br": "BRL", "mx": "MXN", "pl": "PLN", "ch": "CHF",
    "de": "EUR", "fr": "EUR", "nl": "EUR", "it": "EUR", "es": "EUR", "at": "EUR",
    "be": "EUR",
}  # fmt: skip


class AdzunaSpider(SourceSpider):
    name = "adzuna"
    default_max_pages = DEFAULT_MAX_PAGES

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        keys = get_settings()
        self._secrets = tuple(key for var in KEY_ENV if (key := keys.api_key(var)))
        self._log_filter = RedactSecrets(self._secrets)

    async def start(self) -> AsyncIterator[Request]:
        # Installed here, after Scrapy has set up logging, and removed in `closed`.
        for handler in logging.getLogger().handlers:
            handler.addFilter(self._log_filter)
        if self.has_required_env(
            "the Adzuna API needs an application id (ADZUNA_APP_ID) and key (ADZUNA_APP_KEY)"
        ):
            yield self._page_request(1)

    def closed(self, reason: str) -> None:
        for handler in logging.getLogger().handlers:
            handler.removeFilter(self._log_filter)

    def record_error(self, url: str, reason: str, *, fatal: bool) -> None:
        """Errors go into the run record: never with the keys in them."""
        super().record_error(
            mask(redact_url(url), self._secrets), mask(reason, self._secrets), fatal=fatal
        )

    def _page_request(self, page: int) -> Request:
        query: list[tuple[str, Any]] = [
            ("app_id", get_settings().api_key("ADZUNA_APP_ID")),
            ("app_key", get_settings().api_key("ADZUNA_APP_KEY")),
            ("results_per_page", PAGE_SIZE),
        ]
        if self.source.search:
            query.append(("what", self.source.search))
        query += list(self.source.params.items())
        url = with_query(f"{self.source.url.rstrip('/')}/{page}", query)
        return self.list_request(url, self.parse, cb_kwargs={"page": page})

    def parse(self, response: Response, page: int = 1) -> Iterator[JobPostingItem | Request]:
        data = self.parse_json(response)
        if data is None:
            return
        results = entries(data, "results")
        if results is None:
            self.record_error(response.url, "expected an Adzuna search result", fatal=True)
            return
        country = country_from_url(self.source.url)
        fresh = self.unseen(results, result_id)
        yield from self.read_records(
            response.url,
            fresh,
            result_fields,
            country=country,
            secrets=self._secrets,
            key=result_id,
        )
        pages = page_count(as_int(data.get("count")), PAGE_SIZE) or 0
        if self.another_page(page, results, fresh, more=page < pages, pages_total=pages):
            yield self._page_request(page + 1)


# -- keeping the keys out of logs and records ---------------------------------


def redact_url(url: str) -> str:
    """`…?app_id=abc&app_key=xyz&what=…` → `…?app_id=REDACTED&app_key=REDACTED&what=…`."""
    present = {name: REDACTED for name in KEY_PARAMS if url_query_parameter(url, name)}
    return add_or_replace_parameters(url, present) if present else url


def mask(text: str, secrets: Iterable[str]) -> str:
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return text


class RedactSecrets(logging.Filter):
    """Masks the given values in every log record a handler writes."""

    def __init__(self, secrets: Iterable[str]):
        super().__init__()
        self.secrets = tuple(secret for secret in secrets if secret)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            record.msg, record.args = mask(message, self.secrets), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask(record.exc_text, self.secrets)
        return True


# -- pure extraction ---------------------------------------------------------


def country_from_url(url: str | None) -> str | None:
    """`…/v1/api/jobs/us/search` → "us"."""
    parts = urlsplit(url or "").path.strip("/").split("/")
    if "jobs" in parts and parts.index("jobs") + 1 < len(parts):
        return parts[parts.index("jobs") + 1].lower()
    return None


def result_fields(
    result: dict, *, country: str | None = None, secrets: Iterable[str] = ()
) -> dict[str, Any]:
    area = _area(result)
    return {
        "external_id": result_id(result),
        "url": _parse_url(result, secrets),
        "title": (result.get("title") or "").strip() or None,
        "company": _parse_company(result),
        "location": _parse_location(result),
        "country": area[0] if area else (country.upper() if country else None),
        "state": area[1] if len(area) > 1 else None,
        "city": area[3] if len(area) > 3 else None,
        "employment_type": _parse_employment_type(result),
        "posted_at": result.get("created") or None,
        "description_text": result.get("description") or None,
        **_parse_salary(result, country),
    }


def result_id(result: dict) -> str | None:
    return str(result["id"]) if result.get("id") else None


def _area(result: dict) -> list[str]:
    """location.area: [country, state, county, city], as deep as Adzuna knows."""
    area = (result.get("location") or {}).get("area") or []
    return [str(part).strip() for part in area if str(part).strip()]


def _parse_url(result: dict, secrets: Iterable[str] = ()) -> str | None:
    """The posting link, minus any parameter that carries one of our keys."""
    url = result.get("redirect_url")
    if not url:
        return None
    secrets = set(secrets)
    parts = urlsplit(url)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    kept = [(name, value) for name, value in pairs if value not in secrets]
    if len(kept) == len(pairs):
        return url
    return urlunsplit(parts._replace(query=urlencode(kept)))


def _parse_company(result: dict) -> str | None:
    return ((result.get("company") or {}).get("display_name") or "").strip() or None


def _parse_location(result: dict) -> str | None:
    return ((result.get("location") or {}).get("display_name") or "").strip() or None


def _parse_employment_type(result: dict) -> str | None:
    """contract_time (full_time, part_time) and contract_type (permanent, contract)."""
    values = [result.get("contract_time"), result.get("contract_type")]
    return ", ".join(str(value) for value in values if value) or None


def _parse_salary(result: dict, country: str | None = None) -> dict[str, Any]:
    low, high = result.get("salary_min"), result.get("salary_max")
    if low is None and high is None:
        return {}
    area = _area(result)
    code = (area[0] if area else country or "").lower()
    return {
        "salary_min": low,
        "salary_max": high,
        "salary_currency": CURRENCIES.get(code),
        "salary_period": None,  # Adzuna states none
        "salary_estimated": str(result.get("salary_is_predicted")).strip() in ("1", "true", "True"),
    }
