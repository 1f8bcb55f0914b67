"""Where pay, state, arrangement and education came from, through `hitboard crawl` + `export`.

A Greenhouse board on 127.0.0.1 holds one posting per way a value can be found: in the
source's own fields, in the description, deduced by a rule, or not at all.
"""

import csv
import html
import io
import json

import pytest

from demo.server import LocalServer
from tests.cli.boards import (
    HIM_TECH_JSONLD,
    greenhouse_board,
    hitboard,
    hitboard_env,
    jsonld_page,
    sources_toml,
)

BOARD = "/gh/v1/boards/fieldsources"


def job(job_id: int, title: str, location: str, content: str, **extra) -> dict:
    return {
        "id": job_id,
        "title": title,
        "absolute_url": f"https://example.org/jobs/{job_id}",
        "location": {"name": location},
        "updated_at": "2026-11-20T09:00:00Z",
        "content": html.escape(content),
        **extra,
    }


JOBS = [
    # pay and arrangement from the description; state from the posted location
    job(
        5001,
        "Medical Coder",
        "Tampa, FL",
        "<p>This is a remote / at-home position.</p><p>Pay: $24.00 - $30.00 per hour.</p>"
        "<p>Associate degree required.</p>",
    ),
    # a vague location: the state comes from the description; the pay period from the size
    job(
        5002,
        "Health Information Technician",
        "Remote",
        "<p>This position is located at the Bay Pines VA Medical Center, Bay Pines, FL.</p>"
        "<p>Salary: $52,000 - $61,000</p>",
    ),
    # several states: no one state, all of them listed; no pay, no education stated
    job(
        5003,
        "Release of Information Specialist",
        "Tampa, FL; Atlanta, GA",
        "<p>Process record requests for our clinics.</p>",
    ),
    # the board's own pay fields
    job(
        5004,
        "Coding Auditor",
        "Dayton, OH",
        "<p>Audit inpatient coding. Bachelor's degree preferred.</p>",
        pay_input_ranges=[
            {
                "min_cents": 2900,
                "max_cents": 3600,
                "currency_type": "USD",
                "title": "Hourly pay range",
            }
        ],
    ),
]


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory):
    """The board and one JSON-LD page crawled, then exported as JSONL and as CSV (once)."""
    tmp_path = tmp_path_factory.mktemp("field-sources")
    with LocalServer() as server:
        server.add(f"{BOARD}/jobs", greenhouse_board(JOBS))
        server.add("/clinic/jobs/hit-77", jsonld_page(HIM_TECH_JSONLD))
        sources = tmp_path / "sources.toml"
        sources.write_text(
            sources_toml(
                [
                    {"name": "gh", "kind": "greenhouse", "url": server.url(BOARD)},
                    {
                        "name": "clinic",
                        "kind": "jsonld",
                        "urls": [server.url("/clinic/jobs/hit-77")],
                    },
                ],
                keep="all",
            )
        )
        db = f"sqlite:///{tmp_path / 'sources.db'}"
        env = hitboard_env(tmp_path)
        crawl = hitboard("crawl", "--sources", str(sources), "--db", db, env=env)
        assert crawl.returncode == 0, crawl.stdout + crawl.stderr
    as_jsonl = hitboard("export", "--format", "jsonl", "--db", db, env=env)
    as_csv = hitboard("export", "--format", "csv", "--db", db, env=env)
    assert as_jsonl.returncode == 0 and as_csv.returncode == 0, as_jsonl.stderr + as_csv.stderr
    records = {r["external_id"]: r for r in map(json.loads, as_jsonl.stdout.splitlines())}
    rows = {r["external_id"]: r for r in csv.DictReader(io.StringIO(as_csv.stdout))}
    return records, rows


SOURCES = ("salary_source", "state_source", "remote_source", "education_source")


@pytest.mark.parametrize(
    ("external_id", "expected"),
    [
        ("5001", ("text", "structured", "text", "text")),
        ("5002", ("inferred", "text", "structured", None)),
        ("5003", (None, None, None, None)),
        ("5004", ("structured", "structured", None, None)),
        # JSON-LD: baseSalary with its unit, a postal address
        ("HIT-77", ("structured", "structured", None, None)),
    ],
)
def test_each_field_says_where_it_came_from(exported, external_id, expected):
    records, rows = exported
    record = records[external_id]
    assert tuple(record[name] for name in SOURCES) == expected
    # the CSV carries the same, an absent source as an empty cell
    assert tuple(rows[external_id][name] or None for name in SOURCES) == expected


def test_values_behind_the_sources(exported):
    records, _ = exported
    coder, technician = records["5001"], records["5002"]
    assert (coder["salary_min"], coder["salary_period"], coder["remote"]) == (24, "hour", "remote")
    assert coder["education"] == "associate" and coder["state"] == "FL"
    assert technician["state"] == "FL" and technician["remote"] == "remote"
    assert (technician["salary_min"], technician["salary_period"]) == (52000, "year")
    assert records["5004"]["salary_period"] == "hour" and records["5004"]["education"] is None


def test_a_posting_in_several_states_lists_them_all(exported):
    records, rows = exported
    roi = records["5003"]
    assert roi["state"] is None and roi["city"] is None
    assert roi["states"] == ["FL", "GA"]
    assert roi["locations"] == ["Tampa, FL; Atlanta, GA"]
    assert rows["5003"]["states"] == "FL;GA"
    # a place read from the description is listed too
    assert records["5002"]["states"] == ["FL"]
    assert records["5002"]["locations"] == ["Remote"]
