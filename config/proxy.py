"""The client's address, as the trusted proxies in front of the application saw it.

Behind a TLS-terminating reverse proxy every request comes from the proxy:
keyed on REMOTE_ADDR, one patient's rate limit would be everyone's, and one
attacker's failed logins would lock the account for all. The proxy appends
the address it received the request from to X-Forwarded-For; the client can
write anything before it. So the address is read from the right, one entry
per trusted hop (TRUSTED_PROXY_HOPS), and only when the request really comes
from a trusted proxy (TRUSTED_PROXY_ADDRESSES): from anyone else, or with
fewer entries than hops, the header is ignored and REMOTE_ADDR is the client.
"""

import ipaddress
from functools import cache

from django.conf import settings
from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def _address(value: str) -> str | None:
    """The value as a canonical IP address, or None if it is not one."""
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


@cache
def _trusted_networks(addresses: tuple[str, ...]) -> tuple[Network, ...]:
    return tuple(ipaddress.ip_network(address, strict=False) for address in addresses)


def _from_trusted_proxy(remote: str | None) -> bool:
    if remote is None:
        return False
    networks = _trusted_networks(tuple(settings.TRUSTED_PROXY_ADDRESSES))
    return any(ipaddress.ip_address(remote) in network for network in networks)


def client_address(request: HttpRequest) -> str:
    """The client's address (django-ratelimit's and django-axes's key)."""
    remote = _address(request.META.get("REMOTE_ADDR", "") or "")
    hops = settings.TRUSTED_PROXY_HOPS
    if hops and _from_trusted_proxy(remote):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(forwarded) >= hops:
            given = _address(forwarded[-hops])
            if given is not None:
                return given
    # A Unix socket gives no address: everyone is the proxy, as without this module.
    return remote or "0.0.0.0"  # noqa: S104
