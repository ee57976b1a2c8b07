"""Who may use an entry point, and how big a request may be (no Rasa imports).

The REST channel is for the local terminal: a client on this machine that talks to the
server directly. A tunnel (cloudflared, ngrok) or a reverse proxy (nginx) also connects
from 127.0.0.1, but it adds forwarding headers; a request carrying any of them came from
somewhere else and is not local.
"""

from __future__ import annotations

import ipaddress
from typing import Mapping

# The largest request body any channel reads (the same 1 MB the launcher gives Sanic as
# SANIC_REQUEST_MAX_SIZE): a 5,000-character draft is a few KB, Slack's and Teams'
# deliveries tens of KB; anything larger is refused with 413 before it is parsed.
MAX_BODY_BYTES = 1_000_000

# Headers that proxies, tunnels and CDNs add to say who the real client is.
PROXY_HEADERS = frozenset({
    "forwarded", "x-forwarded-for", "x-forwarded-host", "x-forwarded-proto",
    "x-forwarded-port", "x-forwarded-server", "x-real-ip", "x-client-ip",
    "x-cluster-client-ip", "x-original-forwarded-for", "cf-connecting-ip", "cf-ray",
    "true-client-ip", "fastly-client-ip", "x-azure-clientip", "x-appengine-user-ip", "via",
    "ngrok-skip-browser-warning",
})


def is_loopback(address: str | None) -> bool:
    try:
        return bool(address) and ipaddress.ip_address(address.split("%")[0]).is_loopback
    except ValueError:
        return False


def forwarded(headers: Mapping[str, str]) -> bool:
    """True if the request passed through a proxy or tunnel (any forwarding header)."""
    return any(name.lower() in PROXY_HEADERS or name.lower().startswith("x-forwarded-")
               for name in headers)


def is_local(address: str | None, headers: Mapping[str, str]) -> bool:
    """A client on this machine, talking to the server directly."""
    return is_loopback(address) and not forwarded(headers)


def declared_length(headers: Mapping[str, str]) -> int | None:
    """The Content-Length a request announces (None if absent or not a number)."""
    value = headers.get("content-length")
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def too_large(headers: Mapping[str, str], body: bytes | None, limit: int) -> bool:
    length = declared_length(headers)
    return (length is not None and length > limit) or len(body or b"") > limit
