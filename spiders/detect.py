"""Which career system an employer's careers page embeds or links to, as sources entries.

`detect(page_html, page_url)` reads every address the page names (links, frames, scripts,
forms, data attributes, addresses inside scripts) and the markers some systems leave on
pages they serve themselves (Phenom's `phApp`, SuccessFactors' `jobTitle-link` rows, iCIMS
Jibe's bundle, schema.org JobPosting JSON-LD), and returns one Detection per board found:
the system, the source kind, the `url` its spider needs (derived from the embed: tenant,
site, board token…), a suggested name, and the evidence. `read_page` gets a page from a
URL (with our User-Agent, obeying robots.txt) or a saved file. Nothing here crawls.
"""

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit
from urllib.robotparser import RobotFileParser

import requests
from parsel import Selector

from spiders.sources.jsonld import find_job_postings, jsonld_blocks
from store.sources import SourceConfig

# Attributes that carry addresses in the way employers embed boards.
URL_ATTRIBUTES = ("href", "src", "data-src", "action", "data-url", "data-href", "data-board-url")
ADDRESS_IN_TEXT = re.compile(r"""https?://[^\s"'<>()\\]+""")
# Kinds whose answers do not name the employer: the entry names it (the page's og:site_name).
COMPANY_KINDS = {
    "workday", "oracle", "taleo", "icims", "ukg", "successfactors", "phenom", "paylocity",
    "bamboohr", "neogov", "dayforce",
}  # fmt: skip


class PageError(Exception):
    """The page could not be read (no such file, a failed fetch, robots.txt forbids it)."""


@dataclass(frozen=True)
class Detection:
    system: str
    kind: str
    url: str | None  # None for the jsonld kind, whose pages go in `urls`
    name: str
    evidence: str
    urls: tuple[str, ...] = ()
    company: str | None = None

    def entry(self) -> str:
        """A `[[source]]` entry for the sources file (checked against its model)."""
        config = {"name": self.name, "kind": self.kind, "keep": "relevant"}
        config |= {"urls": list(self.urls)} if self.urls else {"url": self.url}
        if self.company and self.kind in COMPANY_KINDS:
            config["params"] = {"company": self.company}
        SourceConfig.model_validate(config)
        lines = ["[[source]]", f"# {self.system}: {self.evidence}"]
        lines += [f"name = {_toml(config['name'])}", f"kind = {_toml(self.kind)}"]
        if self.urls:
            lines.append("urls = [" + ", ".join(_toml(url) for url in self.urls) + "]")
        else:
            lines.append(f"url = {_toml(self.url)}")
        if "params" in config:
            lines.append(f"params = {{ company = {_toml(self.company)} }}")
        lines.append('keep = "relevant"')
        return "\n".join(lines)


def _toml(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def slug(text: str) -> str:
    """A source name from a token or host: "Duke_Health" → "duke-health"."""
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60] or "careers"


# -- boards named by an address --------------------------------------------------------------


@dataclass(frozen=True)
class Embed:
    system: str
    kind: str
    pattern: re.Pattern[str]
    source_url: Callable[[re.Match[str], str], str | None]  # (match, the address) → `url`
    name: Callable[[re.Match[str], str], str]  # (match, the source url) → a name


def _embed(system, kind, pattern, source_url, name) -> Embed:
    return Embed(system, kind, re.compile(pattern, re.IGNORECASE), source_url, name)


def _taleo_business(match: re.Match[str], address: str) -> str | None:
    query = parse_qs(urlsplit(address).query)
    org, cws = query.get("org", [None])[0], query.get("cws", [None])[0]
    if not (org and cws):
        return None
    return (
        f"https://{match['host']}/{match['code']}/ats/careers/v2/searchResults?org={org}&cws={cws}"
    )


def _greenhouse_token(match: re.Match[str], address: str) -> str | None:
    """The board of `boards.greenhouse.io/{token}` or `…/embed/job_board?for={token}`."""
    token = parse_qs(urlsplit(address).query).get("for", [None])[0] or match["token"]
    if not token or token.lower() in ("embed", "v1"):
        return None
    return f"https://boards-api.greenhouse.io/v1/boards/{token}"


def _workday(m: re.Match[str], _address: str) -> str:
    host = f"https://{m['tenant']}.{m['wd']}.myworkdayjobs.com"
    return f"{host}/wday/cxs/{m['tenant']}/{m['site']}"


def _greenhouse(m: re.Match[str], address: str) -> str | None:
    if m["api"]:
        return f"https://boards-api.greenhouse.io/v1/boards/{m['api']}"
    return _greenhouse_token(m, address)


def _ukg(m: re.Match[str], _address: str) -> str:
    return f"https://{m['host']}/{m['code']}/JobBoard/{m['board']}"


def _dayforce(m: re.Match[str], _address: str) -> str:
    return f"https://jobs.dayforcehcm.com/{m['culture']}/{m['client']}/{m['board']}"


def _oracle(m: re.Match[str], _address: str) -> str:
    return f"https://{m['host']}/hcmUI/CandidateExperience/{m['lang']}/sites/{m['site']}"


def _first_label(host: str) -> str:
    return re.sub(r"^(careers|jobs|uscareers)-", "", host.split(".")[0])


def _group(name: str) -> Callable[[re.Match[str], str], str]:
    return lambda m, _url: m[name]


def _either(first: str, second: str) -> Callable[[re.Match[str], str], str]:
    return lambda m, _url: m[first] or m[second]


EMBEDS = (
    _embed(
        "Workday",
        "workday",
        r"^https?://(?P<tenant>[\w-]+)\.(?P<wd>wd\d+)\.myworkdayjobs\.com/"
        r"(?:wday/cxs/[\w-]+/|(?:[a-z]{2}-[a-z]{2}/)?)(?P<site>(?!wday\b)[\w-]+)",
        _workday,
        _group("tenant"),
    ),
    _embed(
        "Greenhouse",
        "greenhouse",
        r"^https?://(?:boards|job-boards)(?:\.eu)?\.greenhouse\.io/"
        r"(?:embed/job_board(?:/js)?/?)?(?P<token>[\w-]+)?"
        r"|^https?://boards-api\.greenhouse\.io/v1/boards/(?P<api>[\w-]+)",
        _greenhouse,
        lambda _m, url: url.rsplit("/", 1)[-1],
    ),
    _embed(
        "Lever",
        "lever",
        r"^https?://(?:jobs|api)\.lever\.co/(?:v0/postings/)?(?P<site>[\w.-]+)",
        lambda m, _a: f"https://api.lever.co/v0/postings/{m['site']}",
        _group("site"),
    ),
    _embed(
        "Ashby",
        "ashby",
        r"^https?://(?:jobs\.ashbyhq\.com|api\.ashbyhq\.com/posting-api/job-board)/"
        r"(?P<board>[\w.-]+)",
        lambda m, _a: f"https://api.ashbyhq.com/posting-api/job-board/{m['board']}",
        _group("board"),
    ),
    _embed(
        "SmartRecruiters",
        "smartrecruiters",
        r"^https?://(?:jobs|careers)\.smartrecruiters\.com/(?P<company>[\w-]+)"
        r"|^https?://api\.smartrecruiters\.com/v1/companies/(?P<api>[\w-]+)",
        lambda m, _a: (
            f"https://api.smartrecruiters.com/v1/companies/{m['company'] or m['api']}/postings"
        ),
        _either("company", "api"),
    ),
    _embed(
        "Oracle Recruiting Cloud",
        "oracle",
        r"^https?://(?P<host>[\w.-]+\.oraclecloud\.com)/hcmUI/CandidateExperience/"
        r"(?P<lang>[\w-]+)/sites/(?P<site>[\w-]+)",
        _oracle,
        lambda m, _url: f"{m['host'].split('.')[0]}-{m['site']}",
    ),
    _embed(
        "Taleo Business Edition",
        "taleo",
        r"^https?://(?P<host>[\w-]+\.tbe\.taleo\.net)/(?P<code>[\w-]+)/ats/careers/",
        _taleo_business,
        _group("code"),
    ),
    _embed(
        "Taleo",
        "taleo",
        r"^https?://(?P<host>[\w-]+\.taleo\.net)/careersection/(?P<section>(?!rest\b)[\w-]+)",
        lambda m, _a: f"https://{m['host']}/careersection/{m['section']}",
        lambda m, _url: m["host"].split(".")[0],
    ),
    _embed(
        "iCIMS",
        "icims",
        r"^https?://(?P<host>(?!www\.|api\.|developer\.)[\w-]+\.icims\.com)(?:/|$)",
        lambda m, _a: f"https://{m['host']}/jobs",
        lambda m, _url: _first_label(m["host"]),
    ),
    _embed(
        "UKG Pro Recruiting",
        "ukg",
        r"^https?://(?P<host>recruiting2?\.ultipro\.com|[\w-]+\.rec\.pro\.ukg\.net)/"
        r"(?P<code>[A-Z0-9]+)/JobBoard/(?P<board>[0-9a-f-]{36})",
        _ukg,
        _group("code"),
    ),
    _embed(
        "Jobvite",
        "jobvite",
        r"^https?://jobs\.jobvite\.com/(?:careers/)?(?P<tenant>(?!__)[\w-]+)",
        lambda m, _a: f"https://jobs.jobvite.com/{m['tenant']}",
        _group("tenant"),
    ),
    _embed(
        "Paylocity",
        "paylocity",
        r"^https?://recruiting\.paylocity\.com/recruiting/jobs/All/(?P<guid>[0-9a-f-]{36})",
        lambda m, _a: f"https://recruiting.paylocity.com/recruiting/jobs/All/{m['guid']}",
        lambda m, _url: "paylocity-" + m["guid"][:8],
    ),
    _embed(
        "BambooHR",
        "bamboohr",
        r"^https?://(?P<sub>(?!www\b)[\w-]+)\.bamboohr\.com/(?:careers|jobs|js/embed)",
        lambda m, _a: f"https://{m['sub']}.bamboohr.com",
        _group("sub"),
    ),
    _embed(
        "Workable",
        "workable",
        r"^https?://apply\.workable\.com/(?:api/v\d/(?:widget/)?accounts/)?"
        r"(?P<account>(?!j\b|api\b)[\w-]+)"
        r"|^https?://(?P<sub>(?!apply\b|www\b)[\w-]+)\.workable\.com",
        lambda m, _a: (
            f"https://apply.workable.com/api/v1/widget/accounts/{m['account'] or m['sub']}"
        ),
        _either("account", "sub"),
    ),
    _embed(
        "Recruitee",
        "recruitee",
        r"^https?://(?P<slug>(?!www\b|app\b|api\b)[\w-]+)\.recruitee\.com",
        lambda m, _a: f"https://{m['slug']}.recruitee.com",
        _group("slug"),
    ),
    _embed(
        "NEOGOV",
        "neogov",
        r"^https?://(?:www\.)?governmentjobs\.com/careers/(?P<agency>(?!home\b)[\w-]+)",
        lambda m, _a: f"https://www.governmentjobs.com/careers/{m['agency']}",
        _group("agency"),
    ),
    _embed(
        "Dayforce",
        "dayforce",
        r"^https?://jobs\.dayforcehcm\.com/(?P<culture>[a-z]{2}-[a-z]{2})/"
        r"(?P<client>[\w-]+)/(?P<board>[\w-]+)",
        _dayforce,
        _group("client"),
    ),
)


# -- systems that serve the employer's own pages: known by their marks -----------------------

PHENOM_MARKS = re.compile(
    r"phApp\.(?:ddo|widgetApiEndpoint)|cdn\.phenompeople\.com|phenompeople", re.I
)
SUCCESSFACTORS_MARKS = re.compile(
    r"rmkcdn\.successfactors\.com|class=[\"'][^\"']*jobTitle-link", re.I
)
JIBE_MARKS = re.compile(r"jibecdn\.com|data-jibe|jibeapply", re.I)


def detect(page_html: str, page_url: str | None = None) -> list[Detection]:
    """Every career system the page embeds, links to or is served by; none found: []."""
    page = Selector(text=page_html or "<html></html>")
    page_url = page_url or _canonical(page) or None
    company = _site_name(page)
    found: dict[tuple[str, str], Detection] = {}
    for address, where in _addresses(page, page_url):
        for embed in EMBEDS:
            match = embed.pattern.search(address)
            url = embed.source_url(match, address) if match else None
            if url and (embed.kind, url) not in found:
                evidence = f"{where} {address}"
                found[(embed.kind, url)] = Detection(
                    embed.system,
                    embed.kind,
                    url,
                    slug(embed.name(match, url)),
                    evidence[:200],
                    company=company,
                )
                break
    for detection in _served_here(page_html, page_url, company):
        found.setdefault((detection.kind, detection.url or ""), detection)
    return list(found.values())


def _addresses(page: Selector, page_url: str | None) -> Iterator[tuple[str, str]]:
    """(absolute address, where on the page) for each address the page names."""
    if page_url:
        yield page_url, "the page itself:"
    for attribute in URL_ATTRIBUTES:
        for node in page.xpath(f"//*[@{attribute}]"):
            value = node.attrib[attribute].strip()
            address = urljoin(page_url, value) if page_url else value
            if address.startswith(("http://", "https://")):
                yield address, f"<{node.root.tag} {attribute}>"
    for script in page.xpath("//script[not(@src)]/text()").getall():
        for address in ADDRESS_IN_TEXT.findall(script):
            yield address.rstrip(".,;"), "a script names"


def _served_here(page_html: str, page_url: str | None, company: str | None) -> Iterator[Detection]:
    """Systems that draw the employer's own pages, known by what they leave on them."""
    origin = _origin(page_url)
    name = slug(_host_name(page_url)) if page_url else "careers"
    if origin and PHENOM_MARKS.search(page_html):
        yield Detection(
            "Phenom",
            "phenom",
            origin,
            name,
            "Phenom page data (phApp) on the page",
            company=company,
        )
    if origin and SUCCESSFACTORS_MARKS.search(page_html):
        site = page_url.split("/search", 1)[0].rstrip("/") if "/search" in page_url else origin
        yield Detection(
            "SuccessFactors",
            "successfactors",
            site,
            name,
            "SuccessFactors job rows or assets",
            company=company,
        )
    if origin and JIBE_MARKS.search(page_html):
        yield Detection(
            "iCIMS Jibe",
            "icims",
            f"{origin}/api/jobs",
            name,
            "the Jibe job-board bundle",
            company=company,
        )
    blocks, _problems = jsonld_blocks(page_html)
    if page_url and find_job_postings(blocks):
        evidence = "a JobPosting in the page's JSON-LD"
        yield Detection(
            "schema.org JobPosting pages", "jsonld", None, name, evidence, (page_url,), company
        )


def _origin(url: str | None) -> str | None:
    split = urlsplit(url or "")
    return (
        f"{split.scheme}://{split.netloc}"
        if split.scheme in ("http", "https") and split.netloc
        else None
    )


def _host_name(url: str) -> str:
    """The telling part of a host: careers.dukehealth.org → "dukehealth"."""
    labels = [
        label
        for label in (urlsplit(url).hostname or "").split(".")
        if label not in ("www", "careers", "jobs")
    ]
    return labels[0] if labels else "careers"


def _canonical(page: Selector) -> str | None:
    return page.xpath("//link[@rel='canonical']/@href | //meta[@property='og:url']/@content").get()


def _site_name(page: Selector) -> str | None:
    name = page.xpath("//meta[@property='og:site_name']/@content").get()
    return name.strip() if name and name.strip() else None


# -- reading the page ---------------------------------------------------------------------


def read_page(where: str, *, user_agent: str, timeout: float = 20) -> tuple[str, str | None]:
    """(HTML, its address) of a saved file or of a URL fetched politely; PageError if not."""
    if not where.startswith(("http://", "https://")):
        path = Path(where)
        if not path.is_file():
            raise PageError(f"{where}: no such file (give a saved HTML page or an http(s) URL)")
        return path.read_text(encoding="utf-8", errors="replace"), None
    headers = {"User-Agent": user_agent}
    robots = RobotFileParser()
    try:
        answer = requests.get(urljoin(where, "/robots.txt"), headers=headers, timeout=timeout)
        robots.parse(answer.text.splitlines() if answer.status_code == 200 else [])
        if not robots.can_fetch(user_agent, where):
            raise PageError(f"{where}: the site's robots.txt does not allow fetching this page")
        page = requests.get(where, headers=headers, timeout=timeout)
    except requests.RequestException as exc:
        raise PageError(f"{where}: could not fetch the page ({exc})") from None
    if page.status_code >= 400:
        raise PageError(f"{where}: HTTP {page.status_code}")
    return page.text, page.url
