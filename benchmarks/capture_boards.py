"""Real captures (HITBOARD_CONFORMANCE_DIR) served from a LocalServer as their systems answer.

`serve_capture(server, capture, slot)` mounts one capture file under the path `/{slot}`, at
the requests its kind's spider makes, and returns the sources-file entry (without a name)
that crawls it. A capture is a list page, or one posting's detail; `details` gives, by the
posting's own id, captured details of postings in the list. Each system is answered in its
own way:

- where the spider asks for a detail, the captured one is served at that request and every
  other detail answers 503 (not captured): the crawl keeps the list entry, as a real crawl
  does when a detail fails;
- where the list carries whole postings (Greenhouse, Lever, Ashby), a captured posting
  stands in for its row: the board's full answer would carry it whole;
- a detail alone is reached through a list of that one posting (Workday's similar jobs
  with it: the board lists them too).

Routes ignore the query, so a capture that is one page of a longer board answers every
page: a crawl stops at the repeat. Used by the real-text benchmark (benchmarks/real_text.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

from demo.server import LocalServer, Reply, ServedRequest

NOT_CAPTURED = Reply("not captured", status=503)
HTML = {"Content-Type": "text/html; charset=utf-8"}
XML = {"Content-Type": "application/xml; charset=utf-8"}
# The folder a capture sits in names its kind, except these.
FOLDER_KINDS = {"feeds": "feed"}


@dataclass(frozen=True)
class Capture:
    kind: str
    path: Path
    details: dict[str, Path] = field(default_factory=dict)  # posting id → its captured detail


def kind_of(relative: str) -> str:
    """The kind of a capture from its path under the captures folder ("feeds/x.xml": feed)."""
    folder = relative.split("/", 1)[0]
    return FOLDER_KINDS.get(folder, folder)


def serve_capture(server: LocalServer, capture: Capture, slot: str) -> dict:
    """Mount `capture` under `/{slot}`; the sources-file entry (without a name) that reads it."""
    return SERVE[capture.kind](server, capture, f"/{slot}")


# -- reading captures ------------------------------------------------------------------


def _json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _page(path: Path) -> Reply:
    return Reply(path.read_bytes(), headers=HTML)


def _detail(capture: Capture, *ids: object) -> Path | None:
    """The captured detail of the posting known by any of `ids`."""
    return next((capture.details[str(i)] for i in ids if str(i) in capture.details), None)


def _hrefs(html: str, css_class: str) -> list[str]:
    """The href of every <a> of a class, in page order (attributes in either order)."""
    found = []
    for tag in re.findall(r"<a\b[^>]*>", html):
        if re.search(rf'class="[^"]*\b{re.escape(css_class)}\b', tag):
            href = re.search(r'href="([^"]*)"', tag)
            if href:
                found.append(href[1].replace("&amp;", "&"))
    return found


def _script_object(html: str, marker: str) -> dict:
    """The JSON object a page's script assigns after `marker` (`phApp.ddo = {…}`)."""
    start = re.search(re.escape(marker) + r"\s*=\s*", html)
    if not start:
        return {}
    value, _ = json.JSONDecoder().raw_decode(html, start.end())
    return value if isinstance(value, dict) else {}


def _same_posting(data: Any, id_key: str, posting_id: str) -> dict | None:
    """The posting `posting_id` in a captured answer: the answer itself or one of its jobs."""
    candidates = [data] + (data.get("jobs") or [] if isinstance(data, dict) else [])
    return next(
        (one for one in candidates if isinstance(one, dict) and str(one.get(id_key)) == posting_id),
        None,
    )


def _whole_rows(rows: list, capture: Capture, id_key: str) -> list:
    """A list whose rows carry whole postings, each captured posting in its row's place."""
    whole = []
    for row in rows:
        posting_id = str(row.get(id_key)) if isinstance(row, dict) else None
        path = capture.details.get(posting_id) if posting_id else None
        whole.append((path and _same_posting(_json(path), id_key, posting_id)) or row)
    return whole


# -- the kinds whose list answer holds whole postings ------------------------------------


def _greenhouse(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    if not (isinstance(data, dict) and "jobs" in data):  # one job's answer: a board of it
        data = {"jobs": [data]}
    board = f"{base}/v1/boards/captured"
    server.add(f"{board}/jobs", {**data, "jobs": _whole_rows(data["jobs"], capture, "id")})
    return {"url": server.url(board)}


def _lever(server: LocalServer, capture: Capture, base: str) -> dict:
    route = f"{base}/v0/postings/captured"
    server.add(route, _whole_rows(_json(capture.path), capture, "id"))
    return {"url": server.url(route)}


def _ashby(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    route = f"{base}/posting-api/job-board/captured"
    server.add(route, {**data, "jobs": _whole_rows(data.get("jobs") or [], capture, "id")})
    return {"url": server.url(route)}


def _at(api_path: str) -> Callable[[LocalServer, Capture, str], dict]:
    """Kinds whose one list request answers the capture as it is."""

    def serve(server: LocalServer, capture: Capture, base: str) -> dict:
        server.add(f"{base}{api_path}", _json(capture.path))
        return {"url": server.url(f"{base}{api_path}")}

    return serve


def _adzuna(server: LocalServer, capture: Capture, base: str) -> dict:
    route = f"{base}/v1/api/jobs/us/search"
    server.add(f"{route}/1", _json(capture.path))
    return {"url": server.url(route)}


def _feed(server: LocalServer, capture: Capture, base: str) -> dict:
    server.add(f"{base}/feed.xml", Reply(capture.path.read_bytes(), headers=XML))
    return {"url": server.url(f"{base}/feed.xml")}


_JSONLD_SCRIPT = re.compile(r'<script type="application/ld\+json">.*?</script>', re.S)
_EXAMPLE_ID = re.compile(r"#(eg-\d+)")


def _jsonld(server: LocalServer, capture: Capture, base: str) -> dict:
    """A job page as it is; a text of examples (schema.org's) as one page per JSON-LD block,
    named by the example it belongs to (`…/eg-0028.html`)."""
    if capture.path.suffix.lower() in (".html", ".htm"):
        server.add(f"{base}/page.html", _page(capture.path))
        return {"urls": [server.url(f"{base}/page.html")]}
    text = _text(capture.path)
    urls = []
    for number, script in enumerate(_JSONLD_SCRIPT.finditer(text)):
        named = _EXAMPLE_ID.findall(text, 0, script.start())
        name = f"{named[-1]}-{number}" if named else f"block-{number}"
        page = f"<html><head>{script[0]}</head><body></body></html>"
        server.add(f"{base}/{name}.html", Reply(page, headers=HTML))
        urls.append(server.url(f"{base}/{name}.html"))
    return {"urls": urls}


# -- the kinds that ask for each posting's detail -------------------------------------------


def _smartrecruiters(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    route = f"{base}/v1/companies/captured/postings"
    if "content" not in data:  # one posting's detail: a list of that one posting leads to it
        capture = Capture(capture.kind, capture.path, {str(data.get("id")): capture.path})
        data = {"offset": 0, "limit": 100, "totalFound": 1, "content": [data]}
    server.add(route, data)
    for entry in data["content"]:
        detail = _detail(capture, entry.get("id"))
        server.add(f"{route}/{entry.get('id')}", _json(detail) if detail else NOT_CAPTURED)
    return {"url": server.url(route)}


def _workday(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    site = f"{base}/wday/cxs/captured/Careers"
    if "jobPostings" not in data:  # one posting's detail, with the similar jobs it lists
        info = data.get("jobPostingInfo") or {}
        entry = {
            "title": info.get("title"),
            "externalPath": "/job/captured",
            "locationsText": info.get("location"),
            "postedOn": info.get("postedOn"),
            "bulletFields": [info.get("jobReqId")],
        }
        capture = Capture(capture.kind, capture.path, {str(info.get("jobReqId")): capture.path})
        data = {"total": 1, "jobPostings": [entry, *(data.get("similarJobs") or [])]}
    server.add(f"{site}/jobs", data, method="POST")
    for entry in data["jobPostings"]:
        path = entry.get("externalPath") or ""
        detail = _detail(capture, *(entry.get("bulletFields") or []), *re.findall(r"\d+", path))
        server.add(f"{site}{path}", _json(detail) if detail else NOT_CAPTURED)
    return {"url": server.url(site)}


ORACLE_API = "/hcmRestApi/resources/latest"


def _oracle(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    first = (data.get("items") or [{}])[0]
    if "requisitionList" not in first:  # one requisition's detail: a list of that one
        row = {key: first.get(key) for key in ("Id", "Title", "PrimaryLocation")}
        capture = Capture(capture.kind, capture.path, {str(first.get("Id")): capture.path})
        data = {"items": [{"TotalJobsCount": 1, "requisitionList": [row]}]}
    server.add(f"{base}{ORACLE_API}/recruitingCEJobRequisitions", data)

    def detail(request: ServedRequest) -> Reply:
        found = re.search(r'Id="([^"]+)"', request.arg("finder") or "")
        path = _detail(capture, found[1]) if found else None
        return Reply(_json(path)) if path else NOT_CAPTURED

    server.route(f"{base}{ORACLE_API}/recruitingCEJobRequisitionDetails", detail)
    return {"url": server.url(f"{base}/hcmUI/CandidateExperience/en/sites/CX_1")}


def _taleo(server: LocalServer, capture: Capture, base: str) -> dict:
    """Taleo Business Edition: the HTML results page; each row's requisition by `rid`."""
    careers = f"{base}/ats/careers/v2"
    server.add(f"{careers}/searchResults", _page(capture.path))

    def requisition(request: ServedRequest) -> Reply:
        path = _detail(capture, request.arg("rid"))
        return _page(path) if path else NOT_CAPTURED

    server.route(f"{careers}/viewRequisition", requisition)
    links = _hrefs(_text(capture.path), "viewJobLink")
    query = parse_qs(urlsplit(links[0]).query) if links else {}
    org, cws = query.get("org", ["CAPTURED"])[0], query.get("cws", ["1"])[0]
    return {"url": server.url(f"{careers}/searchResults?org={org}&cws={cws}")}


def _icims(server: LocalServer, capture: Capture, base: str) -> dict:
    """An iCIMS portal's search page; each row's page at its own path on this server."""
    html = _text(capture.path)
    server.add(f"{base}/jobs/search", Reply(html, headers=HTML))
    for href in _hrefs(html, "iCIMS_Anchor"):
        path = urlsplit(href).path
        detail = _detail(capture, *re.findall(r"/jobs/(\d+)/", path))
        server.add(f"{base}{path}", _page(detail) if detail else NOT_CAPTURED)
    return {"url": server.url(f"{base}/jobs")}


UKG_BOARD = "/CAPTURED/JobBoard/00000000-0000-4000-8000-000000000000"


def _ukg(server: LocalServer, capture: Capture, base: str) -> dict:
    board = base + UKG_BOARD
    server.add(f"{board}/JobBoardView/LoadSearchResults", _json(capture.path), method="POST")

    def opportunity(request: ServedRequest) -> Reply:
        path = _detail(capture, request.arg("opportunityId"))
        return _page(path) if path else NOT_CAPTURED

    server.route(f"{board}/OpportunityDetail", opportunity)
    return {"url": server.url(board)}


def _successfactors(server: LocalServer, capture: Capture, base: str) -> dict:
    """A SuccessFactors search page; its links are site-relative (`/job/…/{id}/`), so each
    posting's page answers at the server's root."""
    html = _text(capture.path)
    server.add(f"{base}/search/", Reply(html, headers=HTML))
    for href in _hrefs(html, "jobTitle-link"):
        detail = _detail(capture, *re.findall(r"/(\d+)/?$", href))
        for path in {href, href.replace("%2C", ",")}:
            server.add(path, _page(detail) if detail else NOT_CAPTURED)
    return {"url": server.url(base)}


def _phenom(server: LocalServer, capture: Capture, base: str) -> dict:
    """A Phenom site: its root redirects to the locale, whose search page holds the rows."""
    locale = f"{base}/us/en"
    server.add(base, Reply("", status=302, headers={"Location": server.url(locale)}))
    server.add(locale, Reply("<html><body>careers</body></html>", headers=HTML))
    html = _text(capture.path)
    server.add(f"{locale}/search-results", Reply(html, headers=HTML))
    search = _script_object(html, "phApp.ddo").get("eagerLoadRefineSearch") or {}
    for job in (search.get("data") or {}).get("jobs") or []:
        detail = _detail(capture, job.get("jobId"), job.get("reqId"))
        server.add(f"{locale}/job/{job.get('jobId')}", _page(detail) if detail else NOT_CAPTURED)
    return {"url": server.url(base)}


def _jobvite(server: LocalServer, capture: Capture, base: str) -> dict:
    board = f"{base}/captured"
    html = _text(capture.path)
    server.add(f"{board}/search", Reply(html, headers=HTML))
    for href in _hrefs(html, "jv-job-list-name"):
        job = href.rstrip("/").rsplit("/", 1)[-1]
        detail = _detail(capture, job)
        server.add(f"{board}/job/{job}", _page(detail) if detail else NOT_CAPTURED)
    return {"url": server.url(board)}


PAYLOCITY_BOARD = "/recruiting/jobs/All/00000000-0000-4000-8000-000000000000"


def _paylocity(server: LocalServer, capture: Capture, base: str) -> dict:
    html = _text(capture.path)
    server.add(base + PAYLOCITY_BOARD, Reply(html, headers=HTML))
    for job in re.findall(r'"JobId"\s*:\s*"?(\d+)', html):
        detail = _detail(capture, job)
        reply = _page(detail) if detail else NOT_CAPTURED
        server.add(f"{base}/Recruiting/Jobs/Details/{job}", reply)
    return {"url": server.url(base + PAYLOCITY_BOARD)}


def _json_details(
    server: LocalServer, capture: Capture, jobs: list, id_key: str, route: Callable[[str], str]
) -> None:
    """Each listed job's JSON detail at `route(its id)`: the captured one, else 503."""
    for job in jobs:
        posting_id = str(job.get(id_key))
        detail = _detail(capture, posting_id)
        server.add(route(posting_id), Reply(_json(detail)) if detail else NOT_CAPTURED)


def _bamboohr(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    server.add(f"{base}/careers/list", data)
    jobs = data.get("result") or []
    _json_details(server, capture, jobs, "id", lambda job: f"{base}/careers/{job}/detail")
    return {"url": server.url(base)}


def _workable(server: LocalServer, capture: Capture, base: str) -> dict:
    data = _json(capture.path)
    widget = f"{base}/api/v1/widget/accounts/captured"
    server.add(widget, data)
    jobs_route = f"{base}/api/v1/accounts/captured/jobs"
    _json_details(server, capture, data.get("jobs") or [], "shortcode",
                  lambda job: f"{jobs_route}/{job}")  # fmt: skip
    return {"url": server.url(widget)}


def _recruitee(server: LocalServer, capture: Capture, base: str) -> dict:
    server.add(f"{base}/api/offers/", _json(capture.path))
    return {"url": server.url(base)}


def _neogov(server: LocalServer, capture: Capture, base: str) -> dict:
    server.add(f"{base}/careers/home/loadJobsOnMaps", _json(capture.path))
    return {"url": server.url(f"{base}/careers/captured")}


def _dayforce(server: LocalServer, capture: Capture, base: str) -> dict:
    server.add(f"{base}/api/auth/csrf", {"csrfToken": "captured-token"})
    search = f"{base}/api/geo/captured/jobposting/search"
    server.add(search, _json(capture.path), method="POST")
    return {"url": server.url(f"{base}/en-US/captured/CAREERS")}


# Every kind hitboard reads, each served as its system answers.
SERVE: dict[str, Callable[[LocalServer, Capture, str], dict]] = {
    "greenhouse": _greenhouse,
    "lever": _lever,
    "ashby": _ashby,
    "smartrecruiters": _smartrecruiters,
    "workday": _workday,
    "usajobs": _at("/api/search"),
    "adzuna": _adzuna,
    "themuse": _at("/api/public/jobs"),
    "feed": _feed,
    "jsonld": _jsonld,
    "oracle": _oracle,
    "taleo": _taleo,
    "icims": _icims,
    "ukg": _ukg,
    "successfactors": _successfactors,
    "phenom": _phenom,
    "jobvite": _jobvite,
    "paylocity": _paylocity,
    "bamboohr": _bamboohr,
    "workable": _workable,
    "recruitee": _recruitee,
    "neogov": _neogov,
    "dayforce": _dayforce,
    "remotive": _at("/api/remote-jobs"),
}
