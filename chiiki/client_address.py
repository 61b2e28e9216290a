"""The address of the person behind a request, through the proxies we trust.

Behind the TLS proxy of docs/deploy.md every request arrives from the proxy's
address, so django-axes (login lockout) and the audit trail saw one address
for everybody: ten bad passwords for an officer's account locked that
officer out for all, and the trail recorded the proxy. The proxy appends the
address it saw to ``X-Forwarded-For``; this module reads it back, trusting
only what our own proxies wrote:

``CHIIKI_TRUSTED_PROXIES`` is either

* a list of proxy addresses or networks (``127.0.0.1``, ``10.0.0.0/8``,
  comma-separated): the header is read only when the request comes from one
  of them, from the right, skipping our proxies; the first other address is
  the client. A client that talks to the app directly and forges the header
  is seen at its own address; or
* a number of hops (``1``): the address the outermost of that many proxies
  appended. Only safe when the app server cannot be reached except through
  them (gunicorn binds 127.0.0.1, docs/deploy.md); prefer the list.

Unset or empty (the default), ``X-Forwarded-For`` is ignored: ``REMOTE_ADDR``.
"""

from __future__ import annotations

import functools
import ipaddress
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest

__all__ = ["TrustedProxies", "client_address", "parse_trusted_proxies", "resolve"]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network


@dataclass(frozen=True)
class TrustedProxies:
    """Whom to believe about the client's address: a hop count or networks."""

    hops: int = 0
    networks: tuple[IPNetwork, ...] = ()

    def trusts(self, address: IPAddress) -> bool:
        return any(address in network for network in self.networks)


@functools.lru_cache(maxsize=8)
def parse_trusted_proxies(text: str) -> TrustedProxies:
    """``""`` → trust nobody; ``"2"`` → two hops; else addresses/networks.

    Raises ``ValueError`` naming the entry that is neither.
    """
    text = text.strip()
    if not text:
        return TrustedProxies()
    if text.isdigit():
        return TrustedProxies(hops=int(text))
    networks = []
    for entry in (part.strip() for part in text.split(",")):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as exc:
            raise ValueError(
                f"CHIIKI_TRUSTED_PROXIES: {entry!r} is not an address, a network "
                "or a number of hops"
            ) from exc
    return TrustedProxies(networks=tuple(networks))


def resolve(
    remote_addr: str | None, forwarded_for: str | None, trusted: TrustedProxies
) -> str | None:
    """The client's address from the socket peer and ``X-Forwarded-For``."""
    remote = _address(remote_addr)
    if remote is None:
        return remote_addr or None
    chain = [part.strip() for part in (forwarded_for or "").split(",") if part.strip()]
    if trusted.hops:
        if len(chain) < trusted.hops:
            return str(remote)  # not through all our proxies: the header is not theirs
        return _normalised(chain[-trusted.hops]) or str(remote)
    if not trusted.networks or not trusted.trusts(remote):
        return str(remote)  # a direct client: whatever it says is ignored
    for entry in reversed(chain):
        hop = _address(entry)
        if hop is None:
            return str(remote)  # garbage our proxies would not write
        if not trusted.trusts(hop):
            return str(hop)
        remote = hop
    return str(remote)  # every hop is ours (a request from the proxy host itself)


def client_address(request: HttpRequest) -> str | None:
    """The request's client address (django-axes' AXES_CLIENT_IP_CALLABLE, audit)."""
    trusted = parse_trusted_proxies(settings.CHIIKI_TRUSTED_PROXIES)
    return resolve(
        request.META.get("REMOTE_ADDR"),
        request.META.get("HTTP_X_FORWARDED_FOR"),
        trusted,
    )


def _address(text: str | None) -> IPAddress | None:
    if not text:
        return None
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _normalised(text: str) -> str | None:
    address = _address(text)
    return str(address) if address is not None else None
