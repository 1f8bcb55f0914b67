"""The operators' login: one admin password, kept only as a hash, with attempts rate-limited.

The password comes from the environment: HITBOARD_ADMIN_PASSWORD (hashed with scrypt the
first time it is needed; only the hash stays in memory) or, better, a ready hash in
HITBOARD_ADMIN_PASSWORD_HASH (`python -m dashboard.auth` prints one). Attempts are
compared in constant time; after MAX_FAILURES wrong ones a client is locked out for
LOCKOUT_SECONDS, counted on the server (per client address, else per browser session),
and a flood from many clients locks the form for everyone for a while.
Job seekers' pages never call this.
"""

import hashlib
import hmac
import secrets
import threading
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field

from core.settings import Settings, get_settings

PASSWORD_ENV = "HITBOARD_ADMIN_PASSWORD"
HASH_ENV = "HITBOARD_ADMIN_PASSWORD_HASH"
MAX_FAILURES = 5
LOCKOUT_SECONDS = 60.0
GLOBAL_MAX_FAILURES = 50  # per LOCKOUT_SECONDS, from all clients together
SESSION_FLAG = "ops_authenticated"
# scrypt cost: 2**14 with r=8 takes ~50 ms and 16 MiB, fine for one login at a time.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1


def hash_password(password: str, *, salt: bytes | None = None) -> str:
    """`scrypt$N$r$p$salt$hash` (hex), the form HITBOARD_ADMIN_PASSWORD_HASH takes."""
    salt = salt if salt is not None else secrets.token_bytes(16)
    digest = hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=SCRYPT_N, r=SCRYPT_R, p=SCRYPT_P, dklen=32
    )
    return f"scrypt${SCRYPT_N}${SCRYPT_R}${SCRYPT_P}${salt.hex()}${digest.hex()}"


def verify_password(password: str, encoded: str) -> bool:
    """True when `password` hashes to `encoded`; compared in constant time."""
    try:
        scheme, n, r, p, salt, expected = encoded.strip().split("$")
        if scheme != "scrypt":
            return False
        digest = hashlib.scrypt(
            password.encode("utf-8"),
            salt=bytes.fromhex(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            dklen=len(bytes.fromhex(expected)),
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


class _ConfiguredHash:
    """The admin password's hash, computed once per password the environment holds."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key = secrets.token_bytes(32)  # keys the fingerprint that notices a change
        self._fingerprint: str | None = None
        self._hash: str | None = None

    def get(self, settings: Settings) -> str | None:
        ready = _secret(settings.admin_password_hash).strip()
        if ready:
            return ready
        password = _secret(settings.admin_password)
        if not password:
            return None
        fingerprint = hmac.new(self._key, password.encode("utf-8"), "sha256").hexdigest()
        with self._lock:
            if fingerprint != self._fingerprint:
                self._hash = hash_password(password)
                self._fingerprint = fingerprint
            return self._hash


@dataclass
class RateLimiter:
    """Failed attempts per client, kept in the server process (not in the browser)."""

    max_failures: int = MAX_FAILURES
    window: float = LOCKOUT_SECONDS
    global_max: int = GLOBAL_MAX_FAILURES
    _failures: dict[str, deque] = field(default_factory=lambda: defaultdict(deque))
    _all: deque = field(default_factory=deque)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _prune(self, attempts: deque, now: float) -> None:
        while attempts and attempts[0] <= now - self.window:
            attempts.popleft()

    def locked_for(self, client: str, now: float | None = None) -> float:
        """Seconds this client must wait before trying again (0 when it may try)."""
        now = time.monotonic() if now is None else now
        with self._lock:
            attempts = self._failures[client]
            self._prune(attempts, now)
            self._prune(self._all, now)
            waits = []
            if len(attempts) >= self.max_failures:
                waits.append(attempts[-self.max_failures] + self.window - now)
            if len(self._all) >= self.global_max:
                waits.append(self._all[-self.global_max] + self.window - now)
            return max(waits, default=0.0)

    def failed(self, client: str, now: float | None = None) -> None:
        now = time.monotonic() if now is None else now
        with self._lock:
            self._failures[client].append(now)
            self._all.append(now)

    def succeeded(self, client: str) -> None:
        with self._lock:
            self._failures.pop(client, None)


def _secret(value) -> str:
    return value.get_secret_value() if value is not None else ""


CONFIGURED = _ConfiguredHash()
LIMITER = RateLimiter()


@dataclass(frozen=True)
class Attempt:
    ok: bool
    message: str


def attempt_login(password: str, *, client: str, settings: Settings) -> Attempt:
    """Check one login attempt against the configured password, under the rate limit."""
    wait = LIMITER.locked_for(client)
    if wait > 0:
        return Attempt(False, f"Too many failed attempts. Try again in {wait:.0f} s.")
    expected = CONFIGURED.get(settings)
    if expected is None:
        return Attempt(False, f"Operations are locked: set {PASSWORD_ENV} on the server.")
    if verify_password(password, expected):
        LIMITER.succeeded(client)
        return Attempt(True, "Signed in.")
    LIMITER.failed(client)
    return Attempt(False, "Wrong password.")


# -- Streamlit ------------------------------------------------------------------------------


def _client_key() -> str:
    import streamlit as st

    address = getattr(st.context, "ip_address", None)
    if isinstance(address, str) and address:
        return f"ip:{address}"
    try:
        from streamlit.runtime.scriptrunner import get_script_run_ctx

        context = get_script_run_ctx()
        if context is not None:
            return f"session:{context.session_id}"
    except ImportError:
        pass
    return "unknown"


def require_login() -> None:
    """Show the login form and stop the page unless this browser session has signed in."""
    import streamlit as st

    if st.session_state.get(SESSION_FLAG):
        if st.sidebar.button("Sign out", key="ops_sign_out"):
            st.session_state[SESSION_FLAG] = False
            st.rerun()
        return
    settings = get_settings()
    if CONFIGURED.get(settings) is None:
        st.error(
            f"Operations are locked: set {PASSWORD_ENV} (or {HASH_ENV}) where the dashboard "
            "runs, then reload."
        )
        st.stop()
    # clear_on_submit: the typed password is not kept in the session after this run.
    with st.form("ops_login", clear_on_submit=True):
        st.write("Operators only: sign in to manage sources, schedules and crawls.")
        password = st.text_input("Admin password", type="password", key="ops_password")
        submitted = st.form_submit_button("Sign in")
    if submitted:
        attempt = attempt_login(password, client=_client_key(), settings=settings)
        if attempt.ok:
            st.session_state[SESSION_FLAG] = True
            st.rerun()
        st.error(attempt.message)
    st.stop()


if __name__ == "__main__":
    import getpass

    first = getpass.getpass("Admin password: ")
    if first != getpass.getpass("Again: "):
        raise SystemExit("the passwords differ")
    print(f"{HASH_ENV}='{hash_password(first)}'")
