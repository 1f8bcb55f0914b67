"""Retries that back off: honour Retry-After on 429/503, else wait a little longer each time.

Scrapy's stock RetryMiddleware re-queues at once. A server that answers 429 or 503 is
asking us to slow down, so before the retry we wait for as long as its Retry-After
header says (seconds or an HTTP-date, capped at RETRY_AFTER_MAX), or, without the
header, for RETRY_BACKOFF_BASE × 2^(attempt) seconds. The wait is an asyncio sleep
(the reactor is asyncio), so other requests keep flowing meanwhile.
"""

import asyncio
import logging
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Request, Response
from scrapy.settings import BaseSettings
from scrapy.utils.response import response_status_message

logger = logging.getLogger(__name__)

BACKOFF_STATUSES = frozenset({429, 503})


def retry_after_seconds(value: str | bytes | None, *, now: datetime | None = None) -> float | None:
    """Seconds to wait from a Retry-After value (delta-seconds or HTTP-date), or None."""
    if value is None:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    text = text.strip()
    if not text:
        return None
    try:
        return max(0.0, float(text))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware that waits before retrying a 429/503 (replaces the stock one)."""

    def __init__(self, settings: BaseSettings):
        super().__init__(settings)
        self.retry_after_max = settings.getfloat("RETRY_AFTER_MAX", 120.0)
        self.backoff_base = settings.getfloat("RETRY_BACKOFF_BASE", 0.5)

    def backoff_delay(self, request: Request, response: Response) -> float:
        """How long to wait before retrying `request` after `response`."""
        header = retry_after_seconds(response.headers.get(b"Retry-After"))
        if header is not None:
            return min(header, self.retry_after_max)
        attempt = request.meta.get("retry_times", 0)
        return min(self.backoff_base * 2**attempt, self.retry_after_max)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry", False) or response.status not in self.retry_http_codes:
            return response
        reason = response_status_message(response.status)
        retry = self._retry(request, reason)
        if retry is None:  # retries used up: no point in waiting
            return response
        if response.status in BACKOFF_STATUSES:
            delay = self.backoff_delay(request, response)
            if delay > 0:
                logger.info("HTTP %s from %s: waiting %.1f s", response.status, request.url, delay)
                await asyncio.sleep(delay)
        return retry
