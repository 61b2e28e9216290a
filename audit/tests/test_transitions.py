"""record_transition: each workflow step leaves an entry with before/after."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from accounts.models import User
from audit.context import audit_context
from audit.models import AuditEntry
from audit.transitions import record_transition
from reports.choices import ReportStatus
from tests.factories import make_report, make_user

pytestmark = pytest.mark.django_db

# (step, old, new): every state change the issue names.
STEPS = [
    ("submit", ReportStatus.DRAFT, ReportStatus.SUBMITTED),
    ("return", ReportStatus.SUBMITTED, ReportStatus.RETURNED),
    ("resubmit", ReportStatus.RETURNED, ReportStatus.SUBMITTED),
    ("accept", ReportStatus.SUBMITTED, ReportStatus.ACCEPTED),
    ("score", {"score": None}, {"score": 4}),
    ("close", "open", "closed"),
    ("publish", "closed", "published"),
    ("allocate", {"kc-sapporo": 500_000_000}, {"kc-sapporo": 520_000_000}),
]


@pytest.mark.parametrize(("step", "old", "new"), STEPS)
def test_it_records_each_state_change_with_before_and_after(
    step: str, old: object, new: object
) -> None:
    report = make_report()
    officer = make_user(User.Role.OFFICER)
    with audit_context(request_id="req-7", remote_addr="192.0.2.10"):
        entry = record_transition(report, old, new, reason=step, actor=officer)
    stored = AuditEntry.objects.for_object(report).get(action="transition")
    assert stored == entry
    assert stored.user == officer
    assert (stored.request_id, stored.remote_addr) == ("req-7", "192.0.2.10")
    assert stored.reason == step
    expected_before = old if isinstance(old, dict) else {"status": str(old)}
    expected_after = new if isinstance(new, dict) else {"status": str(new)}
    assert stored.before == expected_before
    assert stored.after == expected_after


def test_it_takes_the_actor_from_the_current_request() -> None:
    user = make_user(User.Role.REGION)
    request = RequestFactory().post("/")
    request.user = user
    with audit_context(user_getter=lambda: request.user):
        entry = record_transition(make_report(), "draft", "submitted", field="state")
    assert entry.user == user
    assert entry.after == {"state": "submitted"}
