"""What stands between the forms of `ims serve` and the records: CSRF tokens bound to the
browser, a limit on a request's body, a limit per address and hour, and which peer's
Remote-User and X-Forwarded-For headers are believed (only the reverse proxy's, from ims.yaml).
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
import threading
import time
from collections import deque
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass, field
from typing import Any

TOKEN_SECONDS = 4 * 3600  # a form filled in slowly, over a long shift, still goes
BROWSER_COOKIE = "ims_nettleser"
MAX_BODY = 64 * 1024  # bytes of one request's body: ten pages of text, and no file

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
App = Callable[[Scope, Receive, Send], Awaitable[None]]


class Tokens:
    """CSRF tokens without server state: time, nonce and an HMAC over them and the browser's
    own random cookie, so a token fetched by another site is worth nothing in this browser."""

    def __init__(self, secret: bytes | None = None, clock: Callable[[], float] = time.time):
        self._secret = secret or secrets.token_bytes(32)
        self._clock = clock

    def _mac(self, stamp: str, nonce: str, browser: str) -> str:
        text = f"{stamp}.{nonce}.{browser}".encode()
        return hmac.new(self._secret, text, hashlib.sha256).hexdigest()[:32]

    def issue(self, browser: str) -> str:
        stamp, nonce = str(int(self._clock())), secrets.token_urlsafe(12)
        return f"{stamp}.{nonce}.{self._mac(stamp, nonce, browser)}"

    def nonce(self, token: str, browser: str | None) -> str | None:
        """The token's nonce when it is one this server made for this browser, in time."""
        parts = token.split(".")
        if browser is None or len(parts) != 3 or not parts[0].isdigit():
            return None
        stamp, nonce, mac = parts
        if not hmac.compare_digest(mac, self._mac(stamp, nonce, browser)):
            return None
        age = self._clock() - int(stamp)
        return nonce if 0 <= age <= TOKEN_SECONDS else None


@dataclass
class RateLimit:
    """At most `per_hour` requests per address in any hour (a sliding window)."""

    per_hour: int
    clock: Callable[[], float] = time.monotonic
    _seen: dict[str, deque[float]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def allow(self, address: str) -> float | None:
        """None when the address may go on; else the seconds until it may."""
        now = self.clock()
        with self._lock:
            if len(self._seen) > 100_000:  # many addresses: forget those that went quiet
                self._seen = {a: q for a, q in self._seen.items() if q and q[-1] > now - 3600}
            times = self._seen.setdefault(address, deque())
            while times and times[0] <= now - 3600:
                times.popleft()
            if len(times) >= self.per_hour:
                return times[0] + 3600 - now
            times.append(now)
            return None


class Proxies:
    """The addresses of the reverse proxy (ims.yaml's innmelding.proxy): single addresses or
    networks. Only from them are Remote-User and X-Forwarded-For believed."""

    def __init__(self, listed: list[str]) -> None:
        self.networks = [ipaddress.ip_network(item, strict=False) for item in listed]

    def trusted(self, peer: str | None) -> bool:
        if peer is None:
            return False
        try:
            address = ipaddress.ip_address(peer)
        except ValueError:
            return False
        return any(address in network for network in self.networks)


def proxy_problem(listed: list[str]) -> str | None:
    """Why an entry of innmelding.proxy is no address or network; None when all are."""
    for item in listed:
        try:
            ipaddress.ip_network(item, strict=False)
        except ValueError:
            return (
                f"innmelding.proxy: «{item}» er ingen IP-adresse eller nettverk; skriv for "
                "eksempel 127.0.0.1 eller 10.0.0.0/8"
            )
    return None


def client_of(scope: Scope, proxies: Proxies) -> tuple[str, bool]:
    """Who is asking: the peer's address, or — when the peer is the reverse proxy — the address
    the proxy puts last in X-Forwarded-For; and whether the peer is the proxy."""
    peer = scope.get("client")
    host = str(peer[0]) if peer else "ukjent"
    if not proxies.trusted(host):
        return host, False
    forwarded = header(scope, b"x-forwarded-for")
    if forwarded:
        return forwarded.split(",")[-1].strip() or host, True
    return host, True


def header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", []):
        if key.lower() == name:
            return bytes(value).decode("latin-1")
    return None


class BodyLimit:
    """ASGI middleware: a request whose body is larger than `limit` is answered 413, whether
    it says its length or sends it in chunks; the application never sees it."""

    def __init__(self, app: App, limit: int = MAX_BODY, refused: bytes = b"") -> None:
        self.app, self.limit, self.refused = app, limit, refused

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = header(scope, b"content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await self._refuse(send)
            return
        # The body is read whole first (it is small), so nothing of a large one reaches the app.
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            if size > self.limit:
                await self._refuse(send)
                return
            if not message.get("more_body", False):
                break
        body, replayed = b"".join(chunks), False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _refuse(self, send: Send) -> None:
        headers = [(b"content-type", b"text/html; charset=utf-8"), (b"connection", b"close")]
        await send({"type": "http.response.start", "status": 413, "headers": headers})
        await send({"type": "http.response.body", "body": self.refused})
