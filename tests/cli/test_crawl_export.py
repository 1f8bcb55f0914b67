"""`hitboard crawl` then `hitboard export`, as subprocesses, against sources on 127.0.0.1."""

import csv
import io
import json
from pathlib import Path

import pytest

from demo.server import LocalServer
from tests.cli.boards import (
    CODER,
    ENGINEER,
    HIM_TECH_JSONLD,
    REGISTRAR,
    WORKDAY_JOBS,
    greenhouse_board,
    hitboard,
    hitboard_env,
    jsonld_page,
    workday_site,
)


def run(*args: str, home: Path):
    """`hitboard ARGS` with its own home folder (crawl logs) and fast crawl settings."""
    return hitboard(*args, env=hitboard_env(home))


@pytest.fixture
def boards():
    with LocalServer() as server:
        server.add(
            "/gh/v1/boards/examplehealth/jobs", greenhouse_board([CODER, REGISTRAR, ENGINEER])
        )
        workday_site(server, "/wd/wday/cxs/example/Careers", WORKDAY_JOBS)
        server.add("/clinic/jobs/hit-77", jsonld_page(HIM_TECH_JSONLD))
        yield server


def write_sources(path: Path, server: LocalServer) -> Path:
    path.write_text(
        f"""
[[source]]
name = "example-greenhouse"
kind = "greenhouse"
url = "{server.url("/gh/v1/boards/examplehealth")}"
keep = "all"

[[source]]
name = "example-workday"
kind = "workday"
url = "{server.url("/wd/wday/cxs/example/Careers")}"

[[source]]
name = "example-clinic"
kind = "jsonld"
urls = ["{server.url("/clinic/jobs/hit-77")}"]
""",
        encoding="utf-8",
    )
    return path


def test_crawl_then_export_gives_the_spec_record(boards, tmp_path):
    db = f"sqlite:///{tmp_path / 'e2e.db'}"
    sources = write_sources(tmp_path / "sources.toml", boards)

    crawl = run("crawl", "--sources", str(sources), "--db", db, home=tmp_path)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr

    export = run("export", "--format", "jsonl", "--db", db, home=tmp_path)
    assert export.returncode == 0, export.stderr
    records = {r["external_id"]: r for r in map(json.loads, export.stdout.splitlines())}
    assert set(records) == {"4001", "4002", "4003", "R100", "R200", "HIT-77"}

    coder = records["4001"]
    assert coder["source"] == "example-greenhouse" and coder["source_kind"] == "greenhouse"
    assert (coder["salary_min"], coder["salary_max"], coder["salary_period"]) == (
        24.5,
        31.0,
        "hour",
    )
    assert coder["salary_annual_min"] == 24.5 * 2080
    assert (coder["city"], coder["state"], coder["country"]) == ("Tampa", "FL", "US")
    assert set(coder["certifications"]) >= {"CCS", "RHIT"}
    assert coder["occupation"] == "29-2072" and coder["relevant"] is True
    assert coder["education"] == "associate"
    assert "<" not in coder["description_text"]

    registrar = records["4002"]
    assert registrar["remote"] == "remote"
    assert "ODS-C" in registrar["certifications"]
    assert registrar["salary_annual_min"] == 62000 and registrar["salary_period"] == "year"

    # keep = "all" stores the engineer, classified as not relevant.
    assert records["4003"]["relevant"] is False

    roi = records["R100"]
    assert roi["remote"] == "hybrid" and roi["state"] == "TX"
    assert (roi["salary_min"], roi["salary_max"]) == (18.0, 22.5)
    director = records["R200"]
    assert director["occupation"] == "11-9111" and director["salary_annual_max"] == 140000

    tech = records["HIT-77"]
    assert (tech["state"], tech["salary_period"], tech["salary_min"]) == ("CA", "hour", 26)
    assert tech["company"] == "Example Clinic"

    for record in records.values():
        assert record["first_seen_at"] and record["last_seen_at"] and record["closed_at"] is None

    as_csv = run(
        "export", "--format", "csv", "--db", db, "--out", str(tmp_path / "x.csv"), home=tmp_path
    )
    assert as_csv.returncode == 0, as_csv.stderr
    rows = list(csv.DictReader(io.StringIO((tmp_path / "x.csv").read_text())))
    assert {row["external_id"] for row in rows} == set(records)


def test_keep_relevant_drops_other_postings(boards, tmp_path):
    db = f"sqlite:///{tmp_path / 'relevant.db'}"
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[[source]]\nname = "gh"\nkind = "greenhouse"\n'
        f'url = "{boards.url("/gh/v1/boards/examplehealth")}"\n'
    )
    assert run("crawl", "--sources", str(sources), "--db", db, home=tmp_path).returncode == 0
    export = run("export", "--format", "jsonl", "--db", db, home=tmp_path)
    ids = {json.loads(line)["external_id"] for line in export.stdout.splitlines()}
    assert ids == {"4001", "4002"}


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        ('[[source]]\nname = "a"\nkind = "workdai"\nurl = "https://x.test/"\n', "unknown kind"),
        ('[[source]]\nname = "a"\nkind = "greenhouse"\n', "missing url"),
        ('[[source]]\nname = "a"\nkind = "lever"\nurl = "https://x.test/"\n' * 2, "duplicate name"),
        ('[[source]\nname = "a"\n', "TOML syntax error"),
        (
            '[[source]]\nname = "a"\nkind = "lever"\nurl = "https://x.test/"\n'
            'schedule = "61 * * * *"\n',
            "bad cron",
        ),
    ],
)
def test_bad_sources_file_gets_a_one_line_error(tmp_path, body, problem):
    sources = tmp_path / "bad.toml"
    sources.write_text(body)
    result = run(
        "crawl", "--sources", str(sources), "--db", f"sqlite:///{tmp_path}/x.db", home=tmp_path
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and str(sources) in lines[0]


# The Workday ROI job (R100) again, on the employer's JSON-LD career page in that page's
# own forms: title reordered, the brand with its campus, the state spelled out.
ROI_ON_CAREER_PAGE = {
    "@context": "https://schema.org",
    "@type": "JobPosting",
    "title": "Release of Information Specialist (Hybrid)",
    "identifier": {"@type": "PropertyValue", "name": "Example Health", "value": "roi-100"},
    "hiringOrganization": {"@type": "Organization", "name": "Example Health - Houston"},
    "datePosted": "2026-11-18",
    "employmentType": "FULL_TIME",
    "jobLocation": {
        "@type": "Place",
        "address": {
            "@type": "PostalAddress",
            "addressLocality": "Houston",
            "addressRegion": "Texas",
            "addressCountry": "US",
        },
    },
    "description": WORKDAY_JOBS[0]["description"],
}


def test_one_job_crawled_from_two_kinds_of_source_is_one_cluster(tmp_path):
    db = f"sqlite:///{tmp_path / 'clusters.db'}"
    with LocalServer() as server:
        workday_site(server, "/wd/wday/cxs/example/Careers", WORKDAY_JOBS)
        server.add("/site/jobs/roi-100", jsonld_page(ROI_ON_CAREER_PAGE))
        sources = tmp_path / "sources.toml"
        sources.write_text(
            f"""
[[source]]
name = "example-workday"
kind = "workday"
url = "{server.url("/wd/wday/cxs/example/Careers")}"

[[source]]
name = "example-site"
kind = "jsonld"
urls = ["{server.url("/site/jobs/roi-100")}"]
""",
            encoding="utf-8",
        )
        crawl = run("crawl", "--sources", str(sources), "--db", db, home=tmp_path)
    assert crawl.returncode == 0, crawl.stdout + crawl.stderr

    export = run("export", "--format", "jsonl", "--db", db, home=tmp_path)
    assert export.returncode == 0, export.stderr
    records = {r["external_id"]: r for r in map(json.loads, export.stdout.splitlines())}
    assert set(records) == {"R100", "R200", "roi-100"}
    assert records["roi-100"]["cluster_id"] == records["R100"]["cluster_id"]
    assert records["roi-100"]["cluster_size"] == records["R100"]["cluster_size"] == 2
    assert records["R200"]["cluster_id"] != records["R100"]["cluster_id"]
    assert records["R200"]["cluster_size"] == 1
    for record in records.values():
        assert record["posted_by_agency"] is False and record["reposted_count"] == 0
