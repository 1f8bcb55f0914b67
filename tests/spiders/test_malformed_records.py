"""One malformed record costs only itself: the kind's other postings are still read, and the
bad one is counted and recorded with its id and the reason.

Each kind's captured answer is served on 127.0.0.1 with its first record's title a number
and its second's an object; all six crawls run in one Scrapy process.
"""

import copy
import json

import pytest

from demo.server import LocalServer, Reply
from tests.crawling import crawl_many
from tests.spiders.conftest import fixture_path

# kind: (fixture, path served, where the records are, their id and title, extra source keys)
KINDS = {
    "lever": ("lever/postings.json", "/v0/postings/sunrise-health", (), "id", "text"),
    "ashby": ("ashby/board.json", "/posting-api/job-board/mc", ("jobs",), "id", "title"),
    "smartrecruiters": (
        "smartrecruiters/postings.json",
        "/v1/companies/LakesideHealth/postings",
        ("content",),
        "id",
        "name",
    ),
    "usajobs": (
        "usajobs/search.json",
        "/api/search",
        ("SearchResult", "SearchResultItems"),
        "MatchedObjectId",
        ("MatchedObjectDescriptor", "PositionTitle"),
    ),
    "adzuna": ("adzuna/search.json", "/v1/api/jobs/us/search", ("results",), "id", "title"),
    "themuse": ("themuse/jobs.json", "/api/public/jobs", ("results",), "id", "name"),
}
KEYS = {
    "USAJOBS_API_KEY": "usajobs-test-key",
    "USAJOBS_EMAIL": "operator@hitboard.example",
    "ADZUNA_APP_ID": "adzuna-test-id",
    "ADZUNA_APP_KEY": "adzuna-test-key",
}
BAD_TITLES = (12345, {"value": "Medical Coder"})


def _records(answer, where):
    for step in where:
        answer = answer[step]
    return answer


def _set(record, field, value):
    if isinstance(field, tuple):
        record = record[field[0]]
        field = field[1]
    record[field] = value


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("malformed")
    sources, expected = [], {}
    with LocalServer() as server:
        for kind, (fixture, path, where, id_field, title) in KINDS.items():
            answer = json.loads(fixture_path(fixture).read_text())
            records = _records(answer, where)
            broken = copy.deepcopy(answer)
            for record, bad in zip(_records(broken, where), BAD_TITLES, strict=False):
                _set(record, title, bad)
            served = Reply(broken)
            server.add(path, served)
            server.route(f"{path}/1", lambda _request, served=served: served)  # adzuna's page 1
            for record in records:  # smartrecruiters' details: gone is fine, nothing to add
                server.add(f"{path}/{record[id_field]}", Reply("busy", status=503))
            bad_ids = [str(record[id_field]) for record in records[: len(BAD_TITLES)]]
            good_ids = [  # an unlisted Ashby posting is no posting at all
                str(record[id_field])
                for record in records[len(BAD_TITLES) :]
                if record.get("isListed", True)
            ]
            expected[kind] = (bad_ids, good_ids)
            sources.append({"name": kind, "kind": kind, "url": server.url(path), "keep": "all"})
        outcomes = crawl_many(
            sources, tmp_path=tmp_path, raw=True, env=KEYS, settings={"RETRY_TIMES": "0"}
        )
    return outcomes, expected


@pytest.mark.parametrize("kind", KINDS)
def test_a_malformed_record_costs_only_itself(crawled, kind):
    outcomes, expected = crawled
    outcome, (bad_ids, good_ids) = outcomes[kind], expected[kind]
    assert outcome.bugs == [], outcome.bugs
    assert not outcome.failed, outcome.errors
    read = {str(item["external_id"]) for item in outcome.items}
    assert set(good_ids) <= read, (good_ids, read)
    assert not read & set(bad_ids)
    skipped = [reason for reason in outcome.reasons() if "malformed and was skipped" in reason]
    assert len(skipped) == len(bad_ids), outcome.reasons()
    for bad_id, reason in zip(bad_ids, skipped, strict=True):
        assert f"record {bad_id!r}" in reason and "Error" in reason, reason
