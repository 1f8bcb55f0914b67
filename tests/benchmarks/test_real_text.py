"""The real-text scoring machinery, on a labels file of the project's own fixtures.

The labels in tests/fixtures/real_text/labels.jsonl were written from tests/fixtures/ (not from
the real captures), so these tests are independent of the blind set. The crawl behind them is
the real one: LocalServer, `hitboard crawl`, `hitboard export`.
"""

import dataclasses
import json
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks import real_text
from benchmarks.real_text import Label, LabelsError, compare, part_of, read_captures, read_labels

ROOT = Path(__file__).resolve().parent.parent.parent
FIXTURES = ROOT / "tests" / "fixtures"
LABELS = FIXTURES / "real_text" / "labels.jsonl"


@pytest.fixture(scope="module")
def labels() -> list[Label]:
    return read_labels(LABELS)


@pytest.fixture(scope="module")
def crawled(labels):
    return read_captures(labels, FIXTURES)


def test_every_labelled_field_is_scored_against_the_exported_record(labels, crawled):
    report = compare(labels, crawled, FIXTURES)
    every = report.parts["all"]
    totals = {name: every[name].total for name in real_text.FIELDS}
    # 12 labelled postings: one of a kind not read yet, one the board does not have
    assert totals == {
        "pay": 10,
        "credentials": 10,
        "relevant": 10,
        "occupation": 10,
        "state": 10,
        "states": 9,
        "remote": 8,  # one is marked unsure
        "education": 8,
    }
    assert all(result.correct == result.total for result in every.values()), real_text.misses(
        report
    )
    assert report.unsure == 1
    assert dict(report.not_read_yet) == {"oracle": 1}
    assert [label.id for label in report.not_found] == ["5109999"]


def test_postings_are_found_by_the_sources_own_ids(labels, crawled):
    by_id = {label.id: label for label in labels}
    # the export's external_id; an id of the captured record (USAJOBS PositionID, where the
    # export keeps MatchedObjectId); the URL (a Workday externalPath)
    for label_id, external_id in [
        ("812345600", "812345600"),
        ("HHS-IHS-26-0669-11", "812345700"),
        ("/job/Orlando-FL/Release-of-Information-Specialist_R20455-1", "R20455"),
    ]:
        label = by_id[label_id]
        capture = json.loads((FIXTURES / label.file).read_text())
        captured = real_text.captured_record(capture, label)
        record = real_text.find_record(label, crawled.records[label.file], captured)
        assert record["external_id"] == external_id


def test_a_wrong_label_is_a_miss_listed_only_on_request(labels, crawled):
    wrong = [
        dataclasses.replace(label, labels={**label.labels, "state": "GA", "remote": "onsite"})
        if label.id == "5101002"
        else label
        for label in labels
    ]
    report = compare(wrong, crawled, FIXTURES)
    every = report.parts["all"]
    assert (every["state"].correct, every["state"].total) == (9, 10)
    assert (every["remote"].correct, every["remote"].total) == (7, 8)
    table = real_text.markdown(report)
    assert "| state |" in table and "9/10 (90.0%)" in table and "5101002" not in table
    listed = real_text.misses(report)
    assert "5101002" in listed and "expected='GA'" in listed and "got='FL'" in listed
    assert "expected='onsite'" in listed and "got=None" in listed


def test_the_table_reports_kinds_not_read_yet_and_postings_not_found(labels, crawled):
    table = real_text.markdown(compare(labels, crawled, FIXTURES))
    assert "not read yet: 1 posting (oracle 1)" in table
    assert "not found in the export: 1 posting" in table
    assert "labels marked unsure, left out: 1" in table


def test_dev_and_held_out_parts_add_up_to_the_whole(labels, crawled):
    report = compare(labels, crawled, FIXTURES)
    for name in real_text.FIELDS:
        dev, held_out = report.parts["dev"][name], report.parts["held-out"][name]
        assert dev.total + held_out.total == report.parts["all"][name].total
        assert dev.correct + held_out.correct == report.parts["all"][name].correct
    everything_dev = compare(labels, crawled, FIXTURES, dev_percent=100)
    assert everything_dev.parts["held-out"]["pay"].total == 0


def test_the_split_is_a_stable_hash_of_file_and_id():
    def label(file: str, posting_id: str, **labels) -> Label:
        return Label(file, None, None, posting_id, None, labels, 1)

    many = [label("usajobs/page.json", str(number)) for number in range(2000)]
    dev = sum(part_of(one) == "dev" for one in many)
    assert 1100 <= dev <= 1300  # about 60%
    # the same posting lands in the same part whatever its labels, line or neighbours
    assert part_of(label("a.json", "7", pay=None)) == part_of(label("a.json", "7", state="FL"))
    assert {part_of(one, 0) for one in many} == {"held-out"}
    assert {part_of(one, 100) for one in many} == {"dev"}


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("not json", "not JSON"),
        ('["a list"]', "a JSON object"),
        ('{"file": "x.json", "labels": {}}', "missing id"),
        ('{"file": "x.json", "id": "1", "labels": {"salary": null}}', "unknown label(s) salary"),
        ('{"file": "x.json", "id": "1", "labels": []}', "labels must be an object"),
    ],
)
def test_a_bad_labels_line_is_named(tmp_path, line, problem):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"file": "a.json", "id": "1", "labels": {}}\n' + line + "\n")
    with pytest.raises(LabelsError) as error:
        read_labels(path)
    assert f"{path}:2" in str(error.value) and problem in str(error.value)


def test_a_posting_labelled_twice_is_refused(tmp_path):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"file": "a.json", "id": "1", "labels": {}}\n' * 2)
    with pytest.raises(LabelsError, match="labelled twice"):
        read_labels(path)


def test_a_capture_that_is_not_there_is_named_before_any_crawl(tmp_path):
    missing = [Label("greenhouse/absent.json", None, None, "1", None, {}, 3)]
    with pytest.raises(LabelsError, match=r"line 3: no capture greenhouse/absent\.json"):
        read_captures(missing, tmp_path)


def test_the_readme_keeps_the_first_blind_score_beside_the_latest(labels, crawled, tmp_path):
    readme = tmp_path / "README.md"
    # The table as it stands before any score: a row per field, both columns empty.
    rows = "".join(f"| {name} | | |\n" for name in real_text.FIELDS)
    table = "| Field | first blind score | latest score |\n|---|---:|---:|\n" + rows
    section = f"{real_text.TABLE_START}\n{table}{real_text.TABLE_END}"
    readme.write_text("# Benchmarks\n\n" + section + "\n\nafter\n")
    first = compare(labels, crawled, FIXTURES)
    real_text.write_readme(first, first_blind=True, readme=readme)
    assert "| pay | 10/10 (100.0%) | 10/10 (100.0%) |" in readme.read_text()

    later = compare(
        [dataclasses.replace(one, labels={**one.labels, "pay": None}) for one in labels],
        crawled,
        FIXTURES,
    )
    real_text.write_readme(later, first_blind=False, readme=readme)
    text = readme.read_text()
    assert "| pay | 10/10 (100.0%) | 3/10 (30.0%) |" in text  # first kept, latest replaced
    assert text.endswith("\n\nafter\n")
    with pytest.raises(ValueError, match="already recorded"):
        real_text.write_readme(later, first_blind=True, readme=readme)


def test_the_accuracy_report_scores_a_real_text_set(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "benchmarks.accuracy",
            "--real-text",
            str(LABELS),
            "--captures",
            str(FIXTURES),
            "--real-text-misses",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    out = result.stdout
    assert "Real-text set" in out and "| Field | dev (60%) | held-out (40%) | all | Target |" in out
    assert "| occupation |" in out and "not read yet: 1 posting (oracle 1)" in out
    # asked for: the one posting not found is listed
    assert "not found   greenhouse/board.json 5109999" in out


def test_the_accuracy_report_needs_the_captures_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "benchmarks.accuracy", "--real-text", str(LABELS)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        env={"PATH": "/usr/bin:/bin", "HITBOARD_HOME": str(tmp_path)},
    )
    assert result.returncode != 0
    assert "HITBOARD_CONFORMANCE_DIR" in result.stderr and str(LABELS) in result.stderr
