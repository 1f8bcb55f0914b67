"""Scrapyd node credentials go in the Authorization header, never into messages or logs."""

import base64

import pytest

from demo.server import LocalServer, Reply
from scheduler import scrapyd


def test_credentials_are_sent_as_basic_auth_and_kept_out_of_errors() -> None:
    with LocalServer() as node:
        node.add("/daemonstatus.json", Reply({"status": "error"}, status=401))
        url = node.url().replace("http://", "http://hitboard:s3cret%21@")
        with pytest.raises(scrapyd.ScrapydError) as raised:
            scrapyd.pick_node([url])
        (request,) = node.requests
    assert "s3cret" not in str(raised.value)
    assert f"{node.url()}/daemonstatus.json" in str(raised.value)
    sent = request.headers["authorization"].removeprefix("Basic ")
    assert base64.b64decode(sent).decode() == "hitboard:s3cret!"


@pytest.mark.parametrize(
    ("node", "label"),
    [
        ("http://user:pw@node1:6800", "http://node1:6800"),
        ("https://user:pw@node1", "https://node1"),  # no port: still no password
        ("http://node2:6800", "http://node2:6800"),
    ],
)
def test_node_labels_carry_no_credentials(node: str, label: str) -> None:
    assert scrapyd._label(node) == label
