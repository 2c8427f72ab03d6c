"""Behind the reverse proxy: the client's address is the one the trusted proxy
gave, rate limits and login throttling key on it, and a spoofed header from
anyone else changes nothing."""

import pytest
from axes.models import AccessAttempt
from django.test import RequestFactory

from config.proxy import client_address
from tests import factories as f

pytestmark = pytest.mark.django_db


def _request(remote: str, forwarded: str | None = None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **headers)


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_HOPS = 1
    settings.TRUSTED_PROXY_ADDRESSES = ["127.0.0.1", "::1"]


def test_without_a_proxy_the_header_is_ignored():
    assert client_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


def test_the_trusted_proxy_gives_the_client_address(behind_one_proxy):
    assert client_address(_request("127.0.0.1", "203.0.113.9")) == "203.0.113.9"


def test_what_the_client_wrote_before_the_proxys_entry_is_ignored(behind_one_proxy):
    assert client_address(_request("127.0.0.1", "1.2.3.4, 203.0.113.9")) == "203.0.113.9"


def test_a_header_from_anyone_but_the_proxy_is_ignored(behind_one_proxy):
    assert client_address(_request("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "203.0.113.9\x00", " , "])
def test_a_malformed_header_falls_back_to_the_proxy(behind_one_proxy, forwarded):
    assert client_address(_request("127.0.0.1", forwarded)) == "127.0.0.1"


def test_two_hops_read_the_second_entry_from_the_right(settings):
    settings.TRUSTED_PROXY_HOPS = 2
    request = _request("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.0.0.2")
    assert client_address(request) == "203.0.113.9"
    assert client_address(_request("127.0.0.1", "10.0.0.2")) == "127.0.0.1"  # one entry only


def test_search_rate_limits_count_per_client_not_per_proxy(client, behind_one_proxy, settings):
    settings.SEARCH_RATE = "3/h"  # an hour's window: a minute's could turn over mid-test

    def search(address: str) -> int:
        return client.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=address).status_code

    assert [search("203.0.113.1") for _ in range(4)] == [200, 200, 200, 429]
    assert search("203.0.113.2") == 200  # another patient behind the same proxy


def test_a_spoofed_header_does_not_escape_the_rate_limit(client, settings):
    settings.SEARCH_RATE = "3/h"  # no proxy: X-Forwarded-For is the client's own text
    codes = [
        client.get("/", REMOTE_ADDR="198.51.100.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}").status_code
        for n in range(4)
    ]
    assert codes == [200, 200, 200, 429]


# --- login throttling ---------------------------------------------------------------


def _login(client, username: str, password: str, address: str, path="/admin/login/"):
    return client.post(
        path,
        {"username": username, "password": password},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR=address,
    )


def _signed_in(response) -> bool:
    return response.status_code == 302


def test_failures_are_recorded_against_the_client_not_the_proxy(client, behind_one_proxy):
    f.user("secretaire")
    _login(client, "secretaire", "wrong", "203.0.113.9")
    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


def test_an_attacker_behind_the_proxy_does_not_lock_out_the_real_user(client, behind_one_proxy):
    f.user("admin", superuser=True)
    for _ in range(6):
        _login(client, "admin", "wrong", "203.0.113.66")
    assert not _signed_in(_login(client, "admin", "pw", "203.0.113.66"))
    assert _signed_in(_login(client, "admin", "pw", "198.51.100.10"))


def test_one_account_tried_from_many_addresses_is_stopped(client, behind_one_proxy):
    """32 wrong passwords from 8 addresses (4 each, under the per-address
    limit), then the right one from a 9th: refused."""
    f.user("admin", superuser=True)
    for n in range(32):
        _login(client, "admin", "wrong", f"203.0.113.{n % 8 + 1}")
    assert not _signed_in(_login(client, "admin", "pw", "203.0.113.99"))


def test_the_owner_still_signs_in_from_an_address_they_used_before(client, behind_one_proxy):
    f.user("admin", superuser=True)
    assert _signed_in(_login(client, "admin", "pw", "198.51.100.10"))  # the hospital's desk
    client.logout()
    for n in range(32):
        _login(client, "admin", "wrong", f"203.0.113.{n % 8 + 1}")
    assert _signed_in(_login(client, "admin", "pw", "198.51.100.10"))


def test_one_address_spraying_many_usernames_is_stopped(client, behind_one_proxy):
    """100 attempts over 25 usernames (4 each) from one address: throttled
    long before the end, and the right password of a real account is refused."""
    f.user("victime")
    for n in range(100):
        _login(client, f"user{n % 25}", "wrong", "203.0.113.50", path="/portal/login/")
    assert not _signed_in(_login(client, "victime", "pw", "203.0.113.50"))
    assert _signed_in(_login(client, "victime", "pw", "198.51.100.10"))
