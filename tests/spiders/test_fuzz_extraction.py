"""Every spider's extraction, fed malformed JSON, HTML and XML, raises nothing its spider does
not catch; and a crawl of a fuzzed answer fails that run, naming the URL, and loses nothing.

Inputs are the kinds' saved answers (tests/fixtures/<kind>/), mutated: values swapped for any
JSON value (numbers where text belongs, objects, lists, NaN, huge figures), keys dropped,
markup cut short or spliced with stray text. A record reader may raise only what
`read_record` and `read_detail` catch (`MALFORMED`); a page reader called straight from a
spider's callback may raise nothing at all.
"""

import contextlib
import json
import re
import shutil
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lxml import etree
from scrapy.http import XmlResponse

from demo.server import LocalServer, Reply
from spiders.sources import (
    adzuna,
    ashby,
    bamboohr,
    dayforce,
    feed,
    greenhouse,
    icims,
    jobvite,
    jsonld,
    lever,
    neogov,
    oracle,
    paylocity,
    phenom,
    recruitee,
    remotive,
    smartrecruiters,
    successfactors,
    taleo,
    themuse,
    ukg,
    usajobs,
    workable,
    workday,
)
from spiders.sources.base import MALFORMED, SourceSpider
from store.db import init_db, session_scope
from store.export import export_records
from tests.cli.boards import CODER, REGISTRAR, greenhouse_board, scrape_runs
from tests.crawling import crawl
from tests.spiders.conftest import fixture_path

URL = "https://jobs.example.org/page"
ODD_TEXT = st.sampled_from(
    ["", " ", "\x00", "NaN", "Infinity", "1e309", "-1", "9" * 400, "javascript:alert(1)",
     "<script>x</script>", "&#106;avascript:", "[]", "{}", "http://[::1", "Posted 99999 Days Ago",
     "2026-13-45", "$-5 per hour", "\ud7ff\U0010ffff"]
)  # fmt: skip
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=-(10**400), max_value=10**400)
    | st.floats()
    | st.text(max_size=30)
    | ODD_TEXT
)
JSON_VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3)
    ),
    max_leaves=8,
)


# Wrong values a field may hold instead of its own: what breaks a reader that trusts types.
WRONG = [
    None,
    True,
    0,
    -1,
    10**400,
    float("inf"),
    float("nan"),
    "",
    " ",
    "x",
    [],
    {},
    ["x"],
    {"x": 1},
]


def paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a parsed answer: key paths into its objects and lists."""
    found = [prefix]
    if isinstance(value, dict):
        for key, part in value.items():
            found += paths(part, (*prefix, key))
    elif isinstance(value, list):
        for index, part in enumerate(value[:3]):
            found += paths(part, (*prefix, index))
    return found


def replaced(value: Any, path: tuple, new: Any) -> Any:
    """A copy of `value` with the part at `path` replaced by `new`."""
    if not path:
        return new
    head, rest = path[0], path[1:]
    if isinstance(value, dict):
        return {**value, head: replaced(value[head], rest, new)}
    return [replaced(part, rest, new) if i == head else part for i, part in enumerate(value)]


def dropped(value: Any, path: tuple) -> Any:
    """A copy of `value` without the key at `path` (a list entry stays)."""
    if not path or not isinstance(value, dict):
        return value
    head, rest = path[0], path[1:]
    if not rest:
        return {key: part for key, part in value.items() if key != head}
    return {**value, head: dropped(value[head], rest)}


@st.composite
def mutated(draw: st.DrawFn, value: Any) -> Any:
    """`value` (a saved answer or part of one) with a few of its parts replaced or dropped."""
    places = paths(value)
    for place in draw(st.lists(st.sampled_from(places), min_size=1, max_size=4)):
        drop = draw(st.integers(0, 5)) == 0
        new = None if drop else draw(st.sampled_from(WRONG) | JSON_VALUES)
        try:
            value = dropped(value, place) if drop else replaced(value, place, new)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            continue
    return value


def saved(path: str) -> Any:
    return json.loads(fixture_path(path).read_text(encoding="utf-8"))


def first_record(data: Any) -> Any:
    """The first object of the first list of objects in a saved answer (a list entry)."""
    queue = [data]
    while queue:
        node = queue.pop(0)
        if isinstance(node, list) and node and all(isinstance(entry, dict) for entry in node):
            return node[0]
        queue.extend(
            node.values() if isinstance(node, dict) else node if isinstance(node, list) else []
        )
    raise AssertionError("no list of records in the saved answer")


def _reader() -> SourceSpider:
    class Reader(SourceSpider):
        name = "greenhouse"

    return Reader(source={"name": "fuzz", "kind": "greenhouse", "url": "https://x.example/a"})


# -- JSON records: what read_record / read_detail call -----------------------------------------

# (reader, saved answer, the seed in it, keyword arguments the spider passes)
RECORD_READERS: dict[str, tuple[Callable[..., Any], str, Callable[[Any], Any], dict]] = {
    "adzuna": (adzuna.result_fields, "adzuna/search.json", first_record, {"country": "us"}),
    "ashby": (ashby.job_fields, "ashby/board.json", first_record, {"company": "Acme"}),
    "bamboohr list": (
        bamboohr.list_fields, "bamboohr/list.json", first_record,
        {"root": "https://acme.bamboohr.com", "company": "Acme"},
    ),
    "bamboohr detail": (
        bamboohr.detail_fields, "bamboohr/detail-32.json",
        lambda data: data["result"]["jobOpening"], {},
    ),
    "dayforce": (
        dayforce.posting_fields, "dayforce/search.json", first_record,
        {"board": "CANDIDATEPORTAL", "company": "Acme"},
    ),
    "greenhouse": (
        greenhouse.posting_fields, "greenhouse/board.json", first_record,
        {"fallback_company": "acme"},
    ),
    "icims jibe": (
        icims.jibe_fields, "icims/jibe-jobs.json", lambda data: data["jobs"][0]["data"],
        {"board_root": "https://careers.acme.org", "company": "Acme"},
    ),
    "jsonld": (
        jsonld.posting_fields, "jsonld/coder.html",
        lambda page: jsonld.find_job_postings(jsonld.jsonld_blocks(page)[0])[0],
        {"page_url": URL, "fallback_company": "Acme"},
    ),
    "lever": (lever.posting_fields, "lever/postings.json", first_record, {"company": "Acme"}),
    "neogov": (
        neogov.job_fields, "neogov/jobs-on-maps.json", first_record,
        {"board": "acme", "company": "Acme"},
    ),
    "oracle list": (
        oracle.list_fields, "oracle/requisitions.json",
        lambda data: data["items"][0]["requisitionList"][0],
        {"site_url": "https://acme.fa.oraclecloud.com/hcmUI/CandidateExperience/en/sites/CX",
         "company": "Acme"},
    ),
    "oracle detail": (
        oracle.detail_fields, "oracle/detail-4101.json", lambda data: data["items"][0], {}
    ),
    "paylocity list": (
        paylocity.list_fields, "paylocity/board.html",
        lambda page: paylocity.page_data(page)["Jobs"][0],
        {"root": "https://recruiting.paylocity.com", "company": "Acme"},
    ),
    "phenom list": (
        phenom.list_fields, "phenom/search-results.html",
        lambda page: first_record(phenom.page_data(page)),
        {"base": "https://careers.acme.org/us/en", "company": "Acme"},
    ),
    "recruitee": (recruitee.offer_fields, "recruitee/offers.json", first_record, {"company": "A"}),
    "remotive": (remotive.job_fields, "remotive/remote-jobs.json", first_record, {}),
    "smartrecruiters list": (
        smartrecruiters.list_fields, "smartrecruiters/postings.json", first_record, {}
    ),
    "smartrecruiters detail": (
        smartrecruiters.detail_fields, "smartrecruiters/detail-7440001500001.json", dict, {}
    ),
    "taleo enterprise": (
        taleo.enterprise_fields, "taleo/searchjobs-page-1.json", first_record,
        {"section_url": "https://acme.taleo.net/careersection/ex", "company": "Acme"},
    ),
    "themuse": (themuse.result_fields, "themuse/jobs.json", first_record, {}),
    "ukg list": (
        ukg.list_fields, "ukg/search.json", first_record,
        {"board": "https://recruiting.ultipro.com/ACM1000/JobBoard/abc", "company": "Acme"},
    ),
    "ukg detail": (
        ukg.detail_fields, "ukg/opportunity-detail.html", ukg.opportunity_on_page, {}
    ),
    "usajobs": (usajobs.entry_fields, "usajobs/search.json", first_record, {}),
    "workable list": (
        workable.list_fields, "workable/account.json", first_record, {"company": "Acme"}
    ),
    "workable detail": (workable.detail_fields, "workable/job-A1B2C3D4E5.json", dict, {}),
    "workday list": (
        workday.list_fields, "workday/jobs.json", first_record,
        {"api_url": "https://acme.wd5.myworkdayjobs.com/wday/cxs/acme/External/jobs"},
    ),
    "workday detail": (
        workday.detail_fields, "workday/detail_coder.json", dict, {"fallback": {"title": "T"}}
    ),
}  # fmt: skip


def _seed(name: str) -> Any:
    _read, path, seed, _kwargs = RECORD_READERS[name]
    file = fixture_path(path)
    return seed(saved(path) if file.suffix == ".json" else file.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", RECORD_READERS)
def test_every_record_reader_has_a_real_seed(name):
    # The fuzzing starts from a real record the reader makes a posting of.
    read, _path, _seed_of, kwargs = RECORD_READERS[name]
    fields = read(_seed(name), **kwargs)
    assert any(fields.get(key) for key in ("title", "description_html", "location")), fields


@pytest.mark.parametrize("name", RECORD_READERS)
def test_any_one_field_of_the_wrong_type_costs_only_its_record(name):
    read, _path, _seed_of, kwargs = RECORD_READERS[name]
    seed = _seed(name)
    for place in paths(seed):
        for wrong in WRONG:
            spider = _reader()
            item = spider.read_record(URL, replaced(seed, place, wrong), read, **kwargs)
            assert (item is None) == (spider.malformed == 1), (place, wrong)


@pytest.mark.parametrize("name", RECORD_READERS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_malformed_record_costs_only_itself(name, data):
    read, _path, _seed_of, kwargs = RECORD_READERS[name]
    record = data.draw(mutated(_seed(name)), label="record")
    spider = _reader()
    # What a spider does with each record: anything but MALFORMED escapes and fails the test.
    item = spider.read_record(URL, record, read, **kwargs)
    assert (item is None) == (spider.malformed == 1)


# -- pages: what the callbacks call straight on an answer's text ------------------------------


def spliced(page: str) -> st.SearchStrategy[str]:
    """A saved page cut short, with stray text or markup spliced in, or any text at all."""
    pieces = st.text(max_size=40) | ODD_TEXT | st.sampled_from(
        ["<", ">", "</div>", "<tr>", '<script type="application/ld+json">', "{", '"', "]]>",
         "<!--", "&", "&#", "\x00", "<?xml version='1.0'?>", "<!DOCTYPE x [<!ENTITY a 'b'>]>"]
    )  # fmt: skip
    cut = st.integers(0, len(page)).map(lambda end: page[:end])
    insert = st.tuples(st.integers(0, len(page)), pieces).map(
        lambda at: page[: at[0]] + at[1] + page[at[0] :]
    )
    return cut | insert | links_broken(page) | st.text(max_size=200)


# Links that lead nowhere: an unclosed IPv6 bracket, no scheme, no address at all.
HREF = re.compile(r'href="[^"]*"')
BROKEN_LINKS = ["http://[::1", "https://[", "//[x]/job/1", "javascript:x", "", "?rid=", "%zz"]


def links_broken(page: str) -> st.SearchStrategy[str]:
    """The saved page with each of its links replaced by one of BROKEN_LINKS."""
    count = len(HREF.findall(page))
    return st.lists(st.sampled_from(BROKEN_LINKS), min_size=count, max_size=count).map(
        lambda links: with_links(page, links)
    )


def with_links(page: str, links: list[str]) -> str:
    replacements = iter(links)
    return HREF.sub(lambda _match: f'href="{next(replacements)}"', page)


# (reader of the page's text, saved page, what it may raise: () = nothing)
PAGE_READERS: dict[str, tuple[Callable[[str], Any], str, tuple]] = {
    "icims search": (
        lambda page: icims.search_rows(page, page_url=URL, company="A"), "icims/search-1.html", ()
    ),
    "jobvite list": (
        lambda page: jobvite.list_rows(page, board="acme", company="A"), "jobvite/search-0.html", ()
    ),
    "successfactors search": (
        lambda page: successfactors.search_rows(page, page_url=URL, company="A"),
        "successfactors/search-1.html", (),
    ),
    "successfactors total": (successfactors.results_total, "successfactors/search-1.html", ()),
    "taleo business": (
        lambda page: taleo.business_rows(page, page_url=URL, company="A"),
        "taleo/tbe-results-1.html", (),
    ),
    "paylocity board": (paylocity.page_data, "paylocity/board.html", ()),
    "phenom page": (phenom.page_data, "phenom/search-results.html", ()),
    "phenom widget": (phenom.widget_settings, "phenom/search-results-widget.html", ()),
    "ukg page": (ukg.opportunity_on_page, "ukg/opportunity-detail.html", ()),
    # Read through read_detail or under parse_page's MALFORMED guard:
    "jsonld page": (
        lambda page: jsonld.page_postings(page, page_url=URL, fallback_company="A"),
        "jsonld/coder.html", MALFORMED,
    ),
    "jsonld detail": (
        lambda page: jsonld.detail_page_fields(page, page_url=URL), "jsonld/graph.html", MALFORMED
    ),
    "paylocity detail": (
        lambda page: paylocity.detail_fields(page, page_url=URL), "paylocity/details-7101.html",
        MALFORMED,
    ),
    "phenom detail": (
        lambda page: phenom.job_page_fields(page, page_url=URL), "phenom/job-detail.html", MALFORMED
    ),
    "successfactors detail": (
        lambda page: successfactors.detail_fields(page, page_url=URL),
        "successfactors/job-plain.html", MALFORMED,
    ),
    "taleo detail": (
        lambda page: taleo.enterprise_detail_fields(page, page_url=URL),
        "taleo/jobdetail-history.html", MALFORMED,
    ),
}  # fmt: skip


@pytest.mark.parametrize("name", PAGE_READERS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_malformed_page_raises_nothing_its_spider_does_not_catch(name, data):
    read, path, may_raise = PAGE_READERS[name]
    page = data.draw(spliced(fixture_path(path).read_text(encoding="utf-8")), label="page")
    with contextlib.suppress(*may_raise):  # () suppresses nothing
        read(page)


# What the list callbacks compute from a whole JSON answer (totals, paging, a board's setting).
ANSWER_READERS = {
    "oracle total": (oracle.total_jobs, "oracle/requisitions.json"),
    "oracle workplace": (oracle.board_workplace, "oracle/requisitions.json"),
    "taleo paging": (taleo.paging, "taleo/searchjobs-page-1.json"),
    "usajobs pages": (usajobs.page_count, "usajobs/search.json"),
    "smartrecruiters total": (smartrecruiters._total_found, "smartrecruiters/postings.json"),
}


@pytest.mark.parametrize("name", ANSWER_READERS)
@settings(max_examples=40, deadline=None)
@given(data=st.data())
def test_a_malformed_answer_gives_no_total_rather_than_an_error(name, data):
    read, path = ANSWER_READERS[name]
    answer = data.draw(mutated(saved(path)).filter(lambda value: isinstance(value, dict)))
    read(answer)


FEEDS = ["feed/rss.xml", "feed/atom.xml", "feed/jobs.xml"]


@pytest.mark.parametrize("path", FEEDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_malformed_feed_is_broken_xml_or_read(path, data):
    body = data.draw(spliced(fixture_path(path).read_text(encoding="utf-8")), label="feed")
    kind = feed.feed_kind(body.encode("utf-8", "surrogatepass"))
    assume(kind is not None)
    response = XmlResponse(URL, body=body.encode("utf-8", "surrogatepass"))
    try:
        entries = list(feed.feed_postings(response, kind=kind, company=None))
    except etree.XMLSyntaxError:  # what the feed spider catches: "broken XML feed"
        return
    for fields in entries:  # each entry goes through read_records, which checks its types
        _reader().read_record(URL, fields, dict)


def test_a_feed_with_a_broken_namespace_declaration_is_broken_xml():
    # Found by the test above: "x0mlns:dc=" leaves the dc prefix undeclared, and lxml's
    # QName refused the "dc:creator" tag its recovering parser kept.
    page = fixture_path("feed/rss.xml").read_text(encoding="utf-8")
    body = page.replace("xmlns:dc=", "x0mlns:dc=", 1).encode()
    assert body != page.encode()
    response = XmlResponse(URL, body=body)
    with pytest.raises(etree.XMLSyntaxError, match="x0mlns"):
        list(feed.feed_postings(response, kind=feed.feed_kind(body), company=None))


# -- end to end: a crawl of a fuzzed answer ---------------------------------------------------

BOARD = json.dumps(greenhouse_board([CODER, REGISTRAR]))


def _not_json(body: bytes) -> bool:
    try:
        json.loads(body)
    except ValueError:
        return True
    return False


FUZZED_BOARDS = (
    st.integers(1, len(BOARD) - 1).map(lambda end: BOARD[:end].encode())
    | spliced(BOARD).map(lambda text: text.encode("utf-8", "surrogatepass"))
    | st.binary(max_size=200)
).filter(_not_json)


@pytest.fixture(scope="module")
def stored_board(tmp_path_factory) -> Iterator[tuple[LocalServer, Path]]:
    """A board on a live server and a store that holds its two postings, from one crawl."""
    folder = tmp_path_factory.mktemp("stored-board")
    with LocalServer() as server:
        server.add("/v1/boards/acme/jobs", greenhouse_board([CODER, REGISTRAR]))
        db_path = folder / "store.db"
        first = crawl(_board_source(server), tmp_path=folder, db_url=f"sqlite:///{db_path}")
        assert first.returncode == 0, first.log[-3000:]
        yield server, db_path


def _board_source(server: LocalServer) -> dict:
    return {"name": "acme", "kind": "greenhouse", "url": server.url("/v1/boards/acme")}


@settings(max_examples=3, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=FUZZED_BOARDS)
def test_a_crawl_of_a_fuzzed_answer_fails_its_run_and_loses_nothing(stored_board, body):
    server, stored = stored_board
    with tempfile.TemporaryDirectory() as folder:
        tmp_path = Path(folder)
        db_path = tmp_path / "store.db"
        shutil.copy(stored, db_path)
        db_url = f"sqlite:///{db_path}"
        server.add("/v1/boards/acme/jobs", Reply(body))
        result = crawl(_board_source(server), tmp_path=tmp_path, db_url=db_url)

        assert "Traceback" not in result.log, result.log[-3000:]
        run = scrape_runs(db_path)[-1]
        assert run["status"] == "failed" and run["closed"] == 0, run
        list_url = server.url("/v1/boards/acme/jobs?content=true")
        assert [error["url"] for error in run["errors"]] == [list_url], run["errors"]
        with session_scope(init_db(db_url), readonly=True) as session:
            stored = {r["external_id"]: r["closed_at"] for r in export_records(session=session)}
        assert stored == {"4001": None, "4002": None}
