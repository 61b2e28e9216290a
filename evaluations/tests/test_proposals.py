"""Proposals to a call: entry by region or officer, documents, selection."""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from accounts.models import User
from evaluations.choices import EvaluationType, ProposalStatus
from evaluations.errors import WorkflowError
from evaluations.models import ProposalTransition
from evaluations.services import (
    add_attachment,
    assign_reviewers,
    close_evaluation,
    create_evaluation,
    create_proposal,
    open_for_scoring,
    select_proposals,
    submit_proposal,
    withdraw_proposal,
)
from evaluations.services.lifecycle import CriterionSpec
from evaluations.services.scoring import record_scores
from evaluations.tests.factories import (
    DEFAULT_CRITERIA,
    make_call,
    make_committee,
    make_reviewer_member,
)
from geo.models import Prefecture
from tests.factories import make_region, make_user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%test\n"


def _xlsx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def _proposal(actor: User | None = None, **fields: object):  # noqa: ANN202
    fields.setdefault("title_ja", "発展型提案")
    fields.setdefault("applicant_ja", "テスト県")
    fields.setdefault("main_prefecture", Prefecture.objects.get(code="13"))
    return create_proposal(make_call(closes_on=date(2005, 5, 31)), actor, **fields)


@pytest.fixture(autouse=True)
def media(tmp_path):  # noqa: ANN001, ANN201
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


def test_it_lets_region_staff_enter_and_submit_for_their_region() -> None:
    region = make_region()
    staff = make_user(User.Role.REGION, regions=[region])
    proposal = _proposal(staff, region=region)
    assert proposal.submitted_by == staff
    with time_machine.travel(date(2005, 5, 1)):
        submit_proposal(proposal, staff)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.SUBMITTED
    assert list(
        ProposalTransition.objects.order_by("pk").values_list(
            "old_status", "new_status"
        )
    ) == [
        ("", "draft"),
        ("draft", "submitted"),
    ]


def test_it_refuses_another_regions_staff_and_late_submission() -> None:
    region = make_region()
    with pytest.raises(PermissionDenied):
        _proposal(make_user(User.Role.REGION), region=region)
    proposal = _proposal(None, region=region)
    with time_machine.travel(date(2005, 6, 1)), pytest.raises(WorkflowError):
        submit_proposal(proposal, None)


def test_it_accepts_pdf_and_xlsx_attachments() -> None:
    proposal = _proposal()
    pdf = add_attachment(proposal, SimpleUploadedFile("計画書.pdf", PDF), None)
    xlsx = add_attachment(proposal, SimpleUploadedFile("予算.xlsx", _xlsx()), None)
    assert (pdf.original_name, pdf.size_bytes) == ("計画書.pdf", len(PDF))
    assert xlsx.file.name.endswith(".xlsx")
    assert "計画書" not in pdf.file.name


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("virus.exe", b"MZ", "attachment_type"),
        ("macro.xlsm", b"PK", "attachment_type"),
        ("fake.pdf", b"not a pdf", "attachment_content"),
        ("fake.xlsx", PDF, "attachment_content"),
        ("empty.pdf", b"", "attachment_content"),
    ],
)
def test_it_refuses_other_attachments(name: str, content: bytes, code: str) -> None:
    proposal = _proposal()
    with pytest.raises(ValidationError) as caught:
        add_attachment(proposal, SimpleUploadedFile(name, content), None)
    assert code in str(caught.value.error_dict["file"][0].code)
    assert not proposal.attachments.exists()


def test_it_refuses_an_attachment_that_is_too_large(monkeypatch) -> None:  # noqa: ANN001
    monkeypatch.setattr("evaluations.validators.MAX_ATTACHMENT_BYTES", 10)
    with pytest.raises(ValidationError):
        add_attachment(_proposal(), SimpleUploadedFile("big.pdf", PDF), None)


def test_it_selects_proposals_by_their_rating() -> None:
    call = make_call()
    committee = make_committee()
    members = [make_reviewer_member(committee) for _ in range(2)]
    proposals = []
    for title in ("良い提案", "弱い提案"):
        proposal = create_proposal(
            call,
            None,
            title_ja=title,
            applicant_ja="県",
            main_prefecture=Prefecture.objects.get(code="01"),
        )
        proposals.append(submit_proposal(proposal, None))
    evaluation = create_evaluation(
        kind=EvaluationType.CONTINUATION,
        programme=call.programme,
        fiscal_year=2005,
        title_ja="発展型採択",
        committee=committee,
        call=call,
        criteria=[CriterionSpec(c, n, w) for c, n, w in DEFAULT_CRITERIA],
        proposals=proposals,
        actor=None,
        min_reviewers=2,
    )
    assign_reviewers(evaluation, None)
    open_for_scoring(evaluation, None)
    for item in evaluation.items.all():
        value = 5 if item.proposal.title_ja == "良い提案" else 2
        for member in members:
            record_scores(item, member.user, {c: value for c, _, _ in DEFAULT_CRITERIA})
    close_evaluation(evaluation, None)
    outcome = select_proposals(evaluation, None)
    assert sorted(outcome.values()) == ["rejected", "selected"]
    with pytest.raises(WorkflowError):
        withdraw_proposal(proposals[0], None)
