"""The demo's answers have the shape of real captured answers (keys and value types).

Real captures are test data kept outside the repository; these tests find them through
HITBOARD_CONFORMANCE_DIR and skip without it (fail, under CI=true: see tests/captures.py).
"""

import json

from extruct.jsonld import JsonLdExtractor

from demo import formats
from tests.captures import capture_params, paths
from tests.demo.conftest import NOW

BASE = "http://127.0.0.1:8000"


def captured(pattern: str) -> list:
    folder, _, name = pattern.partition("/")
    return [json.loads(file.read_text()) for file in paths(capture_params(folder, name))]


def common_keys(objects: list[dict]) -> set[str]:
    return set.intersection(*(set(obj) for obj in objects))


def assert_like(ours: dict, real: list[dict], *, types: bool = True) -> None:
    """Every key all real objects have is ours too, holding the same JSON type."""
    for key in common_keys(real):
        assert key in ours, key
        if not types:
            continue
        kinds = {type(obj[key]) for obj in real if obj[key] is not None}
        if kinds and ours[key] is not None:
            assert type(ours[key]) in kinds, (key, ours[key], kinds)


def test_greenhouse_jobs_like_the_board_api(sample):
    real = [job for board in captured("greenhouse/*list*.json") for job in board["jobs"]]
    real += [job for board in captured("greenhouse/*board*.json") for job in board["jobs"]]
    for posting in sample.of_kind("greenhouse")[:40]:
        assert_like(formats.greenhouse_job(posting, BASE, now=NOW, content=True), real)
    with_content = [job for job in real if "content" in job]
    ours = formats.greenhouse_job(sample.of_kind("greenhouse")[0], BASE, now=NOW, content=True)
    assert_like(ours, with_content)


def test_workday_list_and_detail_like_the_cxs_api(sample):
    lists = captured("workday/*list*.json")
    assert {"total", "jobPostings"} <= common_keys(lists)
    entries = [entry for page in lists for entry in page["jobPostings"]]
    details = captured("workday/*detail*.json")
    for posting in sample.of_kind("workday"):
        assert_like(formats.workday_list_entry(posting, NOW), entries)
        detail = formats.workday_detail(posting, BASE, NOW)
        assert_like(detail, details)
        assert_like(detail["jobPostingInfo"], [d["jobPostingInfo"] for d in details])


def _job_postings(node):
    if isinstance(node, list):
        for child in node:
            yield from _job_postings(child)
    elif isinstance(node, dict):
        if node.get("@type") == "JobPosting":
            yield node
        for child in node.values():
            yield from _job_postings(child)


def test_jsonld_job_postings_like_real_career_pages(sample):
    real = []
    for page in paths(capture_params("jsonld", "*.html")):
        real += list(_job_postings(JsonLdExtractor().extract(page.read_text())))
    assert real, "the JSON-LD page captures hold no JobPosting"
    onsite = [p for p in sample.of_kind("jsonld") if p.layout == "single" and p.city]
    for posting in onsite:
        (ours,) = _job_postings(JsonLdExtractor().extract(formats.jsonld_page(posting, BASE)))
        # schema.org lets a value be one object or a list: compare keys only.
        assert_like(ours, real, types=False)
        assert isinstance(ours["hiringOrganization"], dict)
        assert isinstance(ours["jobLocation"], dict | list)
