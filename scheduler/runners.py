"""Crawls in local processes, one per source, and the choice between them and Scrapyd.

The spider process records the run itself (StorePipeline) and keeps it alive
(spiders.extensions.RunHeartbeat); this side runs it under the source's lease
(scheduler.leased), marks a killed crawl interrupted and a timed-out one failed.
"""

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from sqlalchemy import Engine

from core.settings import child_environment
from core.vocabulary import RunTrigger
from scheduler.leased import (
    DEFAULT_TIMEOUT,
    STOPPING,
    CrawlOutcome,
    crawl_under_lease,
    record_failure,
    recorded_outcome,
)
from store.db import session_scope
from store.leases import interrupt_run
from store.sources import SourceConfig

logger = logging.getLogger(__name__)

# Crawl processes this process started, so a stopping scheduler can stop them too.
_children: set[subprocess.Popen] = set()
_children_lock = threading.Lock()


def crawl_command(source: SourceConfig, run_id: int) -> list[str]:
    return [
        sys.executable, "-m", "scrapy", "crawl", source.kind,
        "-a", f"source={source.model_dump_json()}",
        "-a", f"run_id={run_id}",
    ]  # fmt: skip


def crawl_env(db_url: str) -> dict[str, str]:
    # The settings module by name, so the crawl works from any working directory.
    return child_environment(
        SCRAPY_SETTINGS_MODULE="spiders.settings", HITBOARD_DATABASE_URL=db_url
    )


def run_local_crawl(
    source: SourceConfig,
    *,
    db_url: str,
    trigger: str = RunTrigger.MANUAL,
    timeout: float = DEFAULT_TIMEOUT,
    log_dir: Path | None = None,
    settings: dict[str, str] | None = None,
) -> CrawlOutcome:
    """Crawl one source in a subprocess; return the outcome its run recorded.

    Refused (status REFUSED, no run) while another crawl holds the source's lease.
    """

    def crawl(engine: Engine, run_id: int) -> CrawlOutcome:
        return _crawl_process(
            engine, source, run_id, db_url=db_url, timeout=timeout, log_dir=log_dir,
            settings=settings,
        )  # fmt: skip

    return crawl_under_lease(source, db_url=db_url, trigger=trigger, crawl=crawl)


def _crawl_process(
    engine: Engine,
    source: SourceConfig,
    run_id: int,
    *,
    db_url: str,
    timeout: float,
    log_dir: Path | None,
    settings: dict[str, str] | None,
) -> CrawlOutcome:
    command = crawl_command(source, run_id)
    for key, value in (settings or {}).items():
        command += ["-s", f"{key}={value}"]
    log_path = log_dir / f"run-{run_id}-{source.name}.log" if log_dir else None
    if log_dir:
        log_dir.mkdir(parents=True, exist_ok=True)
    with open(log_path or os.devnull, "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, env=crawl_env(db_url), stdout=log, stderr=subprocess.STDOUT
        )
        with _children_lock:
            _children.add(process)
        try:
            code = process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
            return record_failure(
                engine, run_id, f"crawl timed out after {timeout:.0f} s and was stopped"
            )
        finally:
            with _children_lock:
                _children.discard(process)
    if code < 0:
        name = signal.Signals(-code).name if -code in signal.Signals._value2member_map_ else -code
        note = f"interrupted: the crawl process was killed ({name}); no posting was closed"
        with session_scope(engine) as session:
            interrupt_run(session=session, run_id=run_id, note=note)
        return recorded_outcome(engine, run_id)
    reason = f"crawl process exited with code {code}"
    if log_path:
        reason += f"; log: {log_path}" + _last_error_line(log_path)
    return recorded_outcome(engine, run_id, if_unfinished=reason)


def stop_all_crawls(grace: float = 30.0) -> None:
    """Ask every crawl this process started to stop (SIGTERM), killing laggards after `grace`.

    Scrapy finishes a crawl stopped this way as failed ("crawl ended early: shutdown");
    crawls dispatched to Scrapyd cancel their jobs.
    """
    STOPPING.set()
    with _children_lock:
        children = list(_children)
    for child in children:
        if child.poll() is None:
            child.terminate()
    deadline = time.monotonic() + grace
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            child.kill()


def run_crawl(
    source: SourceConfig,
    *,
    db_url: str,
    trigger: str = RunTrigger.MANUAL,
    timeout: float = DEFAULT_TIMEOUT,
    log_dir: Path | None = None,
    settings: dict[str, str] | None = None,
) -> CrawlOutcome:
    """Crawl through Scrapyd when HITBOARD_SCRAPYD_URL names nodes, else locally."""
    # Imported here so that a local crawl never loads the HTTP client Scrapyd needs.
    from scheduler.scrapyd import run_scrapyd_crawl, scrapyd_nodes

    nodes = scrapyd_nodes()
    if nodes:
        return run_scrapyd_crawl(
            source, db_url=db_url, nodes=nodes, trigger=trigger, timeout=timeout,
            settings=settings,
        )  # fmt: skip
    return run_local_crawl(
        source, db_url=db_url, trigger=trigger, timeout=timeout, log_dir=log_dir,
        settings=settings,
    )  # fmt: skip


def _last_error_line(log_path: Path) -> str:
    lines = [line for line in log_path.read_text(errors="replace").splitlines() if line.strip()]
    errors = [line for line in lines if "Error" in line or "ERROR" in line]
    last = (errors or lines or [""])[-1].strip()
    return f"; {last[:300]}" if last else ""
