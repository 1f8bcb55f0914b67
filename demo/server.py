"""A small HTTP server on 127.0.0.1 that answers from a route table.

The demo serves its synthetic sample with it, and the tests serve fixtures and
inject faults (status sequences, delays, resets, truncated bodies) with it.
"""

import json
import socket
import subprocess
import threading
import time
import urllib.request
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Reply:
    """What the server sends back for one request."""

    body: bytes | str | dict | list = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds to wait before answering (a slow or hung server)
    reset: bool = False  # drop the connection without an answer
    truncate: int | None = None  # send only this many bytes of the body

    def payload(self) -> tuple[bytes, str]:
        if isinstance(self.body, dict | list):
            return json.dumps(self.body).encode(), "application/json"
        if isinstance(self.body, str):
            return self.body.encode(), "text/html; charset=utf-8"
        return self.body, "application/octet-stream"


@dataclass(frozen=True)
class ServedRequest:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes

    def arg(self, name: str, default: str | None = None) -> str | None:
        return self.query.get(name, [default])[0]

    def json(self) -> Any:
        return json.loads(self.body or b"null")


Handler = Callable[[ServedRequest], Reply]


class LocalServer:
    """`with LocalServer() as server: server.add("/jobs", {...}); server.url("/jobs")`."""

    def __init__(self, port: int = 0):
        self._routes: dict[tuple[str, str], Handler] = {}
        self._lock = threading.Lock()
        self.requests: list[ServedRequest] = []
        self.hits: dict[str, int] = defaultdict(int)
        self._httpd = ThreadingHTTPServer(("127.0.0.1", port), self._handler_class())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    # -- routes ------------------------------------------------------------

    def route(self, path: str, handler: Handler, method: str = "GET") -> None:
        self._routes[(method.upper(), path)] = handler

    def add(self, path: str, reply: Reply | Any, method: str = "GET") -> None:
        """Always answer `path` with the same reply (a Reply or a body)."""
        fixed = reply if isinstance(reply, Reply) else Reply(reply)
        self.route(path, lambda _request: fixed, method)

    # -- lifecycle ---------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    def url(self, path: str = "") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def start(self) -> "LocalServer":
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> "LocalServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- serving -----------------------------------------------------------

    def _answer(self, request: ServedRequest) -> Reply:
        with self._lock:
            self.requests.append(request)
            self.hits[request.path] += 1
        handler = self._routes.get((request.method, request.path))
        if handler is None:
            return Reply(f"no route for {request.method} {request.path}", status=404)
        return handler(request)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def _serve(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                request = ServedRequest(
                    method=self.command,
                    path=parts.path,
                    query=parse_qs(parts.query),
                    headers={key.lower(): value for key, value in self.headers.items()},
                    body=self.rfile.read(length) if length else b"",
                )
                reply = server._answer(request)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.reset:
                    # SO_LINGER 0 makes close() send a TCP reset instead of a clean FIN.
                    self.connection.setsockopt(
                        socket.SOL_SOCKET, socket.SO_LINGER, b"\x01\x00\x00\x00\x00\x00\x00\x00"
                    )
                    # Close now: the server's own shutdown(SHUT_WR) would send a clean FIN first.
                    self.connection.close()
                    self.close_connection = True
                    return
                body, content_type = reply.payload()
                self.send_response(reply.status)
                headers = {"Content-Type": content_type, **reply.headers}
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if self.command != "HEAD":
                    self.wfile.write(body[: reply.truncate] if reply.truncate else body)
                if reply.truncate:
                    self.close_connection = True

            do_GET = do_POST = do_HEAD = _serve

            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

        return _Handler


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now (for a server started next)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_serving(
    url: str, process: subprocess.Popen, *, timeout: float, poll: float = 0.1
) -> None:
    """Wait until `url` answers 200, failing at once if `process` (its server) has exited."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server of {url} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:
                if reply.status == 200:
                    return
        except OSError:
            time.sleep(poll)
    raise TimeoutError(f"{url} did not answer within {timeout}s")
