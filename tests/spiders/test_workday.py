"""Workday: fields from a saved list entry and detail, then paging and detail failures
in real crawls against LocalServer."""

import json
from datetime import date

from demo.server import Reply, ServedRequest
from spiders.sources.workday import detail_fields, human_url, list_fields
from tests.crawling import crawl
from tests.spiders.conftest import fixture_path, logged

API = "https://gulfcoast.wd1.myworkdayjobs.com/wday/cxs/gulfcoast/GCH_Careers"
LIST = json.loads(fixture_path("workday/jobs.json").read_text())["jobPostings"]
DETAIL = json.loads(fixture_path("workday/detail_coder.json").read_text())
TODAY = date(2025, 3, 5)


def entry(number: int, **kwargs) -> dict:
    return list_fields(LIST[number], api_url=API, today=TODAY, **kwargs)


def coder_detail() -> dict:
    return detail_fields(DETAIL, fallback=entry(0, company="gulf-coast"))


# -- list entries ------------------------------------------------------------------


def test_list_id_is_the_bullet_field_that_ends_the_path():
    assert entry(0)["external_id"] == "R20451"
    assert entry(1)["external_id"] == "R20455"  # path ends _R20455-1; a date bullet follows


def test_list_id_falls_back_to_the_external_path():
    assert entry(2)["external_id"] == "/job/USA-FL-Tampa/Facilities-Technician_R20460"


def test_list_url_is_derived_from_the_cxs_url():
    assert entry(0)["url"] == (
        "https://gulfcoast.wd1.myworkdayjobs.com/GCH_Careers"
        "/job/USA-FL-Tampa/Medical-Coder---Outpatient_R20451"
    )


def test_human_url_of_a_non_cxs_url_is_the_detail_address():
    assert (
        human_url("http://127.0.0.1:9/workday", "/job/x_R1")
        == "http://127.0.0.1:9/workday/job/x_R1"
    )


def test_list_posted_on_relative_dates():
    assert entry(0)["posted_at"] == "2025-03-05"  # Posted Today
    assert entry(1)["posted_at"] == "2025-03-02"  # Posted 3 Days Ago
    assert "posted_at" not in entry(2)  # Posted 30+ Days Ago: unknown


def test_list_remote_type():
    assert entry(0)["remote_hint"] == "hybrid"
    assert entry(2)["remote_hint"] == "onsite"
    assert "remote_hint" not in entry(1)


def test_list_location_code_gives_city_and_state():
    assert (entry(0)["city"], entry(0)["state"], entry(0)["country"]) == ("Tampa", "FL", "US")
    assert entry(1)["location"] == "2 Locations" and "state" not in entry(1)


def test_list_company_is_the_fallback_given():
    assert entry(0, company="gulf-coast")["company"] == "gulf-coast"


# -- detail ---------------------------------------------------------------------------


def test_detail_external_id_is_the_job_req_id():
    assert coder_detail()["external_id"] == "R20451"


def test_detail_url_is_the_external_url():
    assert coder_detail()["url"] == DETAIL["jobPostingInfo"]["externalUrl"]


def test_detail_company_is_the_hiring_organization():
    assert coder_detail()["company"] == "Gulf Coast Health System"


def test_detail_locations_include_additional_ones():
    assert coder_detail()["locations"] == ["USA-FL-Tampa", "USA-FL-Orlando", "Remote - Florida"]
    assert coder_detail()["location"] == "USA-FL-Tampa; USA-FL-Orlando; Remote - Florida"


def test_detail_country_is_the_alpha2_code():
    assert coder_detail()["country"] == "US"


def test_detail_employment_type_and_start_date():
    assert coder_detail()["employment_type"] == "Full time"
    assert coder_detail()["posted_at"] == "2025-03-05"


def test_detail_description_keeps_the_pay_text():
    assert "Pay range: $24.00 - $31.50 per hour" in coder_detail()["description_html"]


def test_detail_remote_type():
    assert coder_detail()["remote_hint"] == "hybrid"


def test_detail_without_company_keeps_the_fallback():
    data = {**DETAIL, "hiringOrganization": {}}
    assert detail_fields(data, fallback=entry(0, company="gulf-coast"))["company"] == "gulf-coast"


# -- crawls ---------------------------------------------------------------------------

SITE = "/wday/cxs/gulfcoast/GCH_Careers"


def posting(number: int) -> dict:
    return {
        "title": f"Medical Coder {number}",
        "externalPath": f"/job/USA-FL-Tampa/Medical-Coder-{number}_R{number}",
        "locationsText": "USA-FL-Tampa",
        "postedOn": "Posted Today",
        "bulletFields": [f"R{number}"],
    }


def detail(number: int) -> dict:
    return {
        "jobPostingInfo": {
            "title": f"Medical Coder {number}",
            "jobReqId": f"R{number}",
            "location": "USA-FL-Tampa",
            "jobDescription": "<p>CPC required.</p>",
            "timeType": "Full time",
            "startDate": "2025-03-01",
        },
        "hiringOrganization": {"name": "Gulf Coast Health System"},
    }


def serve_board(server, count: int, *, details: dict[int, Reply] | None = None) -> list[dict]:
    """A board of `count` postings; later pages say total 0, as Workday's do."""
    postings = [posting(number) for number in range(1, count + 1)]
    bodies: list[dict] = []

    def page(request: ServedRequest) -> Reply:
        query = request.json()
        bodies.append(query)
        offset, limit = query["offset"], query["limit"]
        total = count if offset == 0 else 0
        return Reply({"total": total, "jobPostings": postings[offset : offset + limit]})

    server.route(f"{SITE}/jobs", page, method="POST")
    for number, item in enumerate(postings, start=1):
        reply = (details or {}).get(number, Reply(detail(number)))
        server.add(f"{SITE}{item['externalPath']}", reply)
    return bodies


def test_crawl_pages_past_a_zero_total_and_fetches_every_detail(server, tmp_path):
    bodies = serve_board(server, 45)
    source = {"name": "gulf-coast", "kind": "workday", "url": server.url(SITE), "search": "coder"}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert [body["offset"] for body in bodies] == [0, 20, 40]
    assert all(
        body == {**body, "appliedFacets": {}, "limit": 20, "searchText": "coder"} for body in bodies
    )
    assert sorted(item["external_id"] for item in result.items) == sorted(
        f"R{n}" for n in range(1, 46)
    )
    assert all(item["company"] == "Gulf Coast Health System" for item in result.items)
    assert all(item["description_html"] == "<p>CPC required.</p>" for item in result.items)
    assert logged(result.log) == []


def test_crawl_keeps_failed_details_drops_gone_ones_and_obeys_max_pages(server, tmp_path):
    failing = {
        3: Reply({"error": "busy"}, status=503),
        5: Reply({"error": "not found"}, status=404),
        7: Reply("<html>maintenance</html>"),  # 200 but no JSON
    }
    bodies = serve_board(server, 60, details=failing)
    source = {"name": "gulf-coast", "kind": "workday", "url": server.url(SITE), "max_pages": 2}
    result = crawl(
        source,
        tmp_path=tmp_path,
        raw=True,
        settings={"RETRY_TIMES": "1", "RETRY_BACKOFF_BASE": "0"},
    )

    assert [body["offset"] for body in bodies] == [0, 20]  # max_pages = 2
    by_id = {item["external_id"]: item for item in result.items}
    assert len(result.items) == 39 and "R5" not in by_id  # 40 listed, the 404 is gone
    assert server.hits[f"{SITE}/job/USA-FL-Tampa/Medical-Coder-3_R3"] == 2  # retried once
    for kept in ("R3", "R7"):  # list entries kept: no description, company from the source
        assert by_id[kept]["company"] == "gulf-coast"
        assert by_id[kept]["url"] == server.url(
            f"/GCH_Careers/job/USA-FL-Tampa/Medical-Coder-{kept[1:]}_{kept}"
        )
        assert "description_html" not in by_id[kept]
    warnings = " | ".join(logged(result.log, "WARNING"))
    assert "Medical-Coder-3_R3: HTTP 503; kept the list entry" in warnings
    assert "Medical-Coder-5_R5: HTTP 404: posting is gone" in warnings
    assert "Medical-Coder-7_R7: HTTP 200 but an HTML page instead of JSON" in warnings
    assert logged(result.log) == []  # nothing fatal


def test_crawl_fails_on_a_truncated_list_page(server, tmp_path):
    body = json.dumps({"total": 1, "jobPostings": [posting(1)]}).encode()
    server.add(
        f"{SITE}/jobs",
        Reply(body, truncate=len(body) // 2, headers={"Content-Type": "application/json"}),
        method="POST",
    )
    source = {"name": "gulf-coast", "kind": "workday", "url": server.url(SITE)}
    result = crawl(source, tmp_path=tmp_path, raw=True, settings={"RETRY_TIMES": "0"})

    assert result.items == []
    assert any(f"{SITE}/jobs" in line for line in logged(result.log))


def test_a_board_that_ignores_offset_is_paged_until_it_repeats_itself(server, tmp_path):
    # It claims a billion postings and answers every offset with the same first page.
    postings = [posting(number) for number in range(1, 21)]
    offsets: list[int] = []

    def same_page(request: ServedRequest) -> Reply:
        offsets.append(request.json()["offset"])
        return Reply({"total": 1_000_000_000, "jobPostings": postings})

    server.route(f"{SITE}/jobs", same_page, method="POST")
    for number, item in enumerate(postings, start=1):
        server.add(f"{SITE}{item['externalPath']}", Reply(detail(number)))
    source = {"name": "gulf-coast", "kind": "workday", "url": server.url(SITE)}
    result = crawl(source, tmp_path=tmp_path, raw=True)

    assert offsets == [0, 20]  # the second page brought no new id: the crawl stopped there
    assert len(result.items) == 20
    assert "list page 2 brought no new postings" in result.log
