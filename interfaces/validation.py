"""What makes an endpoint's address and secret usable, checked before saving."""

import ipaddress
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

LOOPBACK_NAMES = {"localhost"}


def mllp_address(address: str) -> tuple[str, int]:
    """host:port (an IPv6 address in brackets), or ValueError."""
    host, sep, port = address.strip().rpartition(":")
    host = host.strip("[]")
    if not sep or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise ValueError(address)
    return host, int(port)


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(endpoint) -> None:
    if endpoint.kind == "mllp":
        try:
            mllp_address(endpoint.address)
        except ValueError:
            raise ValidationError(
                {"address": _("Give the interface engine's host:port, e.g. eai.hopital.fr:2575.")}
            ) from None
        return
    url = urlsplit(endpoint.address.strip())
    # Patients' identities leave in these requests: HTTPS, except to this
    # machine (a local relay that forwards over TLS).
    secure = url.scheme == "https" or (url.scheme == "http" and _is_loopback(url.hostname or ""))
    if not url.hostname or not secure:
        raise ValidationError({"address": _("Give an https:// address.")})
    if endpoint.kind == "rest-hook":
        check_header(endpoint.secret)
        return
    _check_secret(endpoint.secret)


def check_header(header: str) -> None:
    """A FHIR Subscription's channel.header: one `Name: value`, no line break."""
    if not header:
        return
    name, sep, value = header.partition(":")
    if (
        not sep
        or not name.strip()
        or not value.strip()
        or any(c in header for c in "\r\n")
        or not all(c.isalnum() or c in "-_" for c in name.strip())
    ):
        raise ValidationError({"secret": _("Give one header as Name: value.")})


def _check_secret(secret: str) -> None:
    from standardwebhooks import Webhook

    try:
        Webhook(secret)
    except Exception:
        raise ValidationError(
            {"secret": _("Give a whsec_… secret: base64 of at least 24 random bytes.")}
        ) from None
    if len(secret.removeprefix("whsec_")) < 32:
        raise ValidationError(
            {"secret": _("Give a whsec_… secret: base64 of at least 24 random bytes.")}
        )
