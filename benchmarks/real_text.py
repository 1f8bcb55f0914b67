"""Accuracy on real employers' postings, read the way the product reads them.

A real-text labels file names postings in the real captures under HITBOARD_CONFORMANCE_DIR
and says what a person reads in each. One JSON object per line:

    {"file": "usajobs/….json", "locator": "SearchResult.SearchResultItems",
     "id_field": "MatchedObjectId", "id": "…", "title": "…",
     "labels": {"pay": {"min": 46949, "max": 61031, "period": "year"} | null,
                "credentials": {"RHIT": "required", "CCS": null}, "relevant": true,
                "occupation": "29-2072" | null, "state": "FL" | null, "states": ["FL"],
                "remote": "remote" | "hybrid" | "onsite" | null, "education": "associate"}}

`file` is relative to the captures folder. Any label may be "unsure" (a credential's status
too): it is left out of the score. A label that is absent is not scored either.

Every capture file of a kind hitboard reads is served from a LocalServer on 127.0.0.1 the way
its kind's API answers (a detail the capture lacks answers 500, so the list entry is kept, as
in a real crawl whose detail fails). All of them are crawled with `hitboard crawl` (keep =
"all", one page each) and exported with `hitboard export`: the records scored are the ones a
user of the product would get. A labelled posting is found among its file's records by the
source's own id (the exported external_id, else an id of the captured record the `locator`
and `id_field` point at, else its URL, else its title).

Kinds with no spider yet are counted as "not read yet", not failed. Postings split by a
stable hash of their file and id into a development part and a held-out part (60/40 by
default), scored separately.
"""

from __future__ import annotations

import hashlib
import json
import math
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from demo.run import sources_toml
from demo.server import LocalServer, Reply
from store.sources import SourceConfig

README = Path(__file__).parent / "README.md"
DEFAULT_LABELS = Path(__file__).parent / "real_text" / "labels.jsonl"
# Where the first blind score and the latest score of the set are kept side by side.
TABLE_START, TABLE_END = "<!-- real-text:start -->", "<!-- real-text:end -->"
UNSURE = "unsure"
FIELDS = (
    "pay", "credentials", "relevant", "occupation", "state", "states", "remote", "education",
)  # fmt: skip
# Targets on real text (every field 95%, pay 97%, credentials and relevance 98%).
TARGETS = {"pay": 0.97, "credentials": 0.98, "relevant": 0.98}
DEFAULT_TARGET = 0.95
# The folder a capture sits in names its kind, except these.
FOLDER_KINDS = {"feeds": "feed"}
# Fast crawls of a local server: no politeness delays, no retries of the 500s that stand in
# for details a capture lacks.
CRAWL_SETTINGS = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "RETRY_TIMES": 0,
    "DOWNLOAD_TIMEOUT": 30,
}
# Credentials the spiders that need them ask for; the local server ignores them.
STAND_IN_KEYS = {
    "USAJOBS_API_KEY": "real-text-benchmark",
    "USAJOBS_EMAIL": "benchmark@example.org",
    "ADZUNA_APP_ID": "real-text-benchmark",
    "ADZUNA_APP_KEY": "real-text-benchmark",
}


class LabelsError(ValueError):
    """A labels file that cannot be read: says which file, which line and what is wrong."""


@dataclass(frozen=True)
class Label:
    file: str
    locator: str | None
    id_field: str | None
    id: str
    title: str | None
    labels: dict[str, Any]
    line: int

    @property
    def kind(self) -> str:
        folder = self.file.split("/", 1)[0]
        return FOLDER_KINDS.get(folder, folder)

    @property
    def key(self) -> str:
        return f"{self.file}#{self.id}"


def read_labels(path: Path) -> list[Label]:
    """Every label of a labels file, checked: a bad line is an error naming it."""
    labels: list[Label] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            where = f"{path}:{number}"
            try:
                entry = json.loads(line)
            except ValueError as exc:
                raise LabelsError(f"{where}: not JSON ({exc})") from None
            if not isinstance(entry, dict):
                raise LabelsError(f"{where}: a line must be a JSON object")
            missing = [name for name in ("file", "id", "labels") if entry.get(name) in (None, "")]
            if missing:
                raise LabelsError(f"{where}: missing {', '.join(missing)}")
            if not isinstance(entry["labels"], dict):
                raise LabelsError(f"{where}: labels must be an object")
            unknown = sorted(set(entry["labels"]) - set(FIELDS))
            if unknown:
                raise LabelsError(f"{where}: unknown label(s) {', '.join(unknown)}")
            label = Label(
                file=str(entry["file"]),
                locator=entry.get("locator"),
                id_field=entry.get("id_field"),
                id=str(entry["id"]),
                title=entry.get("title"),
                labels=entry["labels"],
                line=number,
            )
            if label.key in seen:
                raise LabelsError(f"{where}: {label.id} of {label.file} is labelled twice")
            seen.add(label.key)
            labels.append(label)
    return labels


def part_of(label: Label, dev_percent: int = 60) -> str:
    """ "dev" or "held-out", by a stable hash of the posting's file and id."""
    digest = hashlib.sha256(label.key.encode("utf-8")).digest()
    return "dev" if int.from_bytes(digest[:8], "big") % 100 < dev_percent else "held-out"


# ---------------------------------------------------------------------------------------------
# serving captures the way each kind's API answers


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _greenhouse(server: LocalServer, path: Path, slot: str) -> dict:
    data = _json(path)
    base = f"/{slot}/v1/boards/{slot}"
    server.add(
        f"{base}/jobs", data if isinstance(data, dict) and "jobs" in data else {"jobs": [data]}
    )
    return {"url": server.url(base)}


def _at_base(api_path: str) -> Callable[[LocalServer, Path, str], dict]:
    """Kinds whose one list request is the capture itself (lever, ashby, usajobs, themuse)."""

    def serve(server: LocalServer, path: Path, slot: str) -> dict:
        base = f"/{slot}{api_path}"
        server.add(base, _json(path))
        return {"url": server.url(base)}

    return serve


def _adzuna(server: LocalServer, path: Path, slot: str) -> dict:
    base = f"/{slot}/v1/api/jobs/us/search"
    server.add(f"{base}/1", _json(path))
    return {"url": server.url(base)}


def _smartrecruiters(server: LocalServer, path: Path, slot: str) -> dict:
    data = _json(path)
    base = f"/{slot}/v1/companies/{slot}/postings"
    if "content" in data:  # a list page: details were not captured
        server.add(base, data)
        for entry in data["content"]:
            server.add(f"{base}/{entry.get('id')}", Reply(status=500))
    else:  # one posting's detail: a list of that one posting leads to it
        server.add(base, {"offset": 0, "limit": 100, "totalFound": 1, "content": [data]})
        server.add(f"{base}/{data.get('id')}", data)
    return {"url": server.url(base)}


def _workday(server: LocalServer, path: Path, slot: str) -> dict:
    data = _json(path)
    base = f"/{slot}/wday/cxs/{slot}/Careers"
    if "jobPostings" in data:  # a list page: details were not captured
        server.add(f"{base}/jobs", data, method="POST")
        for entry in data["jobPostings"]:
            server.add(f"{base}{entry.get('externalPath')}", Reply(status=500))
    else:  # one posting's detail: a list of that one posting leads to it
        info = data.get("jobPostingInfo") or {}
        entry = {
            "title": info.get("title"),
            "externalPath": "/job/captured",
            "locationsText": info.get("location"),
            "postedOn": info.get("postedOn"),
            "bulletFields": [info.get("jobReqId")],
        }
        server.add(f"{base}/jobs", {"total": 1, "jobPostings": [entry]}, method="POST")
        server.add(f"{base}/job/captured", data)
    return {"url": server.url(base)}


def _feed(server: LocalServer, path: Path, slot: str) -> dict:
    route = f"/{slot}/feed.xml"
    xml = {"Content-Type": "application/xml; charset=utf-8"}
    server.add(route, Reply(path.read_bytes(), headers=xml))
    return {"url": server.url(route)}


_JSONLD_SCRIPT = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)


def _jsonld(server: LocalServer, path: Path, slot: str) -> dict:
    """A job page as it is; a text of examples (schema.org's) as one page per JSON-LD block."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    if path.suffix.lower() in (".html", ".htm"):
        pages = [path.read_bytes()]
    else:
        scripts = _JSONLD_SCRIPT.findall(path.read_text(encoding="utf-8"))
        pages = [f"<html><head>{s}</head><body></body></html>".encode() for s in scripts]
    urls = []
    for number, page in enumerate(pages):
        route = f"/{slot}/page-{number}.html"
        server.add(route, Reply(page, headers=html))
        urls.append(server.url(route))
    return {"urls": urls}


# The kinds hitboard reads today, each served as its API answers.
SERVE: dict[str, Callable[[LocalServer, Path, str], dict]] = {
    "greenhouse": _greenhouse,
    "lever": _at_base("/v0/postings/captured"),
    "ashby": _at_base("/posting-api/job-board/captured"),
    "smartrecruiters": _smartrecruiters,
    "workday": _workday,
    "usajobs": _at_base("/api/search"),
    "adzuna": _adzuna,
    "themuse": _at_base("/api/public/jobs"),
    "feed": _feed,
    "jsonld": _jsonld,
}


# ---------------------------------------------------------------------------------------------
# crawling and exporting with the product's own commands


def hitboard_command() -> list[str]:
    """The installed `hitboard` entry point beside this interpreter (else the one on PATH)."""
    beside = Path(sys.executable).with_name("hitboard")
    found = str(beside) if beside.exists() else shutil.which("hitboard")
    if not found:
        raise RuntimeError("the hitboard command is not installed (pip install -e .)")
    return [found]


@dataclass
class Crawled:
    records: dict[str, list[dict]]  # source name (or capture file) → its exported records
    failed: list[str]  # lines `hitboard crawl` printed for sources that did not succeed


def crawl_captures(files: dict[str, tuple[str, Path]], workdir: Path) -> Crawled:
    """Serve each capture (source name → (kind, path)), crawl them all, export the records."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("HITBOARD_", "USAJOBS_"))}
    env.update(STAND_IN_KEYS)
    env.update(HITBOARD_HOME=str(workdir), HITBOARD_SCRAPY_SETTINGS=json.dumps(CRAWL_SETTINGS))
    db = f"sqlite:///{workdir / 'real-text.db'}"
    sources = workdir / "sources.toml"
    with LocalServer() as server:
        entries = []
        for name, (kind, path) in files.items():
            entry = {"name": name, "kind": kind, **SERVE[kind](server, path, name), "keep": "all"}
            if kind != "jsonld":  # a capture is one list page; JSON-LD pages are postings
                entry["max_pages"] = 1
            entries.append(entry)
        configs = [SourceConfig.model_validate(entry) for entry in entries]
        sources.write_text(sources_toml(configs), encoding="utf-8")
        crawl = _run([*hitboard_command(), "crawl", "--sources", str(sources), "--db", db], env)
    if crawl.returncode not in (0, 1):  # 1: some source failed; the others still count
        raise RuntimeError(f"hitboard crawl failed ({crawl.returncode}):\n{crawl.stderr[-2000:]}")
    failed = [line for line in crawl.stdout.splitlines() if line.split()[1:2] != ["succeeded"]]
    export = _run([*hitboard_command(), "export", "--format", "jsonl", "--db", db], env)
    if export.returncode != 0:
        raise RuntimeError(f"hitboard export failed:\n{export.stderr[-2000:]}")
    records: dict[str, list[dict]] = {name: [] for name in files}
    for line in export.stdout.splitlines():
        if line.strip():
            record = json.loads(line)
            records.setdefault(record["source"], []).append(record)
    return Crawled(records, [line for line in failed if line.strip()])


def _run(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(args, capture_output=True, text=True, env=env, timeout=3600)


# ---------------------------------------------------------------------------------------------
# finding a labelled posting among the exported records


def captured_record(capture: Any, label: Label) -> dict | None:
    """The captured object the label's locator (a dotted path; "" is the whole file) and
    id_field point at, or None when they do not lead to one."""
    if label.locator is None or not label.id_field:
        return None
    node = _dotted(capture, label.locator)
    candidates = node if isinstance(node, list) else [node]
    for candidate in candidates:
        if isinstance(candidate, dict) and str(_dotted(candidate, label.id_field)) == label.id:
            return candidate
    return None


def _dotted(node: Any, path: str) -> Any:
    """What a dotted path ("SearchResult.SearchResultItems", "items.0") leads to, or None."""
    for step in [step for step in path.split(".") if step]:
        if isinstance(node, dict):
            node = node.get(step)
        elif isinstance(node, list) and step.isdigit() and int(step) < len(node):
            node = node[int(step)]
        else:
            return None
    return node


def _scalars(node: Any, depth: int = 0) -> Iterator[str]:
    if depth > 3:
        return
    if isinstance(node, dict):
        for value in node.values():
            yield from _scalars(value, depth + 1)
    elif isinstance(node, list):
        for value in node:
            yield from _scalars(value, depth + 1)
    elif isinstance(node, str | int) and not isinstance(node, bool):
        yield str(node)


def find_record(label: Label, records: list[dict], captured: dict | None) -> dict | None:
    """The exported record of a labelled posting, by the source's own id."""

    def only(matches: list[dict]) -> dict | None:
        return matches[0] if len(matches) == 1 else None

    by_id = only([r for r in records if r["external_id"] == label.id])
    if by_id:
        return by_id
    if captured is not None:
        ids = set(_scalars(captured))
        if found := only([r for r in records if r["external_id"] in ids]):
            return found
    # a short id ("7") would be found in any URL (the port, other numbers)
    in_url = [r for r in records if len(label.id) >= 4 and label.id in (r.get("url") or "")]
    if found := only(in_url):
        return found
    title = (label.title or "").strip()
    return only([r for r in records if title and (r.get("title") or "").strip() == title])


# ---------------------------------------------------------------------------------------------
# comparing


def _close(a: Any, b: Any) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return math.isclose(float(a), float(b), rel_tol=1e-6, abs_tol=0.005)


def pay_of(record: dict) -> dict | None:
    if record.get("salary_min") is None and record.get("salary_max") is None:
        return None
    return {
        "min": record.get("salary_min"),
        "max": record.get("salary_max"),
        "period": record.get("salary_period"),
        "currency": record.get("salary_currency"),
        "estimated": record.get("salary_estimated"),
    }


def pay_agrees(expected: dict | None, record: dict) -> bool:
    got = pay_of(record)
    if expected is None or got is None:
        return expected is None and got is None
    same = (
        _close(expected.get("min"), got["min"])
        and _close(expected.get("max"), got["max"])
        and expected.get("period") == got["period"]
    )
    for optional in ("currency", "estimated"):
        if expected.get(optional) not in (None, UNSURE):
            same = same and expected[optional] == got[optional]
    return same


def credentials_of(record: dict) -> dict[str, str | None]:
    needs = record.get("credential_requirements") or {}
    return {code: needs.get(code) for code in record.get("certifications") or []}


def credentials_agree(expected: dict, record: dict) -> bool:
    unsure = {code for code, status in expected.items() if status == UNSURE}
    got = {code: status for code, status in credentials_of(record).items() if code not in unsure}
    wanted = {code: status for code, status in expected.items() if code not in unsure}
    return got == wanted


GOT: dict[str, Callable[[dict], Any]] = {
    "pay": pay_of,
    "credentials": credentials_of,
    "relevant": lambda r: r.get("relevant"),
    "occupation": lambda r: r.get("occupation"),
    "state": lambda r: r.get("state"),
    "states": lambda r: sorted(r.get("states") or []),
    "remote": lambda r: r.get("remote"),
    "education": lambda r: r.get("education"),
}
AGREES: dict[str, Callable[[Any, dict], bool]] = {
    "pay": pay_agrees,
    "credentials": credentials_agree,
    "states": lambda expected, r: sorted(expected or []) == sorted(r.get("states") or []),
}


def agrees(name: str, expected: Any, record: dict) -> bool:
    check = AGREES.get(name)
    return check(expected, record) if check else expected == GOT[name](record)


# ---------------------------------------------------------------------------------------------
# scoring


@dataclass
class Miss:
    label: Label
    expected: Any
    got: Any


@dataclass
class Score:
    total: int = 0
    correct: int = 0
    misses: list[Miss] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 0.0


@dataclass
class Report:
    parts: dict[str, dict[str, Score]]  # "dev" / "held-out" / "all" → field → score
    not_read_yet: Counter  # kind → postings
    not_found: list[Label]  # read, but the export has no record for them
    unsure: int  # labels left out
    failed_sources: list[str]


def score(labels: Iterable[Label], captures: Path, *, dev_percent: int = 60) -> Report:
    """Crawl the captures the labels name, then score the labels against the records."""
    labels = list(labels)
    return compare(labels, read_captures(labels, captures), captures, dev_percent=dev_percent)


def read_captures(labels: list[Label], captures: Path) -> Crawled:
    """Every capture file the labels name, of a kind hitboard reads, crawled and exported;
    records keyed by capture file."""
    kinds = {label.file: label.kind for label in labels if label.kind in SERVE}
    for label in labels:
        if label.file in kinds and not (captures / label.file).is_file():
            raise LabelsError(f"line {label.line}: no capture {label.file} in {captures}")
    names = {file: f"rt-{number:03d}" for number, file in enumerate(sorted(kinds))}
    with tempfile.TemporaryDirectory(prefix="hitboard-real-text-") as folder:
        crawled = crawl_captures(
            {names[file]: (kinds[file], captures / file) for file in kinds}, Path(folder)
        )
    return Crawled({file: crawled.records.get(names[file], []) for file in kinds}, crawled.failed)


def compare(
    labels: list[Label], crawled: Crawled, captures: Path, *, dev_percent: int = 60
) -> Report:
    """Each labelled posting's record against its labels, per field and part."""
    parts: dict[str, dict[str, Score]] = {
        part: {name: Score() for name in FIELDS} for part in ("dev", "held-out", "all")
    }
    not_found: list[Label] = []
    unsure = 0
    capture_cache: dict[str, Any] = {}
    for label in labels:
        if label.kind not in SERVE:
            continue
        captured = captured_record(_loaded(captures / label.file, capture_cache), label)
        record = find_record(label, crawled.records.get(label.file, []), captured)
        if record is None:
            not_found.append(label)
            continue
        for name, expected in label.labels.items():
            if expected == UNSURE:
                unsure += 1
                continue
            ok = agrees(name, expected, record)
            for part in (part_of(label, dev_percent), "all"):
                result = parts[part][name]
                result.total += 1
                result.correct += ok
                if not ok:
                    result.misses.append(Miss(label, expected, GOT[name](record)))
    return Report(
        parts=parts,
        not_read_yet=Counter(label.kind for label in labels if label.kind not in SERVE),
        not_found=not_found,
        unsure=unsure,
        failed_sources=crawled.failed,
    )


def _loaded(path: Path, cache: dict[str, Any]) -> Any:
    """A JSON capture's content (None for XML and HTML), read once."""
    key = str(path)
    if key not in cache:
        try:
            cache[key] = _json(path) if path.suffix.lower() == ".json" else None
        except (OSError, ValueError):
            cache[key] = None
    return cache[key]


# ---------------------------------------------------------------------------------------------
# report


def _cell(result: Score) -> str:
    return f"{result.correct}/{result.total} ({result.accuracy:.1%})" if result.total else "–"


def _postings(count: int) -> str:
    return f"{count} posting" + ("" if count == 1 else "s")


def markdown(report: Report, *, dev_percent: int = 60) -> str:
    heads = {"dev": f"dev ({dev_percent}%)", "held-out": f"held-out ({100 - dev_percent}%)"}
    lines = [
        "| Field | " + " | ".join(heads.values()) + " | all | Target |",
        "|---|---:|---:|---:|---:|",
    ]
    for name in FIELDS:
        every = report.parts["all"][name]
        target = TARGETS.get(name, DEFAULT_TARGET)
        mark = " (below)" if every.total and every.accuracy < target else ""
        cells = [_cell(report.parts[part][name]) for part in heads]
        lines.append(
            f"| {name} | " + " | ".join(cells) + f" | {_cell(every)} | ≥ {target:.0%}{mark} |"
        )
    lines.append("")
    if report.not_read_yet:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(report.not_read_yet.items()))
        lines.append(f"not read yet: {_postings(sum(report.not_read_yet.values()))} ({kinds})")
    if report.not_found:
        lines.append(f"not found in the export: {_postings(len(report.not_found))}")
    if report.unsure:
        lines.append(f"labels marked unsure, left out: {report.unsure}")
    for line in report.failed_sources:
        lines.append(f"crawl did not succeed: {line}")
    return "\n".join(lines).rstrip()


def misses(report: Report) -> str:
    """Every miss and every posting not found (only on request: the set is scored blind)."""
    lines = []
    for name in FIELDS:
        for miss in report.parts["all"][name].misses:
            where = f"{miss.label.file} {miss.label.id} ({miss.label.title or ''})"
            lines.append(f"  {name:11} {where}\n{'':14}expected={miss.expected!r}\n"
                         f"{'':14}     got={miss.got!r}")  # fmt: skip
    for label in report.not_found:
        lines.append(f"  not found   {label.file} {label.id} ({label.title or ''})")
    return "\n".join(lines)


def write_readme(report: Report, *, first_blind: bool, readme: Path = README) -> None:
    """Fill the latest-score column of the real-text table; with `first_blind`, also the
    first-blind column, which is written once and never replaced."""
    text = readme.read_text(encoding="utf-8")
    head, found, rest = text.partition(TABLE_START)
    if not found or TABLE_END not in rest:
        raise ValueError(f"{readme}: no {TABLE_START} … {TABLE_END} table to fill")
    table, _, tail = rest.partition(TABLE_END)
    kept = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 3 and cells[0] in FIELDS:
            kept[cells[0]] = cells[1]
    if first_blind and any(kept.get(name) for name in FIELDS):
        raise ValueError(f"{readme}: the first blind score is already recorded; it stays")
    rows = ["| Field | first blind score | latest score |", "|---|---:|---:|"]
    for name in FIELDS:
        latest = report.parts["all"][name]
        first = _cell(latest) if first_blind else kept.get(name, "")
        rows.append(f"| {name} | {first} | {_cell(latest) if latest.total else ''} |")
    readme.write_text(f"{head}{TABLE_START}\n" + "\n".join(rows) + f"\n{TABLE_END}{tail}")
