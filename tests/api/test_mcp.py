"""The MCP server through the SDK's own client: in-process, and `hitboard mcp` over stdio."""

import asyncio
import sys

from mcp import Client, StdioServerParameters
from sqlmodel import select

from api.mcp_server import build_server
from core.settings import child_environment
from tests.api.conftest import engine_url, number


def call(server, tool: str, arguments: dict):
    async def run():
        async with Client(server) as client:
            return await client.call_tool(tool, arguments)

    return asyncio.run(run())


def test_the_tools_are_listed_with_their_inputs(store):
    async def run():
        async with Client(build_server(engine_url(store))) as client:
            return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in asyncio.run(run())}
    assert set(tools) == {"search_postings", "get_posting", "pay_benchmarks", "credential_demand"}
    assert {"filters", "limit", "cursor"} <= set(
        tools["search_postings"].input_schema["properties"]
    )


def test_coder_jobs_in_florida_paying_over_50000(store):
    server = build_server(engine_url(store))
    filters = {"q": "coder", "state": ["FL"], "min_pay": 50000, "sort": "pay"}
    result = call(server, "search_postings", {"filters": filters, "limit": 1})
    assert not result.is_error
    answer = result.structured_content
    assert [number(p) for p in answer["items"]] == [5] and answer["total"] == 2
    rest = call(server, "search_postings", {"filters": filters, "cursor": answer["next_cursor"]})
    assert [number(p) for p in rest.structured_content["items"]] == [1]
    posting = call(server, "get_posting", {"posting_id": answer["items"][0]["id"]})
    assert posting.structured_content["title"] == "Coder Auditor"
    assert posting.structured_content["description_text"].startswith("Abstract and code")


def test_bad_filters_are_an_error_naming_them(store):
    result = call(build_server(engine_url(store)), "search_postings",
                  {"filters": {"state": "Florida", "min_pay": "lots"}})  # fmt: skip
    assert result.is_error
    text = result.content[0].text
    assert "state:" in text and "min_pay:" in text
    missing = call(build_server(engine_url(store)), "get_posting", {"posting_id": 99999})
    assert missing.is_error and "no posting 99999" in missing.content[0].text


def test_pay_is_placed_among_the_percentiles_as_the_jobs_page_places_it(store):
    from dashboard import transforms as tf
    from store.db import session_scope
    from store.models import SalaryBenchmark

    result = call(build_server(engine_url(store)), "pay_benchmarks",
                  {"occupation": "29-2072", "state": "FL", "pay": 52000})  # fmt: skip
    answer = result.structured_content
    national = answer["national"]
    assert national["area"] == "US" and national["soc_code"] == "29-2072"
    assert answer["state_mean"]["area"] == "FL" and answer["state_mean"]["mean"] > 0
    with session_scope(store, readonly=True) as session:
        rows = [r.model_dump() for r in session.exec(select(SalaryBenchmark)).all()]
    benchmark = tf.find_benchmark(tf.benchmarks_from_rows(rows), "29-2072", needs_percentiles=True)
    percentiles = benchmark.percentiles
    assert national["percentiles"]["p50"] == percentiles[50]
    placed = answer["placement"]
    assert percentiles[50] < 52000 < percentiles[90]  # so the placement falls between
    assert 50 < placed["percentile"] < 90 and not placed["above_range"]
    assert "percentile of medical records specialists nationally" in placed["sentence"]
    above = call(build_server(engine_url(store)), "pay_benchmarks",
                 {"occupation": "29-2072", "pay": 500000}).structured_content  # fmt: skip
    assert above["placement"]["above_range"] and above["state_mean"] is None


def test_credential_demand_counts_how_postings_ask(store):
    result = call(build_server(engine_url(store)), "credential_demand", {})
    rows = {row["credential"]: row for row in result.structured_content["credentials"]}
    # Four postings require RHIT and prefer CCS (tests.store.records); the registrar asks ODS-C.
    assert rows["RHIT"]["required"] == 4 and rows["CCS"]["preferred"] == 4
    registrar = rows["ODS-C"]
    assert (registrar["required"], registrar["preferred"], registrar["mentioned"]) == (1, 0, 0)
    assert registrar["postings"] == 1 and "Oncology" in registrar["name"]
    texas = call(build_server(engine_url(store)), "credential_demand", {"filters": {"state": "TX"}})
    assert [r["credential"] for r in texas.structured_content["credentials"]] == ["ODS-C"]


def test_hitboard_mcp_serves_over_stdio(store):
    command = StdioServerParameters(
        command=sys.executable,
        args=["-m", "cli", "mcp", "--db", engine_url(store)],
        env=child_environment(),
    )
    result = call(command, "search_postings", {"filters": {"state": "TX"}})
    assert [p["title"] for p in result.structured_content["items"]] == ["Cancer Registrar"]
