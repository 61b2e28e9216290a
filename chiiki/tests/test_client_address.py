"""The client's address behind the documented proxy (issue 13, finding 7).

Behind the TLS proxy every request came from the proxy's address, so ten bad
passwords for one account locked it for everyone, and the audit trail
recorded the proxy. ``CHIIKI_TRUSTED_PROXIES`` names the proxies whose
``X-Forwarded-For`` is believed (chiiki/client_address.py); django-axes and
the audit trail both use the address it yields.
"""

from __future__ import annotations

import ipaddress
from typing import Any

import pytest
from axes.models import AccessAttempt
from django.http import HttpResponse
from django.test import Client, RequestFactory
from hypothesis import given
from hypothesis import strategies as st

from audit.middleware import AuditContextMiddleware
from audit.models import AuditEntry
from chiiki.client_address import TrustedProxies, parse_trusted_proxies, resolve
from tests.factories import make_user

PASSWORD = "correct-horse-battery"
PROXY = "127.0.0.1"
LOCAL = parse_trusted_proxies("127.0.0.1, 10.0.0.0/8")


# --- resolving ---------------------------------------------------------------


def test_without_trusted_proxies_the_header_is_ignored() -> None:
    assert resolve("203.0.113.9", "198.51.100.1", TrustedProxies()) == "203.0.113.9"


def test_a_direct_client_cannot_forge_its_address() -> None:
    # Not one of our proxies: whatever it writes in the header is ignored.
    assert resolve("203.0.113.9", "198.51.100.1", LOCAL) == "203.0.113.9"


def test_through_our_proxy_the_client_is_the_address_it_appended() -> None:
    assert resolve(PROXY, "198.51.100.7", LOCAL) == "198.51.100.7"


def test_a_forged_entry_before_the_real_one_is_skipped() -> None:
    # The client sent "X-Forwarded-For: 192.0.2.66"; nginx appended its peer.
    assert resolve(PROXY, "192.0.2.66, 198.51.100.7", LOCAL) == "198.51.100.7"


def test_several_proxies_of_ours_are_walked_from_the_right() -> None:
    chain = "192.0.2.66, 198.51.100.7, 10.0.0.5"
    assert resolve("10.0.0.9", chain, LOCAL) == "198.51.100.7"


def test_garbage_in_the_header_falls_back_to_the_peer() -> None:
    assert resolve(PROXY, "not-an-address", LOCAL) == PROXY
    assert resolve(PROXY, "", LOCAL) == PROXY


def test_a_hop_count_takes_the_address_the_outermost_proxy_appended() -> None:
    two = parse_trusted_proxies("2")
    assert resolve(PROXY, "192.0.2.66, 198.51.100.7, 10.0.0.5", two) == "198.51.100.7"
    # Fewer entries than hops: the request did not come through our proxies.
    assert resolve("203.0.113.9", "198.51.100.7", two) == "203.0.113.9"


def test_a_bad_setting_is_refused() -> None:
    with pytest.raises(ValueError, match="proxy.example"):
        parse_trusted_proxies("127.0.0.1, proxy.example")


@given(
    peer=st.ip_addresses(v=4).map(str),
    header=st.lists(st.ip_addresses().map(str), max_size=4).map(", ".join),
)
def test_the_answer_is_always_the_peer_or_an_address_from_the_header(
    peer: str, header: str
) -> None:
    found = resolve(peer, header, LOCAL)
    assert found == peer or found in header.split(", ")
    if not LOCAL.trusts(ipaddress.ip_address(peer)):
        assert found == peer


# --- django-axes and the audit trail, through real requests ---------------------


def _login(password: str, peer: str, forwarded: str | None = None) -> int:
    extra: dict[str, Any] = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    response = Client().post(
        "/accounts/login/", {"username": "officer", "password": password}, **extra
    )
    return response.status_code


@pytest.fixture
def behind_proxy(settings: Any) -> None:
    settings.CHIIKI_TRUSTED_PROXIES = "127.0.0.1"


@pytest.mark.django_db
def test_an_attacker_behind_the_proxy_does_not_lock_the_officer_out(
    behind_proxy: None,
) -> None:
    make_user("officer", username="officer")
    for _ in range(10):
        _login("wrong-password", PROXY, "198.51.100.66")
    assert _login(PASSWORD, PROXY, "198.51.100.66") == 429

    # The officer, behind the same proxy, from their own address.
    assert _login(PASSWORD, PROXY, "203.0.113.10") == 302
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "198.51.100.66"
    }


@pytest.mark.django_db
def test_without_the_setting_the_proxy_address_is_all_axes_sees(
    settings: Any,
) -> None:
    # What finding 7 described: the control for the test above.
    settings.CHIIKI_TRUSTED_PROXIES = ""
    make_user("officer", username="officer")
    for _ in range(10):
        _login("wrong-password", PROXY, "198.51.100.66")
    assert _login(PASSWORD, PROXY, "203.0.113.10") == 429


@pytest.mark.django_db
def test_a_direct_client_forging_the_header_is_locked_at_its_own_address(
    behind_proxy: None,
) -> None:
    make_user("officer", username="officer")
    # Each attempt claims another address; none comes from our proxy.
    for n in range(10):
        _login("wrong-password", "203.0.113.99", f"198.51.100.{n}")
    assert _login(PASSWORD, "203.0.113.99", "198.51.100.200") == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {
        "203.0.113.99"
    }


def _audited_change(peer: str, forwarded: str) -> AuditEntry:
    """Make a change inside the audit middleware, as a request would."""
    request = RequestFactory().post(
        "/", REMOTE_ADDR=peer, HTTP_X_FORWARDED_FOR=forwarded
    )
    request.user = make_user("officer")
    created: list[Any] = []

    def view(request: object) -> HttpResponse:
        created.append(make_user("reviewer"))
        return HttpResponse()

    AuditContextMiddleware(view)(request)
    return AuditEntry.objects.filter(
        object_repr=str(created[0]), action=AuditEntry.Action.CREATE
    ).get()


@pytest.mark.django_db
def test_the_audit_trail_records_the_client_behind_the_proxy(
    behind_proxy: None,
) -> None:
    entry = _audited_change(PROXY, "192.0.2.66, 198.51.100.7")
    assert entry.remote_addr == "198.51.100.7"


@pytest.mark.django_db
def test_the_audit_trail_ignores_a_header_forged_by_a_direct_client(
    behind_proxy: None,
) -> None:
    entry = _audited_change("203.0.113.99", "198.51.100.7")
    assert entry.remote_addr == "203.0.113.99"
