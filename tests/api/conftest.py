"""A small store of postings, and real servers on 127.0.0.1: the API under uvicorn, a
webhook receiver and an SMTP server (aiosmtpd)."""

import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
import uvicorn
from aiosmtpd.controller import Controller
from sqlalchemy import Engine

from demo.server import free_port
from store.db import session_scope
from store.postings import upsert_postings
from tests.store.records import T0, posting

DAY = timedelta(days=1)


def yearly(low, high):
    return {"salary_min": low, "salary_max": high, "salary_period": "year",
            "salary_annual_min": low, "salary_annual_max": high, "salary_text": None}  # fmt: skip


# Coders in Florida at various pay, one in Georgia, one registrar in Texas.
POSTINGS = {
    1: {"title": "Medical Coder II", **yearly(52000, 60000), "posted_at": T0 - 1 * DAY},
    2: {"title": "Inpatient Coder", **yearly(45000, 48000), "posted_at": T0 - 2 * DAY},
    3: {"title": "Remote Coder", "state": "GA", "remote": "remote", **yearly(58000, 65000),
        "posted_at": T0 - 3 * DAY},
    4: {"title": "Cancer Registrar", "state": "TX", "certifications": ["ODS-C"],
        "credential_requirements": {"ODS-C": "required"}, **yearly(62000, 70000),
        "posted_at": T0 - 4 * DAY,
        "description_html": "<p>Registry work.</p>"},
    5: {"title": "Coder Auditor", **yearly(70000, 80000), "posted_at": T0 - 5 * DAY},
}  # fmt: skip


def number(record: dict) -> int:
    return int(record["external_id"].removeprefix("job-"))


def add_postings(engine: Engine, numbers, *, seen_at=T0, **changes) -> None:
    with session_scope(engine) as session:
        records = [posting(n, **{**POSTINGS.get(n, {}), **changes}) for n in numbers]
        upsert_postings(session=session, records=records, seen_at=seen_at, run_id=None)


@pytest.fixture
def store(db_engine: Engine) -> Engine:
    add_postings(db_engine, POSTINGS)
    return db_engine


def engine_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


class LiveServer:
    """An app served by uvicorn in a thread on 127.0.0.1 until the test ends."""

    def __init__(self, app) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> "LiveServer":
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert time.monotonic() < deadline, "uvicorn did not start"
            time.sleep(0.02)
        return self

    def __exit__(self, *_exc) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    def client(self, **options) -> httpx.Client:
        return httpx.Client(base_url=self.base, timeout=30, **options)


@pytest.fixture
def api_server(store: Engine) -> Iterator[LiveServer]:
    from api.app import create_app

    with LiveServer(create_app(engine_url(store))) as live:
        yield live


@dataclass
class WebhookReceiver:
    """Collects the JSON POSTed to it; answers `status` (set 500 to make sends fail)."""

    url: str = ""
    received: list[dict] = field(default_factory=list)
    status: int = 200


@pytest.fixture
def webhook() -> Iterator[WebhookReceiver]:
    receiver = WebhookReceiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers["Content-Length"]))
            if receiver.status == 200:
                receiver.received.append(json.loads(body))
            self.send_response(receiver.status)
            self.end_headers()

        def log_message(self, *_args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    receiver.url = f"http://127.0.0.1:{server.server_port}/hook"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=10)


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], str]] = []  # (from, to, content)

    async def handle_DATA(self, _server, _session, envelope) -> str:
        content = envelope.content.decode("utf-8", "replace")
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), content))
        return "250 OK"


@pytest.fixture
def smtp(monkeypatch) -> Iterator[Mailbox]:
    """A real SMTP server on 127.0.0.1; the settings point digests at it."""
    mailbox = Mailbox()
    controller = Controller(mailbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    monkeypatch.setenv("HITBOARD_SMTP_HOST", "127.0.0.1")
    monkeypatch.setenv("HITBOARD_SMTP_PORT", str(controller.port))
    monkeypatch.setenv("HITBOARD_SMTP_STARTTLS", "0")
    monkeypatch.setenv("HITBOARD_SMTP_FROM", "digests@hitboard.test")
    try:
        yield mailbox
    finally:
        controller.stop()
