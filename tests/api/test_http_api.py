"""The HTTP API under uvicorn on 127.0.0.1, read with httpx, on SQLite and PostgreSQL."""

import re
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

import feedparser
import httpx
import pytest

from api.app import create_app
from core.settings import child_environment
from store import saved_searches as saved
from store.db import session_scope
from store.export import EXPORT_FIELDS
from store.job_search import JobSearch
from tests.api.conftest import LiveServer, add_postings, engine_url, free_port, number
from tests.store.records import T0


def numbers(items) -> list[int]:
    return [number(item) for item in items]


def test_postings_take_the_jobs_page_filters_as_query_parameters(api_server):
    with api_server.client() as client:
        every = client.get("/postings").json()
        assert numbers(every["items"]) == [1, 2, 3, 4, 5]
        assert every["total"] == 5 and every["total_exact"] and every["next_cursor"] is None
        assert set(every["items"][0]) == {"id", *EXPORT_FIELDS}
        fl = client.get("/postings", params={"q": "coder", "state": "FL", "min_pay": 50000,
                                             "sort": "pay"}).json()  # fmt: skip
        assert numbers(fl["items"]) == [5, 1]
        both = client.get("/postings?state=FL&state=GA&sort=pay&min_pay=55000").json()
        assert numbers(both["items"]) == [5, 3, 1]
        assert numbers(client.get("/postings?credential=ODS-C").json()["items"]) == [4]
        assert numbers(client.get("/postings?arrangement=remote").json()["items"]) == [3]


def test_keyset_pages_walk_every_posting_once(api_server):
    seen, cursor = [], None
    with api_server.client() as client:
        while True:
            params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
            page = client.get("/postings", params=params).json()
            seen += numbers(page["items"])
            cursor = page["next_cursor"]
            if cursor is None:
                break
    assert seen == [1, 2, 3, 4, 5]


def test_bad_parameters_get_a_422_naming_each_one(api_server):
    with api_server.client() as client:
        answer = client.get("/postings?state=Florida&min_pay=lots&colour=red")
        assert answer.status_code == 422
        named = {tuple(d["loc"]): d["msg"] for d in answer.json()["detail"]}
        assert set(named) == {("query", "state"), ("query", "min_pay"), ("query", "colour")}
        assert "two-letter" in named[("query", "state")]
        assert client.get("/postings?limit=0").json()["detail"][0]["loc"] == ["query", "limit"]
        bad_cursor = client.get("/postings?cursor=nonsense").json()["detail"]
        assert bad_cursor[0]["loc"] == ["query", "cursor"]
        assert client.get("/benchmarks?soc=coder").json()["detail"][0]["loc"] == ["query", "soc"]
        assert client.get("/benchmarks?state=ZZ").json()["detail"][0]["loc"] == ["query", "state"]
        assert client.get("/postings/999999").status_code == 404
        assert client.post("/postings").status_code == 405  # no write endpoints


def test_one_posting_and_the_benchmarks(api_server):
    with api_server.client() as client:
        first = client.get("/postings?credential=ODS-C").json()["items"][0]
        detail = client.get(f"/postings/{first['id']}").json()
        assert detail["title"] == "Cancer Registrar"
        assert detail["description_html"] == "<p>Registry work.</p>"
        rows = client.get("/benchmarks", params={"soc": "29-2072", "state": "FL"}).json()
        areas = {row["area"] for row in rows}
        assert areas == {"US", "FL"} and {row["soc_code"] for row in rows} == {"29-2072"}
        assert any(row["stat"] == "median" and row["area"] == "US" for row in rows)
        docs = client.get("/docs")
        assert docs.status_code == 200 and "swagger" in docs.text.lower()
        # Everything the docs page loads is served here: it works with no internet access.
        loaded = re.findall(r"""(?:src|href|url)\s*[=:]\s*['"]([^'"]+)['"]""", docs.text)
        assert loaded and not [u for u in loaded if "//" in u], loaded
        for asset in loaded:
            assert client.get(asset).status_code == 200, asset
        schema = client.get("/openapi.json").json()
        names = {p["name"] for p in schema["paths"]["/postings"]["get"]["parameters"]}
        assert {"q", "state", "min_pay", "credential", "sort", "cursor"} <= names
        assert not any("post" in ops for ops in schema["paths"].values())


def test_a_saved_search_as_postings_since_and_as_an_atom_feed(store, api_server):
    with session_scope(store) as session:
        row = saved.save_search(session=session, name="FL coders",
                                search=JobSearch(keyword="coder", states=("FL",)))  # fmt: skip
    add_postings(store, [6], seen_at=T0 + timedelta(days=2), title="Coder Trainee",
                 posted_at=T0 + timedelta(days=1))  # fmt: skip
    with api_server.client() as client:
        all_of_it = client.get(f"/searches/{row.id}/postings").json()
        assert numbers(all_of_it["items"]) == [6, 1, 2, 5]
        since = (T0 + timedelta(days=1)).isoformat()
        new = client.get(f"/searches/{row.id}/postings", params={"since": since}).json()
        assert numbers(new["items"]) == [6]
        naive = client.get(f"/searches/{row.id}/postings?since=2026-03-01T00:00:00")
        assert naive.status_code == 422 and naive.json()["detail"][0]["loc"][-1] == "since"
        assert client.get("/searches/999/postings").status_code == 404
        answer = client.get(f"/feeds/{row.id}.atom")
    assert answer.headers["content-type"].startswith("application/atom+xml")
    feed = feedparser.parse(answer.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10" and feed.feed.title == "hitboard: FL coders"
    assert [e.title for e in feed.entries] == ["Coder Trainee", "Medical Coder II",
                                               "Inpatient Coder", "Coder Auditor"]  # fmt: skip
    first = feed.entries[0]
    assert first.link == "https://jobs.example.org/acme-health/6"
    assert "Tampa, FL (hybrid)" in first.summary and "$41,600 – $50,960 a year" in first.summary
    assert feed.entries[1].summary.endswith("$52,000 – $60,000 a year")


def test_a_token_from_the_environment_guards_every_data_request(store, monkeypatch):
    monkeypatch.setenv("HITBOARD_API_TOKEN", "s3cret-token")
    with LiveServer(create_app(engine_url(store))) as live, live.client() as client:
        assert client.get("/postings").status_code == 401
        wrong = client.get("/postings", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        good = client.get("/postings", headers={"Authorization": "Bearer s3cret-token"})
        assert good.status_code == 200 and len(good.json()["items"]) == 5
        # No CORS unless origins are named.
        preflight = client.get("/postings", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in preflight.headers


@pytest.mark.parametrize("origins", ["https://board.example"])
def test_cors_opens_only_to_the_named_origins(store, monkeypatch, origins):
    monkeypatch.setenv("HITBOARD_API_CORS_ORIGINS", origins)
    with LiveServer(create_app(engine_url(store))) as live, live.client() as client:
        named = client.get("/postings", headers={"Origin": "https://board.example"})
        assert named.headers["access-control-allow-origin"] == "https://board.example"
        other = client.get("/postings", headers={"Origin": "https://elsewhere.example"})
        assert "access-control-allow-origin" not in other.headers


def listening_addresses(port: int) -> set[str]:
    """The addresses a TCP port listens on, from the kernel's table (/proc/net/tcp)."""
    found = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        local, state = line.split()[1], line.split()[3]
        address, hex_port = local.split(":")
        if state == "0A" and int(hex_port, 16) == port:  # 0A: LISTEN
            found.add(".".join(str(b) for b in reversed(bytes.fromhex(address))))
    return found


def test_hitboard_api_listens_on_127_0_0_1_by_default(store):
    port = free_port()
    command = [sys.executable, "-m", "cli", "api", "--port", str(port), "--db", engine_url(store)]
    process = subprocess.Popen(command, env=child_environment(), stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not listening_addresses(port):
            assert process.poll() is None and time.monotonic() < deadline, "it did not start"
            time.sleep(0.1)
        assert listening_addresses(port) == {"127.0.0.1"}
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:
            assert client.get("/docs").status_code == 200
            assert len(client.get("/postings").json()["items"]) == 5
    finally:
        process.terminate()
        process.wait(timeout=30)
