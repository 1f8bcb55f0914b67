"""Every source kind through `hitboard crawl` and `hitboard export`, from the saved fixtures.

One sources file holds a source of every kind (and every feed format), served by a
LocalServer at the paths each spider asks for. It is crawled twice in one database:
the first crawl stores everything, the second (identical) one must change nothing.
Expected values are read from the fixture files wherever the fixture states them.
"""

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pytest

from demo.server import LocalServer
from tests.cli.boards import (
    FEED_PATHS,
    SMARTRECRUITERS_BASE,
    USAJOBS_BASE,
    WORKDAY_BASE,
    adzuna_fixture,
    exported,
    fixture_json,
    hitboard,
    hitboard_env,
    scrape_runs,
    serve_every_kind,
    sources_toml,
)
from tests.kind_boards import BOARDS

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
# Dummy credentials: each must never reach the export, the database, the output or the logs.
SECRETS = {
    "USAJOBS_API_KEY": "usajobs-key-5f0c9e1d7a",
    "USAJOBS_EMAIL": "operator@hitboard.example",
    "ADZUNA_APP_ID": "adzuna-id-8c21b7",
    "ADZUNA_APP_KEY": "adzuna-key-d94e02a6f1",
}
NEVER_STORED = ("USAJOBS_API_KEY", "ADZUNA_APP_ID", "ADZUNA_APP_KEY")
# State names as the fixtures spell them → USPS codes (the test's own table).
STATE_CODES = {
    "Florida": "FL",
    "Maryland": "MD",
    "Wyoming": "WY",
    "Colorado": "CO",
    "Michigan": "MI",
    "Texas": "TX",
    "Ohio": "OH",
    "Utah": "UT",
}
# Crawled a second time, unchanged: the kinds whose records are put together from several
# answers (details, list fallbacks, relative dates, derived ids, stripped URLs). All twelve
# would cost a dozen more crawl processes.
RECRAWLED = (
    "wd-gulfcoast",
    "sr-lakeside",
    "clinic-pages",
    "adzuna-coders",
    "usajobs-him",
    "feed-rss",
)
HOURS_PER_YEAR = 2080
# Twenty-eight sources, one process each, on a machine the other tests share: minutes.
CRAWL_TIMEOUT = 600
pytestmark = pytest.mark.timeout(CRAWL_TIMEOUT + 300)
FEDERAL_HOURS_PER_YEAR = 2087


@pytest.fixture(scope="module")
def crawled(tmp_path_factory):
    """Two identical crawls of every kind, with the exports and run records after each."""
    home = tmp_path_factory.mktemp("every-kind")
    db_path = home / "every-kind.db"
    db = f"sqlite:///{db_path}"
    env = hitboard_env(home, **SECRETS)
    with LocalServer() as server:
        entries = serve_every_kind(server, adzuna_app_id=SECRETS["ADZUNA_APP_ID"])
        sources = home / "sources.toml"
        sources.write_text(sources_toml(entries, keep="all"), encoding="utf-8")
        crawl_args = ("crawl", "--sources", str(sources), "--db", db, "--jobs", "2")

        first = hitboard(*crawl_args, env=env, timeout=CRAWL_TIMEOUT)
        first_export = exported(db, env)
        first_runs = scrape_runs(db_path)
        only = [arg for name in RECRAWLED for arg in ("--only", name)]
        second = hitboard(*crawl_args, *only, env=env)
        second_export = exported(db, env)
        yield SimpleNamespace(
            server=server,
            entries=entries,
            home=home,
            db_path=db_path,
            db=db,
            env=env,
            first=first,
            second=second,
            first_export=first_export,
            second_export=second_export,
            first_runs={run["source"]: run for run in first_runs},
            second_runs={
                run["source"]: run for run in scrape_runs(db_path) if run["id"] > len(first_runs)
            },
        )


def records_of(crawled, source: str) -> dict[str, dict]:
    return {eid: record for (name, eid), record in crawled.first_export.items() if name == source}


def expect(record: dict, **expected) -> None:
    """Compare several fields at once, so a failure lists every difference."""
    actual = {key: record.get(key) for key in expected}
    wrong = {
        key: (actual[key], value)
        for key, value in expected.items()
        if not (
            actual[key] == pytest.approx(value)
            if isinstance(value, float)
            else actual[key] == value
        )
    }
    assert not wrong, f"{record['source']} {record['external_id']}: (got, expected) {wrong}"


def pay(minimum, maximum, period, *, currency="USD", hours=HOURS_PER_YEAR, estimated=False):
    """The export's pay fields for a posted range and period."""
    per_year = {"hour": hours, "year": 1}[period]
    return {
        "salary_min": float(minimum),
        "salary_max": float(maximum),
        "salary_currency": currency,
        "salary_period": period,
        "salary_annual_min": float(minimum) * per_year,
        "salary_annual_max": float(maximum) * per_year,
        "salary_estimated": estimated,
    }


NO_PAY = {"salary_min": None, "salary_max": None, "salary_period": None, "salary_annual_min": None}


def state_of(text: str | None) -> str | None:
    """The state of "City, ST" or a state name, as the fixtures write them."""
    if not text:
        return None
    if match := re.search(r",\s*([A-Z]{2})\b", text):
        return match[1]
    return STATE_CODES.get(text.strip(), text.strip() if len(text.strip()) == 2 else None)


# -- the crawl as a whole ------------------------------------------------------------


def test_every_source_succeeds_and_reports_its_counts(crawled):
    assert crawled.first.returncode == 0, crawled.first.stdout + crawled.first.stderr
    names = [entry["name"] for entry in crawled.entries]
    assert sorted(crawled.first_runs) == sorted(names)
    for name in names:
        run = crawled.first_runs[name]
        assert run["status"] == "succeeded", (name, run["errors"], run["note"])
        stored = len(records_of(crawled, name))
        assert run["seen"] == run["new"] == stored > 0, name
        line = next(line for line in crawled.first.stdout.splitlines() if line.startswith(name))
        assert "succeeded" in line and re.search(rf"\bseen\s+{stored}\b", line), line


def test_a_second_identical_crawl_changes_nothing(crawled):
    assert crawled.second.returncode == 0, crawled.second.stdout + crawled.second.stderr
    assert sorted(crawled.second_runs) == sorted(RECRAWLED)
    for name in RECRAWLED:
        first, second = crawled.first_runs[name], crawled.second_runs[name]
        assert second["status"] == "succeeded", (name, second["errors"])
        assert (second["seen"], second["new"], second["updated"], second["closed"]) == (
            first["seen"],
            0,
            0,
            0,
        ), name
        assert second["unchanged"] == second["seen"], name
    assert crawled.second_export.keys() == crawled.first_export.keys()
    for key, before in crawled.first_export.items():
        after = crawled.second_export[key]
        assert after["first_seen_at"] == before["first_seen_at"], key
        if key[0] in RECRAWLED:
            assert after["last_seen_at"] > before["last_seen_at"], key
        assert after["closed_at"] is None, key
        changed = {f for f in before if f != "last_seen_at" and before[f] != after[f]}
        assert not changed, (key, changed)


def test_api_keys_never_leave_the_crawl(crawled):
    # The keys did reach the APIs, in the headers / query the APIs document ...
    usajobs = [r for r in crawled.server.requests if r.path == USAJOBS_BASE]
    assert usajobs and all(
        r.headers["authorization-key"] == SECRETS["USAJOBS_API_KEY"]
        and r.headers["user-agent"] == SECRETS["USAJOBS_EMAIL"]
        for r in usajobs
    )
    adzuna = [r for r in crawled.server.requests if r.path.startswith("/adzuna/")]
    assert adzuna and all(r.arg("app_key") == SECRETS["ADZUNA_APP_KEY"] for r in adzuna)

    # ... and nowhere else: not the export, the database, the crawl's output or its logs.
    exports = [crawled.first_export, crawled.second_export]
    places = {
        "export": "\n".join(repr(record) for export in exports for record in export.values()),
        "crawl output": "".join(
            [
                crawled.first.stdout,
                crawled.first.stderr,
                crawled.second.stdout,
                crawled.second.stderr,
            ]
        ),
        "scrape_runs": repr(scrape_runs(crawled.db_path)),
    }
    db_files = sorted(crawled.db_path.parent.glob(crawled.db_path.name + "*"))
    logs = sorted((crawled.home / "logs").glob("*.log"))
    assert logs, "the crawl wrote no logs"
    for var in NEVER_STORED:
        secret = SECRETS[var]
        for where, text in places.items():
            assert secret not in text, f"{var} in the {where}"
        for path in db_files + logs:
            assert secret.encode() not in path.read_bytes(), f"{var} in {path.name}"


# -- kind by kind ----------------------------------------------------------------------


def test_greenhouse(crawled):
    records = records_of(crawled, "gh-bayview")
    jobs = fixture_json("greenhouse/board.json")["jobs"]
    assert set(records) == {str(job["id"]) for job in jobs}
    for job in jobs:
        expect(
            records[str(job["id"])],
            source_kind="greenhouse",
            title=job["title"].strip(),
            url=job["absolute_url"],
            company=job["company_name"],
            state=state_of(job["location"]["name"]),
        )
    coder, technician, registrar, engineer = (records[str(job["id"])] for job in jobs)
    ranges = jobs[0]["pay_input_ranges"]  # several zones: their overall span, per year
    expect(
        coder,
        **pay(
            min(r["min_cents"] for r in ranges) / 100,
            max(r["max_cents"] for r in ranges) / 100,
            "year",
        ),
    )
    hourly = jobs[1]["metadata"][0]["value"]  # "Hourly Pay Range", a currency_range
    expect(technician, **pay(hourly["min_value"], hourly["max_value"], "hour"))
    low, high = re.findall(r"\$([\d,]+)", jobs[2]["metadata"][0]["value"])
    expect(registrar, remote="remote", **pay(low.replace(",", ""), high.replace(",", ""), "year"))
    expect(engineer, relevant=False, **NO_PAY)
    assert coder["relevant"] and {"CPC", "CCS", "RHIT"} <= set(coder["certifications"])


def test_lever(crawled):
    records = records_of(crawled, "lever-sunrise")
    postings = fixture_json("lever/postings.json")
    assert set(records) == {posting["id"] for posting in postings}
    workplace = {"remote": "remote", "hybrid": "hybrid", "onsite": "onsite"}
    periods = {"per-year-salary": "year", "per-hour-wage": "hour"}
    for posting in postings:
        record = records[posting["id"]]
        expect(
            record,
            title=posting["text"],
            url=posting["hostedUrl"],
            company="Sunrise Health",  # Lever names no company: the site slug, made readable
            state=state_of(posting["categories"]["location"]),
            country=posting["country"],
            remote=workplace.get(posting["workplaceType"]),
            employment_type=posting["categories"]["commitment"],
        )
        salary = posting.get("salaryRange")
        expected_pay = (
            pay(salary["min"], salary["max"], periods[salary["interval"]]) if salary else NO_PAY
        )
        expect(record, **expected_pay)


def test_ashby(crawled):
    records = records_of(crawled, "ashby-mountain")
    jobs = fixture_json("ashby/board.json")["jobs"]
    listed = [job for job in jobs if job["isListed"]]
    assert set(records) == {job["id"] for job in listed}  # the unlisted draft is no posting
    workplace = {"Hybrid": "hybrid", "OnSite": "onsite", None: "remote"}  # isRemote alone
    for job in listed:
        region = job["address"]["postalAddress"].get("addressRegion")
        expect(
            records[job["id"]],
            title=job["title"],
            url=job["jobUrl"],
            company="Mountain Clinics",  # the board slug, made readable
            state=STATE_CODES.get(region, region),
            remote=workplace[job.get("workplaceType")],
        )
        shown = job.get("shouldDisplayCompensationOnJobPostings") is not False
        components = [
            component
            for tier in job["compensation"].get("compensationTiers", [])
            for component in tier["components"]
            if component["compensationType"] == "Salary"
        ] + job["compensation"].get("summaryComponents", [])
        salary = components[0] if shown else None
        period = {"1 HOUR": "hour", "1 YEAR": "year"}[salary["interval"]] if salary else None
        expected_pay = pay(salary["minValue"], salary["maxValue"], period) if salary else NO_PAY
        expect(records[job["id"]], **expected_pay)


def test_smartrecruiters_list_and_details(crawled):
    records = records_of(crawled, "sr-lakeside")
    listed = fixture_json("smartrecruiters/postings.json")["content"]
    details = {
        entry["id"]: fixture_json(f"smartrecruiters/detail-{entry['id']}.json")
        for entry in listed
        if (FIXTURES / f"smartrecruiters/detail-{entry['id']}.json").exists()
    }
    gone = [entry["id"] for entry in listed if entry["id"] not in details]
    assert gone and set(records) == set(details)  # a 410 detail: the posting is gone
    for posting_id, detail in details.items():
        location = detail["location"]
        expect(
            records[posting_id],
            title=detail["name"],
            url=detail["postingUrl"],  # only the detail has the public page
            company=detail["company"]["name"],
            city=location["city"],
            state=STATE_CODES.get(location["region"], location["region"]),
            remote="remote" if location["remote"] else "onsite",
        )
        compensation = detail.get("compensation")
        expected_pay = (
            pay(compensation["min"], compensation["max"], "hour") if compensation else NO_PAY
        )
        expect(records[posting_id], **expected_pay)
    assert records["7440001500001"]["description_text"].count("\n") >= 3  # detail sections

    run = crawled.first_runs["sr-lakeside"]
    assert [(e["url"], e["fatal"]) for e in run["errors"]] == [
        (crawled.server.url(f"{SMARTRECRUITERS_BASE}/{posting_id}"), False) for posting_id in gone
    ]
    assert "gone" in run["errors"][0]["reason"]


def test_workday_list_and_details(crawled):
    records = records_of(crawled, "wd-gulfcoast")
    listed = fixture_json("workday/jobs.json")["jobPostings"]
    detail = fixture_json("workday/detail_coder.json")
    info = detail["jobPostingInfo"]
    _coder, roi, facilities = listed
    assert set(records) == {info["jobReqId"], roi["bulletFields"][0]}  # facilities: 404, gone

    low, high = re.findall(r"\$([\d.]+)", info["jobDescription"])
    expect(
        records[info["jobReqId"]],
        title=info["title"],
        url=info["externalUrl"],
        company=detail["hiringOrganization"]["name"],
        city="Tampa",
        state="FL",  # from the location code USA-FL-Tampa
        remote=info["remoteType"].lower(),
        posted_at=info["startDate"] + "T00:00:00+00:00",
        **pay(low, high, "hour"),
    )
    # The detail failed (500) after retries: the list entry is kept, with the human URL.
    site = WORKDAY_BASE.rsplit("/", 1)[-1]
    expect(
        records[roi["bulletFields"][0]],
        title=roi["title"],
        url=crawled.server.url(f"/{site}{roi['externalPath']}"),
        company="Gulf Coast Health System",  # the source's params.company
    )
    run = crawled.first_runs["wd-gulfcoast"]
    reasons = {error["url"]: error["reason"] for error in run["errors"]}
    assert "gone" in reasons[crawled.server.url(WORKDAY_BASE + facilities["externalPath"])]
    assert "kept the list entry" in reasons[crawled.server.url(WORKDAY_BASE + roi["externalPath"])]
    assert not any(error["fatal"] for error in run["errors"])


def test_usajobs(crawled):
    records = records_of(crawled, "usajobs-him")
    items = fixture_json("usajobs/search.json")["SearchResult"]["SearchResultItems"]
    assert set(records) == {item["MatchedObjectId"] for item in items}
    for item in items:
        job = item["MatchedObjectDescriptor"]
        details = job["UserArea"]["Details"]
        flags = tuple(
            str(details.get(key)).lower() for key in ("RemoteIndicator", "TeleworkEligible")
        )
        remote = {("true", "true"): "remote", ("false", "true"): "hybrid"}.get(flags)
        remote = remote or ("onsite" if flags == ("false", "false") else None)
        subdivision = job["PositionLocation"][0]["CountrySubDivisionCode"]
        expect(
            records[item["MatchedObjectId"]],
            title=job["PositionTitle"],
            url=job["PositionURI"],
            company=job.get("OrganizationName") or job["DepartmentName"],
            state=STATE_CODES.get(subdivision),
            remote=remote,
        )
        money = job["PositionRemuneration"][0]
        period = {"PA": "year", "Per Hour": "hour"}.get(money["RateIntervalCode"])
        expected_pay = (
            pay(
                money["MinimumRange"],
                money["MaximumRange"],
                period,
                hours=FEDERAL_HOURS_PER_YEAR,
            )
            if period
            else NO_PAY  # WC: without compensation
        )
        expect(records[item["MatchedObjectId"]], **expected_pay)


def test_adzuna(crawled):
    records = records_of(crawled, "adzuna-coders")
    results = adzuna_fixture(SECRETS["ADZUNA_APP_ID"])["results"]
    assert set(records) == {result["id"] for result in results}
    for result in results:
        parts = urlsplit(result["redirect_url"])
        kept = [(k, v) for k, v in parse_qsl(parts.query) if v != SECRETS["ADZUNA_APP_ID"]]
        area = result["location"]["area"]
        record = records[result["id"]]
        expect(
            record,
            title=result["title"],
            url=urlunsplit(parts._replace(query=urlencode(kept))),  # our app id dropped
            company=result["company"]["display_name"],
            state=STATE_CODES.get(area[1]) if len(area) > 1 else None,
            country=area[0],
        )
        if "salary_min" in result:  # bare yearly figures; "1" marks Adzuna's estimate
            estimated = result["salary_is_predicted"] == "1"
            low, high = result["salary_min"], result["salary_max"]
            expect(record, **pay(low, high, "year", estimated=estimated))
        else:
            expect(record, **NO_PAY)


def test_themuse(crawled):
    records = records_of(crawled, "muse-health")
    results = fixture_json("themuse/jobs.json")["results"]
    assert set(records) == {str(result["id"]) for result in results}
    for result in results:
        places = [place["name"] for place in result["locations"]]
        expect(
            records[str(result["id"])],
            title=result["name"],
            url=result["refs"]["landing_page"],
            company=result["company"]["name"],
            city=places[0].split(",")[0] if "," in places[0] else None,  # the first place
            state=state_of(places[0]),
            remote="remote" if "Flexible / Remote" in places else None,
            **NO_PAY,
        )
    muse = [r for r in crawled.server.requests if r.path.startswith("/muse/")]
    assert muse and {(r.arg("category"), r.arg("page")) for r in muse} == {("Healthcare", "0")}


def test_jsonld_pages_and_sitemap(crawled):
    records = records_of(crawled, "clinic-pages")
    page = crawled.server.url
    expect(
        records["LR-88214"],  # coder.html, found through the sitemap index
        title="Inpatient Coding Specialist",
        url="https://careers.lakeside.example/jobs/LR-88214",
        company="Lakeside Regional Medical Center",
        city="Madison",
        state="WI",
        **pay(27.5, 36.25, "hour"),
    )
    expect(
        records["NS-3307"],  # graph.html: an @graph, TELECOMMUTE, estimatedSalary
        title="HIM Data Analyst (Remote)",
        url=page("/jobs/graph.html"),
        company="Northstar Health Partners",
        remote="remote",
        city=None,  # applicant states ("Minnesota", "Iowa") are no city
        **pay(68000, 84000, "year", estimated=True),
    )
    expect(
        records[page("/jobs/list.html")],  # a list of two postings on one page
        title="Release of Information Specialist",
        company="Pinecrest Clinics",
        city="Raleigh",
        state="NC",
        **pay(21, 21, "hour"),
    )
    expect(records[page("/jobs/list.html") + "#1"], title="Line Cook", relevant=False)
    expect(
        records["4471"],  # broken.html: the second block is repaired, the first reported
        title="Medical Records Clerk",
        company="Riverbend Hospital",
        state="ID",
    )
    assert len(records) == 5
    assert crawled.server.hits["/sitemap_index.xml"] == crawled.server.hits["/sitemap-jobs.xml"]
    run = crawled.first_runs["clinic-pages"]
    assert {(error["url"], error["fatal"]) for error in run["errors"]} == {
        (page("/jobs/broken.html"), False),
        (page("/about"), False),  # in the sitemap, but no JobPosting on it
    }


def test_feeds_rss_atom_and_job_xml(crawled):
    rss = records_of(crawled, "feed-rss")
    items = ET.parse(FIXTURES / "feed/rss.xml").getroot().findall("./channel/item")
    guid = items[0].findtext("guid")
    company, title = items[0].findtext("title").split(": ", 1)  # "Company: Title" habit
    expect(rss[guid], title=title, company=company, url=items[0].findtext("link"), state="OR")
    link = items[1].findtext("link")  # no guid: the link is the id
    creator = items[1].findtext("{http://purl.org/dc/elements/1.1/}creator")
    expect(rss[link], url=link, company=creator, remote="remote")
    assert len(rss) == len(items)

    atom = records_of(crawled, "feed-atom")
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.parse(FIXTURES / "feed/atom.xml").getroot()
    entries = feed.findall("a:entry", ns)
    first, second = (atom[entry.findtext("a:id", namespaces=ns)] for entry in entries)
    expect(
        first,
        title=entries[0].findtext("a:title", namespaces=ns),
        url=entries[0].find("a:link[@rel='alternate']", ns).get("href"),
        company=entries[0].findtext("a:author/a:name", namespaces=ns),
    )
    # No author: the feed's own title names the employer.
    expect(second, company=feed.findtext("a:title", namespaces=ns), relevant=False)

    jobs = records_of(crawled, "feed-jobs")
    feed_jobs = ET.parse(FIXTURES / "feed/jobs.xml").getroot().findall("job")
    assert set(jobs) == {job.findtext("referencenumber") for job in feed_jobs}
    remote = {"Hybrid remote": "hybrid", "no": "onsite", "yes": "remote", None: None}
    for job in feed_jobs:
        record = jobs[job.findtext("referencenumber")]
        state = job.findtext("state")
        expect(
            record,
            title=job.findtext("title"),
            url=job.findtext("url"),
            company=job.findtext("company"),
            city=job.findtext("city"),
            state=STATE_CODES.get(state, state),
            remote=remote[job.findtext("remotetype") or job.findtext("remote")],
        )
    auditor, technician = jobs["SH-7781"], jobs["SH-7790"]
    low, high = re.findall(r"\$([\d,]+)", feed_jobs[0].findtext("salary"))
    expect(auditor, **pay(low.replace(",", ""), high.replace(",", ""), "year"))
    tech = feed_jobs[1]
    expect(technician, **pay(tech.findtext("salary_min"), tech.findtext("salary_max"), "hour"))
    assert crawled.server.hits[FEED_PATHS["rss"]] == 2  # recrawled: once per crawl


def test_usajobs_anywhere_in_the_us_is_no_city(crawled):
    anywhere = records_of(crawled, "usajobs-him")["812345700"]
    assert anywhere["city"] is None


# -- the hospital and public-sector kinds (tests/kind_boards.py) ------------------------------


def figures(text: str) -> tuple[float, float]:
    """The first two dollar figures of a fixture's pay text."""
    low, high = re.findall(r"\$([\d,]+(?:\.\d+)?)", text)[:2]
    return float(low.replace(",", "")), float(high.replace(",", ""))


def listed_ids(variant: str) -> set[str]:
    """Every posting the variant's fixture lists (all are stored: failed details keep them)."""
    read = {
        "oracle": lambda: [
            r["Id"] for r in fixture_json("oracle/requisitions.json")["items"][0]["requisitionList"]
        ],
        "taleo-business": lambda: re.findall(
            r"rid=(\d+)", fixture_text("taleo/tbe-results-1.html")
        ),
        "taleo-enterprise": lambda: [
            r["contestNo"]
            for page in ("taleo/searchjobs-page-1.json", "taleo/searchjobs-page-2.json")
            for r in fixture_json(page)["requisitionList"]
        ],
        "icims-portal": lambda: re.findall(r"/jobs/(\d+)/", fixture_text("icims/search-1.html")),
        "icims-jibe": lambda: [
            j["data"].get("req_id") or j["data"]["slug"]
            for j in fixture_json("icims/jibe-jobs.json")["jobs"]
        ],
        "ukg": lambda: [o["Id"] for o in fixture_json("ukg/search.json")["opportunities"]],
        "successfactors": lambda: re.findall(
            r"/(\d+)/\"",
            fixture_text("successfactors/search-1.html")
            + fixture_text("successfactors/search-2.html"),
        ),
        "phenom": lambda: re.findall(
            r'"jobId": "([^"]+)"', fixture_text("phenom/search-results.html")
        ),
        "jobvite": lambda: re.findall(
            r"/job/(\w+)\"",
            fixture_text("jobvite/search-0.html") + fixture_text("jobvite/search-1.html"),
        ),
        "paylocity": lambda: re.findall(r'"JobId": (\d+)', fixture_text("paylocity/board.html")),
        "bamboohr": lambda: [o["id"] for o in fixture_json("bamboohr/list.json")["result"]],
        "workable": lambda: [j["shortcode"] for j in fixture_json("workable/account.json")["jobs"]],
        "recruitee": lambda: [
            str(o["id"]) for o in fixture_json("recruitee/offers.json")["offers"]
        ],
        "neogov": lambda: [
            str(j["ID"]) for j in fixture_json("neogov/jobs-on-maps.json")["jobList"]
        ],
        "dayforce": lambda: [
            str(p["jobPostingId"]) for p in fixture_json("dayforce/search.json")["jobPostings"]
        ],
        "remotive": lambda: [
            str(j["id"]) for j in fixture_json("remotive/remote-jobs.json")["jobs"]
        ],
    }
    return set(read[variant]())


def fixture_text(path: str) -> str:
    return (FIXTURES / path).read_text(encoding="utf-8")


@pytest.mark.parametrize("variant", sorted(BOARDS))
def test_each_newer_kind_stores_every_listed_posting(crawled, variant):
    records = records_of(crawled, variant)
    assert set(records) == listed_ids(variant)
    run = crawled.first_runs[variant]
    assert run["status"] == "succeeded" and not any(e["fatal"] for e in run["errors"]), run[
        "errors"
    ]
    for record in records.values():
        assert record["title"] and record["url"] and record["company"], record
        assert record["source_kind"] == BOARDS[variant].kind


def newer_kind_facts() -> list:
    """(variant, id, expected export fields), each read from the variant's fixture."""
    recruitee_offers = {str(o["id"]): o for o in fixture_json("recruitee/offers.json")["offers"]}
    jibe = {j["data"]["slug"]: j["data"] for j in fixture_json("icims/jibe-jobs.json")["jobs"]}
    neogov_jobs = {str(j["ID"]): j for j in fixture_json("neogov/jobs-on-maps.json")["jobList"]}
    ukg_detail = re.search(
        r"CandidateOpportunityDetail\((\{.*\})\);", fixture_text("ukg/opportunity-detail.html")
    )
    pay_range = json.loads(ukg_detail[1])["PayRange"]
    bamboo = fixture_json("bamboohr/detail-32.json")["result"]["jobOpening"]
    hourly, yearly = "hour", "year"
    return [
        (
            "oracle",
            "4101",
            {
                "remote": "hybrid",
                "state": "CO",
                **pay(*figures(fixture_text("oracle/detail-4101.json")), hourly),
            },
        ),
        ("oracle", "4102", {"remote": "remote"}),
        (
            "taleo-business",
            "101",
            {"state": "FL", "company": "Suncoast Community Health", **pay(17.5, 21.25, hourly)},
        ),
        ("taleo-business", "102", {"state": "FL", "city": "St. Petersburg"}),
        (
            "taleo-enterprise",
            "HIM-2201",
            {"state": "OH", **pay(*figures(fixture_text("taleo/jobdetail-jsonld.html")), hourly)},
        ),
        ("icims-portal", "5101", {"remote": "remote", "state": "PA", **pay(62000, 78000, yearly)}),
        ("icims-portal", "5102", {"remote": "hybrid"}),
        (
            "icims-jibe",
            "24118",
            {**pay(jibe["24118"]["salary_min_value"], jibe["24118"]["salary_max_value"], yearly)},
        ),
        (
            "icims-jibe",
            "24117",
            {"state": "WI", **pay(*figures(jibe["24117"]["description"]), hourly)},
        ),
        (
            "ukg",
            "8c2f5d10-0001-4c1e-9a51-1a2b3c4d5e01",
            {
                "remote": "remote",
                **pay(pay_range["PayRangeMinimum"], pay_range["PayRangeMaximum"], yearly),
            },
        ),
        (
            "ukg",
            "8c2f5d10-0002-4c1e-9a51-1a2b3c4d5e02",
            {"remote": "onsite", "state": "TX", "city": "Houston"},
        ),
        (
            "successfactors",
            "801001",
            {
                "state": "NE",
                **pay(*figures(fixture_text("successfactors/job-jsonld.html")), hourly),
            },
        ),
        (
            "phenom",
            "R-5502",
            {"state": "NC", **pay(*figures(fixture_text("phenom/job-detail.html")), hourly)},
        ),
        (
            "jobvite",
            "oAbC2fwB",
            {"remote": "remote", "company": "Pine Lake Clinics", **pay(28, 34, hourly)},
        ),
        ("paylocity", "7102", {"remote": "remote", **pay(52000, 61000, yearly)}),
        (
            "paylocity",
            "7101",
            {"state": "ID", **pay(*figures(fixture_text("paylocity/details-7101.html")), hourly)},
        ),
        (
            "bamboohr",
            "32",
            {
                "remote": "remote",
                "salary_text": bamboo["compensation"],
                **pay(*figures(bamboo["compensation"]), hourly),
            },
        ),
        ("bamboohr", "33", {"remote": "hybrid", "state": "OR"}),
        (
            "workable",
            "A1B2C3D4E5",
            {
                "remote": "hybrid",
                "state": "WA",
                **pay(*figures(fixture_text("workable/job-A1B2C3D4E5.json")), hourly),
            },
        ),
        (
            "recruitee",
            "31001",
            {
                "remote": "remote",
                "state": "AZ",
                **pay(
                    recruitee_offers["31001"]["salary"]["min"],
                    recruitee_offers["31001"]["salary"]["max"],
                    hourly,
                ),
            },
        ),
        (
            "recruitee",
            "31002",
            {
                "remote": "hybrid",
                **pay(
                    recruitee_offers["31002"]["salary"]["min"],
                    recruitee_offers["31002"]["salary"]["max"],
                    yearly,
                ),
            },
        ),
        (
            "neogov",
            "6100201",
            {"state": "OR", **pay(*figures(neogov_jobs["6100201"]["SalaryInfo"]), hourly)},
        ),
        ("neogov", "6100202", {"remote": "hybrid", "city": "Salem", "state": "OR"}),
        ("dayforce", "45101", {"state": "NM", **pay(24, 30, hourly)}),
        ("dayforce", "45102", {"remote": "remote"}),
        ("remotive", "3100001", {"remote": "remote", **pay(25, 32, hourly)}),
    ]


@pytest.mark.parametrize(("variant", "external_id", "fields"), newer_kind_facts())
def test_newer_kind_pay_place_and_arrangement(crawled, variant, external_id, fields):
    expect(records_of(crawled, variant)[external_id], **fields)
