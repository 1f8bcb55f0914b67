"""A healthy board of each hospital and public-sector kind, from tests/fixtures/<kind>/, that
a LocalServer serves at any base path; and the faults a board's list request can meet.

`BOARDS[variant].serve(server, base)` serves the board and returns its sources-file entry
(without a name) and the handler of its list request, so a test can put a fault in its
place (`put_fault`). Details a fixture has no page for answer 503: the list entry is kept.
Used by `hitboard crawl` over every kind (tests/cli) and by the fault matrix (tests/spiders).
"""

import json
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path

from demo.server import LocalServer, Reply, ServedRequest

FIXTURES = Path(__file__).resolve().parent / "fixtures"
BUSY = Reply("busy", status=503)
ERROR_PAGE = "<!DOCTYPE html><html><body><h1>Something went wrong</h1></body></html>"

Handler = Callable[[ServedRequest], Reply]


def fixture(path: str):
    text = (FIXTURES / path).read_text(encoding="utf-8")
    return json.loads(text) if path.endswith(".json") else text


def page(text: str) -> Reply:
    return Reply(text, headers={"Content-Type": "text/html; charset=utf-8"})


def fixed(reply: Reply) -> Handler:
    return lambda _request: reply


@dataclass(frozen=True)
class KindBoard:
    kind: str
    list_path: str  # the request a fault replaces, under the board's base path
    method: str
    serve: Callable[[LocalServer, str], tuple[dict, Handler]]


# -- one healthy board per kind (and per form, where a kind has two) ------------------------


def oracle(server: LocalServer, base: str) -> tuple[dict, Handler]:
    details = {"4101": "oracle/detail-4101.json", "4102": "oracle/detail-4102.json"}

    def detail(request: ServedRequest) -> Reply:
        found = re.search(r'Id="([^"]+)"', request.arg("finder"))[1]
        return Reply(fixture(details[found])) if found in details else BUSY

    server.route(f"{base}/hcmRestApi/resources/latest/recruitingCEJobRequisitionDetails", detail)
    entry = {
        "kind": "oracle",
        "url": server.url(f"{base}/hcmUI/CandidateExperience/en/sites/CX_7"),
        "params": {"company": "Front Range Health"},
    }
    return entry, fixed(Reply(fixture("oracle/requisitions.json")))


def taleo_business(server: LocalServer, base: str) -> tuple[dict, Handler]:
    def results(request: ServedRequest) -> Reply:
        name = "tbe-results-empty.html" if request.arg("next") else "tbe-results-1.html"
        return page(fixture(f"taleo/{name}"))

    def requisition(request: ServedRequest) -> Reply:
        found = request.arg("rid") == "101"
        return page(fixture("taleo/tbe-requisition-101.html")) if found else BUSY

    server.route(f"{base}/acme01/ats/careers/v2/viewRequisition", requisition)
    url = server.url(f"{base}/acme01/ats/careers/v2/searchResults?org=SUNCOAST&cws=41")
    return {
        "kind": "taleo",
        "url": url,
        "params": {"company": "Suncoast Community Health"},
    }, results


def taleo_enterprise(server: LocalServer, base: str) -> tuple[dict, Handler]:
    pages = ["taleo/searchjobs-page-1.json", "taleo/searchjobs-page-2.json"]
    details = {
        "HIM-2201": "taleo/jobdetail-jsonld.html",
        "HIM-2202": "taleo/jobdetail-history.html",
    }

    def search(request: ServedRequest) -> Reply:
        number = request.json()["pageNo"]
        return Reply(
            fixture(pages[number - 1] if number <= len(pages) else "taleo/searchjobs-empty.json")
        )

    def detail(request: ServedRequest) -> Reply:
        found = details.get(request.arg("job"))
        return page(fixture(found)) if found else BUSY

    server.route(f"{base}/careersection/ext/jobdetail.ftl", detail)
    entry = {
        "kind": "taleo",
        "url": server.url(f"{base}/careersection/ext/jobsearch.ftl?lang=en&portal=8"),
        "params": {"company": "Buckeye Valley Hospitals"},
    }
    return entry, search


def icims_portal(server: LocalServer, base: str) -> tuple[dict, Handler]:
    def search(request: ServedRequest) -> Reply:
        return page(
            fixture("icims/search-shell.html" if request.arg("pr") else "icims/search-1.html")
        )

    server.add(f"{base}/jobs/5101/remote-coding-auditor/job", page(fixture("icims/job-5101.html")))
    for path in ("/jobs/5102/him-analyst/job", "/jobs/5103/medical-records-clerk/job"):
        server.add(f"{base}{path}", BUSY)
    entry = {
        "kind": "icims",
        "url": server.url(f"{base}/jobs"),
        "params": {"company": "Allegheny Valley Health"},
    }
    return entry, search


def icims_jibe(server: LocalServer, base: str) -> tuple[dict, Handler]:
    entry = {
        "kind": "icims",
        "url": server.url(f"{base}/api/jobs"),
        "params": {"company": "Lakeshore Health"},
    }
    return entry, fixed(Reply(fixture("icims/jibe-jobs.json")))


UKG_BOARD = "/HEA1004HLTH/JobBoard/0d1e2f3a-4b5c-4d6e-8f70-8192a3b4c5d6"


def ukg(server: LocalServer, base: str) -> tuple[dict, Handler]:
    auditor = fixture("ukg/search.json")["opportunities"][0]["Id"]

    def detail(request: ServedRequest) -> Reply:
        name = (
            "opportunity-detail"
            if request.arg("opportunityId") == auditor
            else "opportunity-expired"
        )
        return page(fixture(f"ukg/{name}.html"))

    server.route(f"{base}{UKG_BOARD}/OpportunityDetail", detail)
    entry = {
        "kind": "ukg",
        "url": server.url(base + UKG_BOARD),
        "params": {"company": "Harbor Health"},
    }
    return entry, fixed(Reply(fixture("ukg/search.json")))


def successfactors(server: LocalServer, base: str) -> tuple[dict, Handler]:
    pages = {"0": "search-1.html", "3": "search-2.html"}

    def search(request: ServedRequest) -> Reply:
        name = pages.get(request.arg("startrow"), "search-empty.html")
        # A site under a path links to its jobs under that path.
        return page(fixture(f"successfactors/{name}").replace('href="/job/', f'href="{base}/job/'))

    jobs = {"801001": "job-jsonld.html", "801002": "job-microdata.html"}
    for name in pages.values():
        for href in set(re.findall(r'href="(/job/[^"]+)"', fixture(f"successfactors/{name}"))):
            found = jobs.get(href.rstrip("/").rsplit("/", 1)[1], "job-plain.html")
            server.add(base + href, page(fixture(f"successfactors/{found}")))
    entry = {
        "kind": "successfactors",
        "url": server.url(base),
        "params": {"company": "Prairie Health"},
    }
    return entry, search


def phenom(server: LocalServer, base: str) -> tuple[dict, Handler]:
    server.add(base, Reply("", status=302, headers={"Location": server.url(f"{base}/us/en")}))
    server.add(f"{base}/us/en", page("<html><body>Carolina Health careers</body></html>"))
    server.add(f"{base}/us/en/job/R-5501", page(fixture("phenom/job-jsonld.html")))
    server.add(f"{base}/us/en/job/R-5502", page(fixture("phenom/job-detail.html")))
    server.add(f"{base}/us/en/job/R-5503", BUSY)
    entry = {"kind": "phenom", "url": server.url(base), "params": {"company": "Carolina Health"}}
    return entry, fixed(page(fixture("phenom/search-results.html")))


def jobvite(server: LocalServer, base: str) -> tuple[dict, Handler]:
    def search(request: ServedRequest) -> Reply:
        name = {"0": "search-0.html", "1": "search-1.html"}.get(
            request.arg("p"), "search-empty.html"
        )
        return page(fixture(f"jobvite/{name}"))

    for job in ("oAbC1fwA", "oAbC2fwB"):
        server.add(f"{base}/pinelakeclinics/job/{job}", page(fixture(f"jobvite/job-{job}.html")))
    server.add(f"{base}/pinelakeclinics/job/oAbC3fwC", BUSY)
    return {"kind": "jobvite", "url": server.url(f"{base}/pinelakeclinics")}, search


PAYLOCITY_BOARD = "/recruiting/jobs/All/5f0d2c1e-7a3b-4c9d-8e1f-2a3b4c5d6e7f"


def paylocity(server: LocalServer, base: str) -> tuple[dict, Handler]:
    for job in ("7101", "7102"):
        server.add(
            f"{base}/Recruiting/Jobs/Details/{job}", page(fixture(f"paylocity/details-{job}.html"))
        )
    server.add(f"{base}/Recruiting/Jobs/Details/7103", BUSY)
    entry = {
        "kind": "paylocity",
        "url": server.url(base + PAYLOCITY_BOARD),
        "params": {"company": "Treasure Valley Family Health"},
    }
    return entry, fixed(page(fixture("paylocity/board.html")))


def bamboohr(server: LocalServer, base: str) -> tuple[dict, Handler]:
    server.add(f"{base}/careers/32/detail", Reply(fixture("bamboohr/detail-32.json")))
    for job in ("31", "33"):
        server.add(f"{base}/careers/{job}/detail", BUSY)
    entry = {
        "kind": "bamboohr",
        "url": server.url(base),
        "params": {"company": "High Desert Clinic"},
    }
    return entry, fixed(Reply(fixture("bamboohr/list.json")))


def workable(server: LocalServer, base: str) -> tuple[dict, Handler]:
    jobs = f"{base}/api/v1/accounts/cascadebh/jobs"
    server.add(f"{jobs}/A1B2C3D4E5", Reply(fixture("workable/job-A1B2C3D4E5.json")))
    for job in ("F6G7H8I9J0", "K1L2M3N4O5"):
        server.add(f"{jobs}/{job}", BUSY)
    entry = {"kind": "workable", "url": server.url(f"{base}/api/v1/widget/accounts/cascadebh")}
    return entry, fixed(Reply(fixture("workable/account.json")))


def recruitee(server: LocalServer, base: str) -> tuple[dict, Handler]:
    return {"kind": "recruitee", "url": server.url(base)}, fixed(
        Reply(fixture("recruitee/offers.json"))
    )


def neogov(server: LocalServer, base: str) -> tuple[dict, Handler]:
    entry = {
        "kind": "neogov",
        "url": server.url(f"{base}/careers/marioncountyor"),
        "params": {"company": "Marion County"},
    }
    return entry, fixed(Reply(fixture("neogov/jobs-on-maps.json")))


def dayforce(server: LocalServer, base: str) -> tuple[dict, Handler]:
    server.add(f"{base}/api/auth/csrf", Reply(fixture("dayforce/csrf.json")))
    entry = {
        "kind": "dayforce",
        "url": server.url(f"{base}/en-US/mesahealth/CAREERS"),
        "params": {"company": "Mesa Health"},
    }
    return entry, fixed(Reply(fixture("dayforce/search.json")))


def remotive(server: LocalServer, base: str) -> tuple[dict, Handler]:
    entry = {
        "kind": "remotive",
        "url": server.url(f"{base}/api/remote-jobs"),
        "params": {"category": "medical"},
    }
    return entry, fixed(Reply(fixture("remotive/remote-jobs.json")))


BOARDS = {
    "oracle": KindBoard(
        "oracle", "/hcmRestApi/resources/latest/recruitingCEJobRequisitions", "GET", oracle
    ),
    "taleo-business": KindBoard(
        "taleo", "/acme01/ats/careers/v2/searchResults", "GET", taleo_business
    ),
    "taleo-enterprise": KindBoard(
        "taleo", "/careersection/rest/jobboard/searchjobs", "POST", taleo_enterprise
    ),
    "icims-portal": KindBoard("icims", "/jobs/search", "GET", icims_portal),
    "icims-jibe": KindBoard("icims", "/api/jobs", "GET", icims_jibe),
    "ukg": KindBoard("ukg", f"{UKG_BOARD}/JobBoardView/LoadSearchResults", "POST", ukg),
    "successfactors": KindBoard("successfactors", "/search/", "GET", successfactors),
    "phenom": KindBoard("phenom", "/us/en/search-results", "GET", phenom),
    "jobvite": KindBoard("jobvite", "/pinelakeclinics/search", "GET", jobvite),
    "paylocity": KindBoard("paylocity", PAYLOCITY_BOARD, "GET", paylocity),
    "bamboohr": KindBoard("bamboohr", "/careers/list", "GET", bamboohr),
    "workable": KindBoard("workable", "/api/v1/widget/accounts/cascadebh", "GET", workable),
    "recruitee": KindBoard("recruitee", "/api/offers/", "GET", recruitee),
    "neogov": KindBoard("neogov", "/careers/home/loadJobsOnMaps", "GET", neogov),
    "dayforce": KindBoard("dayforce", "/api/geo/mesahealth/jobposting/search", "POST", dayforce),
    "remotive": KindBoard("remotive", "/api/remote-jobs", "GET", remotive),
}


def serve_board(server: LocalServer, variant: str, base: str) -> dict:
    """Serve BOARDS[variant] at `base`, healthy; its sources-file entry."""
    board = BOARDS[variant]
    entry, handler = board.serve(server, base)
    server.route(base + board.list_path, handler, method=board.method)
    return entry


# -- faults ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fault:
    """What a list request meets instead of its answer (`replies(healthy)`, in turn, the last
    repeating), whether the run survives it, and what the run must record if not."""

    replies: Callable[[Reply, float], list[Reply]]
    survivable: bool
    reason: str | None = None  # a regex on the recorded reason


def _cut(reply: Reply) -> Reply:
    body, content_type = reply.payload()
    return Reply(
        body, headers={"Content-Type": content_type, **reply.headers}, truncate=len(body) // 2
    )


FAULTS = {
    "retry-5xx": Fault(lambda ok, _t: [Reply("upstream unavailable", status=503), ok], True),
    "retry-429": Fault(
        lambda ok, _t: [Reply("slow down", status=429, headers={"Retry-After": "1"}), ok], True
    ),
    "timeout": Fault(
        lambda ok, timeout: [replace(ok, delay=timeout + 2)], False, r"^timed out after"
    ),
    "reset": Fault(lambda _ok, _t: [Reply(reset=True)], False, r"^connection reset or closed"),
    "truncated": Fault(lambda ok, _t: [_cut(ok)], False, r"^response cut short|invalid JSON"),
    "html-200": Fault(
        lambda _ok, _t: [Reply(ERROR_PAGE)],
        False,
        r"^HTTP 200 but (an HTML page instead of JSON|not an? )",
    ),
}


def put_fault(
    server: LocalServer, variant: str, base: str, fault: str, *, timeout: float
) -> list[float]:
    """Replace the board's list request at `base` with the fault's replies (the healthy
    answer where the fault passes); the arrival times of those requests."""
    board = BOARDS[variant]
    healthy = board.serve(server, base)[1]
    arrivals: list[float] = []

    def answer(request: ServedRequest) -> Reply:
        arrivals.append(time.monotonic())
        replies = FAULTS[fault].replies(healthy(request), timeout)
        return replies[min(len(arrivals) - 1, len(replies) - 1)]

    server.route(base + board.list_path, answer, method=board.method)
    return arrivals
