"""Crawls on Scrapyd nodes: dispatch through Scrapyd's HTTP API, record like a local crawl.

With HITBOARD_SCRAPYD_URL set (one or more node URLs, comma-separated; credentials as
`http://user:pass@host:6800`), the scheduler sends each crawl to the least busy node
(daemonstatus.json), schedules it (schedule.json: spider = kind, the source entry and the
run id as spider arguments, the database URL as a setting), and polls listjobs.json until
it ends. The source's lease and the run record work exactly as for a local crawl: this
side holds the lease and renews it while the job is queued or running, the crawl process
renews it too and records the run; a job that ends without finishing its run is failed.

The egg deployed to a node only registers the project and names its settings module: the
code itself comes from the project installed in the node's Python (zipped packages could
not read their migrations and data files).
"""

import io
import logging
import time
import zipfile
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit, urlunsplit

import requests
from sqlalchemy import Engine

from core.settings import get_settings, parse_nodes
from core.vocabulary import RunTrigger
from scheduler.leased import (
    DEFAULT_TIMEOUT,
    STOPPING,
    CrawlOutcome,
    crawl_under_lease,
    record_failure,
    recorded_outcome,
)
from store.db import describe_url, session_scope
from store.runs import set_run_host
from store.sources import SourceConfig

logger = logging.getLogger(__name__)

SETTINGS_MODULE = "spiders.settings"
HTTP_TIMEOUT = 15.0
POLL_SECONDS = 2.0
# A job a node no longer lists (it restarted) is given up after this many polls.
MISSING_POLLS = 5


class ScrapydError(Exception):
    """A node refused or could not be reached; the message names the node and the reason."""


def scrapyd_nodes(value: str | None = None) -> list[str]:
    """The node URLs of `value`, else of HITBOARD_SCRAPYD_URL, without trailing slashes."""
    return parse_nodes(value) if value is not None else get_settings().scrapyd_nodes


def project() -> str:
    """The name the nodes know hitboard by (HITBOARD_SCRAPYD_PROJECT)."""
    return get_settings().scrapyd_project


def _split_credentials(node: str) -> tuple[str, tuple[str, str] | None]:
    """The node URL without `user:pass@`, and those credentials for HTTP basic auth."""
    parts = urlsplit(node)
    if parts.username is None and parts.password is None:
        return node, None
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host  # an IPv6 address
    netloc = f"{host}:{parts.port}" if parts.port else host
    bare = urlunsplit(parts._replace(netloc=netloc))
    return bare, (unquote(parts.username or ""), unquote(parts.password or ""))


def _label(node: str) -> str:
    """The node without credentials, for messages, logs and the run record."""
    return _split_credentials(node)[0]


def _call(node: str, method: str, endpoint: str, **kwargs) -> dict:
    # Credentials go in a header, never in the URL: requests quotes the URL in its errors,
    # and those end up in logs and in run records that the Operations page shows.
    bare, auth = _split_credentials(node)
    url = f"{bare}/{endpoint}"
    try:
        response = requests.request(method, url, auth=auth, timeout=HTTP_TIMEOUT, **kwargs)
        response.raise_for_status()
        data = response.json()
    except (requests.RequestException, ValueError) as exc:
        raise ScrapydError(f"{url}: {exc}") from None
    if data.get("status") != "ok":
        raise ScrapydError(f"{url}: {data.get('message') or data}")
    return data


# -- deploying ----------------------------------------------------------------------------


def build_egg(version: str) -> bytes:
    """An egg that registers the project with Scrapyd and names its settings module."""
    name = project()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as egg:
        egg.writestr(
            "EGG-INFO/PKG-INFO",
            f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n",
        )
        egg.writestr("EGG-INFO/entry_points.txt", f"[scrapy]\nsettings = {SETTINGS_MODULE}\n")
        egg.writestr("EGG-INFO/top_level.txt", "")
        egg.writestr("EGG-INFO/zip-safe", "")
    return buffer.getvalue()


def deploy(nodes: list[str], *, version: str | None = None) -> dict[str, int]:
    """Add a version of the project to every node; returns the spiders each node found."""
    version = version or time.strftime("%Y%m%dT%H%M%S", time.gmtime())
    egg = build_egg(version)
    name = project()
    found = {}
    for node in nodes:
        data = _call(
            node,
            "POST",
            "addversion.json",
            data={"project": name, "version": version},
            files={"egg": (f"{name}-{version}.egg", egg)},
        )
        label = _label(node)
        found[label] = int(data.get("spiders", 0))
        logger.info("deployed %s %s to %s: %s spiders", name, version, label, found[label])
    return found


def ensure_deployed(node: str) -> None:
    projects = _call(node, "GET", "listprojects.json").get("projects", [])
    if project() not in projects:
        deploy([node])


# -- dispatching ----------------------------------------------------------------------------


def pick_node(nodes: list[str]) -> str:
    """The reachable node with the fewest running and pending jobs (first on ties)."""
    loads = []
    problems = []
    for order, node in enumerate(nodes):
        try:
            status = _call(node, "GET", "daemonstatus.json")
        except ScrapydError as exc:
            problems.append(str(exc))
            continue
        loads.append((int(status.get("running", 0)) + int(status.get("pending", 0)), order, node))
    if not loads:
        raise ScrapydError("no Scrapyd node answered: " + "; ".join(problems))
    return min(loads)[2]


@dataclass(frozen=True)
class ScrapydJob:
    node: str
    job_id: str


def schedule_job(
    node: str, source: SourceConfig, *, run_id: int, db_url: str, settings: dict[str, str]
) -> ScrapydJob:
    ensure_deployed(node)
    job_settings = dict(settings)
    if get_settings().scrapyd_send_db_url:
        job_settings["HITBOARD_DATABASE_URL"] = db_url
    data = _call(
        node,
        "POST",
        "schedule.json",
        data={
            "project": project(),
            "spider": source.kind,
            "source": source.model_dump_json(),
            "run_id": str(run_id),
            "setting": [f"{key}={value}" for key, value in job_settings.items()],
        },
    )
    return ScrapydJob(node=node, job_id=data["jobid"])


def job_state(job: ScrapydJob) -> str | None:
    """pending | running | finished, or None when the node does not list the job."""
    data = _call(job.node, "GET", "listjobs.json", params={"project": project()})
    for state in ("pending", "running", "finished"):
        if any(entry.get("id") == job.job_id for entry in data.get(state, [])):
            return state
    return None


def cancel_job(job: ScrapydJob) -> None:
    try:
        _call(job.node, "POST", "cancel.json", data={"project": project(), "job": job.job_id})
    except ScrapydError as exc:
        logger.error("could not cancel %s: %s", job.job_id, exc)


def run_scrapyd_crawl(
    source: SourceConfig,
    *,
    db_url: str,
    nodes: list[str],
    trigger: str = RunTrigger.SCHEDULE,
    timeout: float = DEFAULT_TIMEOUT,
    settings: dict[str, str] | None = None,
    poll_seconds: float = POLL_SECONDS,
) -> CrawlOutcome:
    """Crawl one source on the least busy Scrapyd node; the outcome its run recorded."""

    def crawl(engine: Engine, run_id: int) -> CrawlOutcome:
        return _dispatch(
            engine, source, db_url=db_url, run_id=run_id, nodes=nodes, timeout=timeout,
            settings=settings or {}, poll_seconds=poll_seconds,
        )  # fmt: skip

    return crawl_under_lease(source, db_url=db_url, trigger=trigger, crawl=crawl)


def _dispatch(
    engine: Engine,
    source: SourceConfig,
    *,
    db_url: str,
    run_id: int,
    nodes: list[str],
    timeout: float,
    settings: dict[str, str],
    poll_seconds: float,
) -> CrawlOutcome:
    try:
        node = pick_node(nodes)
        job = schedule_job(node, source, run_id=run_id, db_url=db_url, settings=settings)
    except ScrapydError as exc:
        return record_failure(engine, run_id, f"could not dispatch to Scrapyd: {exc}")
    where = f"scrapyd {_label(node)} job {job.job_id}"
    with session_scope(engine) as session:
        set_run_host(session=session, run_id=run_id, host=where)
    logger.info("run %s of %s dispatched to %s (database %s)", run_id, source.name, where,
                describe_url(db_url))  # fmt: skip

    deadline = time.monotonic() + timeout
    missing_polls = 0
    while True:
        try:
            state = job_state(job)
        except ScrapydError as exc:
            logger.warning("polling %s: %s", where, exc)
            state = "unknown"
        if state == "finished":
            break
        if state is None:
            missing_polls += 1
            if missing_polls >= MISSING_POLLS:
                return record_failure(engine, run_id, f"{where} is no longer listed by its node")
        if time.monotonic() >= deadline:
            cancel_job(job)
            return record_failure(
                engine, run_id, f"{where} timed out after {timeout:.0f} s; cancelled"
            )
        if STOPPING.wait(poll_seconds):
            cancel_job(job)
            return record_failure(engine, run_id, f"{where} cancelled: the scheduler stopped")
    log_url = f"{_label(node)}/logs/{project()}/{source.kind}/{job.job_id}.log"
    return recorded_outcome(
        engine, run_id, if_unfinished=f"{where} ended without finishing; log {log_url}"
    )
