"""The visitor's address when the site runs behind a reverse proxy.

Behind the TLS-terminating proxy every request's ``REMOTE_ADDR`` is the proxy's,
so a per-address limit would count all visitors together. Each proxy appends the
address it received the request from to ``X-Forwarded-For``; reading it from the
right and skipping the proxies we run (``TRUSTED_PROXIES``) gives the first
address no proxy of ours vouches for. Anything further left was written by the
client and is not believed.
"""

import ipaddress
from functools import lru_cache

from django.conf import settings


def client_address(request) -> str:
    """The client's address: REMOTE_ADDR unless it is a trusted proxy (used by the
    feedback rate limit and the login lockout)."""
    address = request.META.get("REMOTE_ADDR", "")
    trusted = _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ())))
    if not _is_trusted(address, trusted):
        return address
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([hop.strip() for hop in forwarded.split(",") if hop.strip()]):
        if not _is_trusted(hop, trusted):
            return hop
        address = hop
    return address


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]) -> tuple:
    return tuple(ipaddress.ip_network(entry, strict=False) for entry in entries)


def _is_trusted(address: str, networks: tuple) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)
