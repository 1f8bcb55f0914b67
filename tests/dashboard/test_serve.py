"""Serving the dashboard warm (dashboard.serve): a new visitor's Jobs page is read from the
cache, not the store, and `hitboard dashboard`'s command serves the page."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

import pytest
import streamlit as st
from sqlalchemy import event
from streamlit.testing.v1 import AppTest

from cli.dashboard import dashboard_command
from dashboard import data
from demo.server import free_port, wait_until_serving
from tests.dashboard.conftest import APP, FilledStore


def statements_of_a_first_visit(url: str) -> list[str]:
    """The SQL a new session's first run of the Jobs page sends to the store."""
    sent: list[str] = []
    engine = data.engine(url)

    def record(_conn, _cursor, statement, *_args) -> None:
        sent.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        app = AppTest.from_file(str(APP), default_timeout=60)
        app.run()
        assert not app.exception, [e.message for e in app.exception]
        assert any("postings match" in m.value for m in app.markdown)
    finally:
        event.remove(engine, "before_cursor_execute", record)
    return sent


def test_a_warmed_front_page_is_read_from_memory(filled_store: FilledStore) -> None:
    st.cache_data.clear()
    cold = statements_of_a_first_visit(filled_store.url)
    st.cache_data.clear()
    data.warm_front_page(filled_store.url)
    warm = statements_of_a_first_visit(filled_store.url)
    listing = [s for s in cold if "FROM postings" in s and "ORDER BY" in s]
    assert listing, "the cold visit reads its page from the store"
    assert not [s for s in warm if "FROM postings" in s and "ORDER BY" in s]
    assert len(warm) <= len(cold) - 8, (len(warm), len(cold))


@pytest.mark.timeout(120)
def test_the_dashboard_command_serves_the_jobs_page(filled_store: FilledStore) -> None:
    port = free_port()
    command = dashboard_command(port, server_address="127.0.0.1", server_fileWatcherType="none")
    env = dict(os.environ, HITBOARD_DATABASE_URL=filled_store.url)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_serving(f"{base}/_stcore/health", process, timeout=60, poll=0.2)
        with urllib.request.urlopen(base, timeout=10) as answer:
            assert answer.status == 200
            assert b'<div id="root">' in answer.read()
        assert process.poll() is None
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.mark.timeout(120)
def test_stopping_hitboard_dashboard_stops_its_server(filled_store: FilledStore) -> None:
    """A SIGTERM to `hitboard dashboard` (a service manager stopping it) stops the Streamlit
    server it started: nothing is left holding the port."""
    port = free_port()
    env = dict(os.environ, HITBOARD_DATABASE_URL=filled_store.url)
    command = [sys.executable, "-m", "cli", "dashboard", "--port", str(port)]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        wait_until_serving(f"http://127.0.0.1:{port}/_stcore/health", process, timeout=60, poll=0.2)
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=30)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline and _answers(port):
            time.sleep(0.2)
        assert not _answers(port), "the Streamlit server outlived hitboard dashboard"
    finally:
        if process.poll() is None:
            process.kill()


def _answers(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.5)
        return probe.connect_ex(("127.0.0.1", port)) == 0
