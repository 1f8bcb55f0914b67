"""Greenhouse-style job boards served on 127.0.0.1, and sources files pointing at them."""

import json
from pathlib import Path

from demo.server import LocalServer, Reply

TITLES = (
    "Medical Records Specialist",
    "Medical Coder II",
    "Health Information Technician",
    "Release of Information Specialist",
    "Cancer Registrar",
    "HIM Coding Auditor",
)


def board_jobs(count: int, *, prefix: str = "job") -> dict:
    """A Greenhouse board answer with `count` health-information postings."""
    return {
        "jobs": [
            {
                "id": f"{prefix}-{number}",
                "title": TITLES[number % len(TITLES)],
                "absolute_url": f"https://example.org/jobs/{prefix}-{number}",
                "location": {"name": "Tampa, FL"},
                "content": "&lt;p&gt;Code inpatient charts; RHIT preferred.&lt;/p&gt;",
                "updated_at": "2026-11-01T12:00:00-05:00",
            }
            for number in range(count)
        ]
    }


def serve_board(
    server: LocalServer, token: str, *, jobs: int = 3, delay: float = 0.0, status: int = 200
) -> str:
    """Serve a board at /v1/boards/{token}; returns its source `url`."""
    base = f"/v1/boards/{token}"
    server.add(f"{base}/jobs", Reply(board_jobs(jobs, prefix=token), status=status, delay=delay))
    server.add("/robots.txt", Reply("User-agent: *\nAllow: /\n", status=200))
    return server.url(base)


def source_entry(name: str, url: str, **extra) -> dict:
    return {"name": name, "kind": "greenhouse", "url": url, **extra}


def write_sources(path: Path, entries: list[dict]) -> Path:
    """A sources file (TOML) with these entries."""
    lines = []
    for entry in entries:
        lines.append("[[source]]")
        for key, value in entry.items():
            lines.append(f"{key} = {json.dumps(value)}")
        lines.append("")
    path.write_text("\n".join(lines), encoding="utf-8")
    return path
