"""The demo site answers like the real APIs, over real HTTP on 127.0.0.1."""

import html
import json
import re
import urllib.error
import urllib.robotparser
from collections import Counter

import pytest
from extruct.jsonld import JsonLdExtractor

from demo import formats
from tests.demo.conftest import get, get_json, post_json


def employers_of(sample, kind):
    return [employer for employer in sample.employers if employer.kind == kind]


# -- Workday --------------------------------------------------------------------------------


@pytest.fixture
def workday(site, sample):
    employer = employers_of(sample, "workday")[0]
    return employer, site.source(employer).url, sample.of(employer)


def page(url, offset, limit=20, search=""):
    return post_json(
        f"{url}/jobs", {"appliedFacets": {}, "limit": limit, "offset": offset, "searchText": search}
    )


def test_workday_pages_by_offset_and_limit_newest_first(workday):
    _employer, url, postings = workday
    first = page(url, 0)
    assert first["total"] == len(postings)
    seen = list(first["jobPostings"])
    offset = 20
    while True:
        answer = page(url, offset)
        assert answer["total"] == 0  # like the real cxs API: only the first page counts
        if not answer["jobPostings"]:
            break
        seen += answer["jobPostings"]
        offset += 20
    assert len(seen) == len(postings)
    assert len({entry["externalPath"] for entry in seen}) == len(postings)
    newest_first = sorted(postings, key=lambda p: p.posted_at, reverse=True)
    assert [entry["bulletFields"][0] for entry in seen] == [p.external_id for p in newest_first]


def test_workday_limit_is_honoured_and_capped_at_twenty(workday):
    _employer, url, _postings = workday
    assert len(page(url, 0, limit=5)["jobPostings"]) == 5
    assert len(page(url, 3, limit=7)["jobPostings"]) == 7
    assert page(url, 3, limit=7)["jobPostings"] == page(url, 0, limit=20)["jobPostings"][3:10]
    assert len(page(url, 0, limit=100)["jobPostings"]) == 20


def test_workday_search_text_filters_title_and_description(workday):
    _employer, url, postings = workday
    answer = page(url, 0, search="Coder")
    expected = [p for p in postings if "coder" in (p.title + p.description_html).lower()]
    assert 0 < answer["total"] == len(expected) < len(postings)
    assert page(url, 0, search="xylophone")["total"] == 0


def test_workday_rejects_a_body_that_is_not_json(workday):
    _employer, url, _postings = workday
    request = urllib.request.Request(f"{url}/jobs", data=b"{not json", method="POST")
    with pytest.raises(urllib.error.HTTPError) as error:
        urllib.request.urlopen(request, timeout=10)
    assert error.value.code == 400


def test_workday_list_entries_have_the_real_fields(workday):
    _employer, url, _postings = workday
    for entry in page(url, 0)["jobPostings"]:
        assert set(entry) >= {"title", "externalPath", "locationsText", "postedOn", "bulletFields"}
        assert re.fullmatch(
            r"Posted (Today|Yesterday|\d+ Days Ago|30\+ Days Ago)", entry["postedOn"]
        )
        assert entry["externalPath"].endswith("_" + entry["bulletFields"][0])


def test_workday_details_answer_for_every_posting(site, sample):
    for employer in employers_of(sample, "workday"):
        url = site.source(employer).url
        for posting in sample.of(employer):
            detail = get_json(url + formats.workday_external_path(posting))
            info = detail["jobPostingInfo"]
            assert info["jobReqId"] == posting.external_id
            assert info["jobDescription"] == posting.description_html
            assert detail["hiringOrganization"]["name"] == employer.name
            assert info["remoteType"] in ("Remote", "Hybrid", "Onsite")
            assert get(info["externalUrl"])[0] == 200


def test_workday_pay_only_in_the_description(site, sample):
    employer = employers_of(sample, "workday")[1]
    posting = next(p for p in sample.of(employer) if p.pay)
    detail = get_json(site.source(employer).url + formats.workday_external_path(posting))
    info = dict(detail["jobPostingInfo"])
    description = info.pop("jobDescription")
    assert not re.search(r"pay|salary|compensation|\$", json.dumps(info), re.IGNORECASE)
    if posting.pay.in_text:
        assert posting.pay.text in description


# -- Greenhouse --------------------------------------------------------------------------------


def test_greenhouse_content_only_when_asked_and_escaped(site, sample):
    for employer in employers_of(sample, "greenhouse"):
        url = site.source(employer).url
        bare = get_json(f"{url}/jobs")
        full = get_json(f"{url}/jobs?content=true")
        postings = sample.of(employer)
        assert bare["meta"]["total"] == full["meta"]["total"] == len(postings)
        assert all("content" not in job for job in bare["jobs"])
        for job, posting in zip(full["jobs"], postings, strict=True):
            assert job["id"] == int(posting.external_id)
            assert "<" not in job["content"] and "&lt;p&gt;" in job["content"]
            assert html.unescape(job["content"]).startswith(posting.description_html)
            assert job["company_name"] == employer.name


def test_greenhouse_pay_ranges_in_cents_where_the_board_publishes_pay(site, sample):
    ranges = 0
    for employer in employers_of(sample, "greenhouse"):
        jobs = get_json(f"{site.source(employer).url}/jobs?content=true")["jobs"]
        for job, posting in zip(jobs, sample.of(employer), strict=True):
            if posting.pay and posting.pay.structured:
                (pay,) = job["pay_input_ranges"]
                assert pay["min_cents"] == round(posting.pay.minimum * 100)
                assert pay["currency_type"] == "USD"
                assert "content-pay-transparency" in html.unescape(job["content"])
                ranges += 1
            else:
                assert "pay_input_ranges" not in job
    assert ranges >= 20


def test_greenhouse_remote_locations_read_like_greenhouse(site, sample):
    names = Counter()
    for employer in employers_of(sample, "greenhouse"):
        for job in get_json(f"{site.source(employer).url}/jobs")["jobs"]:
            names[job["location"]["name"]] += 1
    assert names["Remote - US"] > 0
    assert any(name.endswith("(Hybrid)") for name in names)


def test_greenhouse_single_job_and_apply_page(site, sample):
    employer = employers_of(sample, "greenhouse")[0]
    posting = sample.of(employer)[0]
    job = get_json(f"{site.source(employer).url}/jobs/{posting.external_id}")
    assert job["title"] == posting.title and "content" in job
    status, content_type, body = get(job["absolute_url"])
    assert status == 200 and content_type.startswith("text/html") and posting.title in body


# -- JSON-LD pages, sitemaps, robots ------------------------------------------------------------


def sitemap_locs(xml: str) -> list[str]:
    return [html.unescape(loc) for loc in re.findall(r"<loc>(.*?)</loc>", xml)]


def test_sitemaps_list_every_page_and_every_page_parses(site, sample):
    layouts = Counter()
    for employer in employers_of(sample, "jsonld"):
        status, content_type, xml = get(site.source(employer).sitemap)
        assert status == 200 and "xml" in content_type
        postings = sample.of(employer)
        locs = sitemap_locs(xml)
        assert locs == [formats.jsonld_page_url(site.base, p) for p in postings]
        for loc, posting in zip(locs, postings, strict=True):
            _status, _type, page_html = get(loc)
            data = JsonLdExtractor().extract(page_html, base_url=loc)
            jobs = [node for node in _walk(data) if node.get("@type") == "JobPosting"]
            assert len(jobs) == 1, loc
            job = jobs[0]
            assert job["identifier"]["value"] == posting.external_id
            assert job["title"] == posting.title
            assert job["description"] == posting.description_html
            assert job["hiringOrganization"]["name"] == employer.name
            assert (job.get("jobLocationType") == "TELECOMMUTE") == (
                posting.arrangement == "remote"
            )
            assert ("baseSalary" in job) == bool(posting.pay and posting.pay.structured)
            layouts[posting.layout] += 1
    assert set(layouts) == {"single", "graph", "list"}


def _walk(node):
    if isinstance(node, list):
        for child in node:
            yield from _walk(child)
    elif isinstance(node, dict):
        yield node
        for child in node.values():
            yield from _walk(child)


def test_root_sitemap_indexes_the_employer_sitemaps(site, sample):
    _status, _type, xml = get(site.base + "/sitemap.xml")
    assert "<sitemapindex" in xml
    assert sitemap_locs(xml) == [site.source(e).sitemap for e in employers_of(sample, "jsonld")]


def test_robots_txt_allows_everything(site, sample):
    _status, content_type, text = get(site.base + "/robots.txt")
    assert content_type.startswith("text/plain")
    robots = urllib.robotparser.RobotFileParser()
    robots.parse(text.splitlines())
    for source in site.sources():
        assert robots.can_fetch("hitboard/0.1", source.url or source.sitemap)
    assert robots.can_fetch("*", formats.jsonld_page_url(site.base, sample.of_kind("jsonld")[0]))


def test_home_page_lists_every_board(site, sample):
    _status, _type, page_html = get(site.base + "/")
    for employer in sample.employers:
        assert html.escape(employer.name) in page_html
