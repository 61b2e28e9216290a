"""A role or region change ends every session; a role change revokes tokens."""

from __future__ import annotations

import pytest
from django.test import Client

from accounts.models import ApiToken, User
from accounts.tokens import issue_token
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    assert client.get("/audit/").status_code in (200, 403)
    return client


def _is_signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_it_logs_a_user_out_everywhere_when_the_role_changes() -> None:
    user = make_user(User.Role.OFFICER)
    browsers = [_signed_in(user), _signed_in(user)]
    issue_token(user)
    user.role = User.Role.REVIEWER
    user.save()
    for browser in browsers:
        assert browser.get("/audit/").status_code == 302
        assert not _is_signed_in(browser)
    assert not ApiToken.objects.active().exists()


def test_it_logs_a_user_out_when_the_regions_change_but_keeps_tokens() -> None:
    region, other = make_region(), make_region()
    user = make_user(User.Role.REGION, regions=[region])
    browser = _signed_in(user)
    issue_token(user)
    user.regions.add(other)
    browser.get("/")
    assert not _is_signed_in(browser)
    assert ApiToken.objects.active().count() == 1


def test_it_keeps_sessions_when_nothing_that_matters_changes() -> None:
    user = make_user(User.Role.OFFICER)
    browser = _signed_in(user)
    user.display_name = "新しい表示名"
    user.save()
    assert browser.get("/audit/").status_code == 200
    assert _is_signed_in(browser)


def test_it_logs_a_deactivated_user_out_everywhere_and_revokes_tokens() -> None:
    user = make_user(User.Role.OFFICER)
    browser = _signed_in(user)
    issue_token(user)
    user.is_active = False
    user.save()
    response = browser.get("/audit/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not response.wsgi_request.user.is_authenticated
    assert not ApiToken.objects.active().exists()
