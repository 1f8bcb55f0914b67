"""A fixed clock, the sample built for it, and that sample served on 127.0.0.1."""

import json
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest

from demo.sample import DemoSample, build_sample
from demo.server import LocalServer
from demo.site import DemoSite, mount_sample

NOW = datetime(2026, 3, 2, 15, 30, tzinfo=UTC)
SEED = 7


@pytest.fixture(scope="session")
def sample() -> DemoSample:
    return build_sample(seed=SEED, now=NOW)


@pytest.fixture(scope="module")
def site(sample: DemoSample) -> Iterator[DemoSite]:
    with LocalServer() as server:
        yield mount_sample(server, sample)


def get(url: str) -> tuple[int, str, str]:
    """(status, content type, body text) of a GET."""
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers["Content-Type"], response.read().decode()


def get_json(url: str):
    return json.loads(get(url)[2])


def post_json(url: str, payload: object):
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        return json.loads(response.read())
