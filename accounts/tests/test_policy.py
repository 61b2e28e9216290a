"""The policy module: defaults, object helpers, and the report rules by role."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.http import Http404

from accounts.models import ApiToken, User
from accounts.policy import (
    SYSTEM,
    Action,
    can,
    get_object_for_user,
    registered_models,
    require,
    role_of,
    rule_for,
    scope,
)
from audit.models import AuditEntry
from programmes.models import Region
from reports.choices import ReportStatus
from reports.models import AnnualReport, ReportVersion, StatusChange
from tests.base import Personas, make_personas
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()


@pytest.fixture
def p() -> Personas:
    return make_personas()


def test_it_treats_anonymous_and_deactivated_users_as_the_public(p: Personas) -> None:
    p.officer.is_active = False
    assert role_of(ANON) is None
    assert role_of(p.officer) is None
    assert not can(p.officer, Action.CHANGE, Region)


def test_it_keeps_models_without_a_rule_for_officers_only(p: Personas) -> None:
    group = Group.objects.create(name="g")
    assert Group not in registered_models()
    assert can(p.officer, Action.VIEW, group)
    assert not can(p.region_user, Action.VIEW, group)
    assert not can(ANON, Action.VIEW, Group)
    assert scope(p.reviewer, Group.objects.all()).count() == 0


def test_it_lets_everyone_read_the_registry_and_only_officers_change_it(
    p: Personas,
) -> None:
    for user in (ANON, p.region_user, p.reviewer, p.officer):
        assert can(user, Action.VIEW, p.region)
    assert can(p.officer, Action.CHANGE, p.region)
    assert not can(p.region_user, Action.CHANGE, p.region)
    assert not can(p.reviewer, Action.ADD, Region)


def test_it_lets_region_staff_import_only_for_their_own_regions(p: Personas) -> None:
    assert can(p.region_user, Action.IMPORT, p.region)
    assert not can(p.region_user, Action.IMPORT, p.other_region)
    assert not can(p.reviewer, Action.IMPORT, p.region)
    assert list(scope(p.region_user, Region.objects.all(), Action.IMPORT)) == [p.region]


@pytest.mark.parametrize(
    ("status", "own_view", "own_change", "public_view"),
    [
        (ReportStatus.DRAFT, True, True, False),
        (ReportStatus.RETURNED, True, True, False),
        (ReportStatus.SUBMITTED, True, False, False),
        (ReportStatus.ACCEPTED, True, False, True),
    ],
)
def test_it_scopes_reports_by_region_and_status(
    p: Personas, status: str, own_view: bool, own_change: bool, public_view: bool
) -> None:
    report = make_report(region=p.region, status=status)
    assert can(p.region_user, Action.VIEW, report) is own_view
    assert can(p.region_user, Action.IMPORT, report) is own_change
    assert can(p.region_user, Action.SUBMIT, report) is own_change
    assert not can(p.region_user, Action.ACCEPT, report)
    for outsider in (ANON, p.outsider, p.reviewer):
        assert can(outsider, Action.VIEW, report) is public_view
        assert not can(outsider, Action.IMPORT, report)
    assert can(p.officer, Action.ACCEPT, report)


def test_it_never_shows_a_report_history_to_the_public(p: Personas) -> None:
    report = make_report(region=p.region, status=ReportStatus.ACCEPTED)
    change = StatusChange.objects.create(
        report=report, old_status="submitted", new_status="accepted"
    )
    assert not can(ANON, Action.VIEW, change)
    assert not can(p.outsider, Action.VIEW, change)
    assert can(p.region_user, Action.VIEW, change)


def test_its_scopes_agree_with_its_checks(p: Personas) -> None:
    """For every registered model with rows: scope(…) == {obj | can(…)}."""
    for year, status in enumerate(ReportStatus.values, start=2002):
        make_report(region=p.region, status=status, fiscal_year=year)
        make_report(region=p.other_region, status=status, fiscal_year=year)
    make_report(region=p.other_region, fiscal_year=2012).status_changes.create(
        new_status=ReportStatus.DRAFT
    )
    accepted = AnnualReport.objects.filter(status=ReportStatus.ACCEPTED)
    accepted.update(accepted_version=F("current_version"))
    for n, version in enumerate(ReportVersion.objects.all()):
        version.patentapplication_rows.create(
            application_number=f"特願2004-{n:06d}",
            filed_on=date(2004, 5, 1),
            title="t",
            applicants="a",
        )
    # A second, not accepted version of an accepted report stays private.
    ReportVersion.objects.create(report=accepted.first(), number=2)
    users = [ANON, p.region_user, p.outsider, p.reviewer, p.officer, SYSTEM]
    for model in registered_models():
        rows = list(model._default_manager.all()[:200])
        for user in users:
            for action in Action.values:
                scoped = set(
                    scope(user, model._default_manager.all(), action).values_list(
                        "pk", flat=True
                    )
                )
                checked = {row.pk for row in rows if can(user, action, row)}
                assert scoped == checked, (model, user, action)


def test_get_object_for_user_hides_invisible_objects_with_404(p: Personas) -> None:
    draft = make_report(region=p.region)
    with pytest.raises(Http404):
        get_object_for_user(p.outsider, AnnualReport.objects.all(), pk=draft.pk)
    with pytest.raises(Http404):
        get_object_for_user(ANON, AnnualReport, Action.IMPORT, pk=draft.pk)
    found = get_object_for_user(p.region_user, AnnualReport, Action.IMPORT, pk=draft.pk)
    assert found == draft


def test_get_object_for_user_refuses_visible_objects_with_403(p: Personas) -> None:
    submitted = make_report(region=p.region, status=ReportStatus.SUBMITTED)
    with pytest.raises(PermissionDenied):
        get_object_for_user(p.region_user, AnnualReport, Action.IMPORT, pk=submitted.pk)


def test_it_lets_nobody_edit_the_audit_trail(p: Personas) -> None:
    assert can(p.officer, Action.VIEW, AuditEntry)
    assert can(p.officer, Action.EXPORT, AuditEntry)
    for action in (Action.ADD, Action.CHANGE, Action.DELETE):
        assert not can(p.officer, action, AuditEntry)
    assert not can(p.region_user, Action.VIEW, AuditEntry)
    with pytest.raises(PermissionDenied):
        require(p.reviewer, Action.VIEW, AuditEntry)


def test_it_lets_users_see_only_their_own_account_and_tokens(p: Personas) -> None:
    token = ApiToken.objects.create(user=p.region_user, name="t", prefix="p" * 12)
    assert can(p.region_user, Action.VIEW, token)
    assert can(p.region_user, Action.DELETE, token)
    assert not can(p.outsider, Action.VIEW, token)
    assert list(scope(p.region_user, User.objects.all())) == [p.region_user]


def test_the_system_user_of_commands_acts_as_an_officer() -> None:
    assert can(SYSTEM, Action.ACCEPT, AnnualReport)
    assert rule_for(AnnualReport) is rule_for(AnnualReport)


def test_a_new_region_binding_takes_effect_for_the_same_user_object(
    p: Personas,
) -> None:
    report = make_report(region=p.other_region)
    assert not can(p.region_user, Action.IMPORT, report)
    p.region_user.regions.add(p.other_region)
    assert can(p.region_user, Action.IMPORT, report)
    user = make_user(User.Role.REVIEWER)
    assert not can(user, Action.IMPORT, report)
