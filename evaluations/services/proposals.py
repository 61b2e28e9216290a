"""Proposals to a call (公募): entry, documents, submission and selection."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_officer, is_region_user, region_ids
from evaluations.choices import EvaluationType, ProposalStatus, Rating
from evaluations.errors import WorkflowError
from evaluations.models import (
    Call,
    Evaluation,
    ItemResult,
    Proposal,
    ProposalAttachment,
    ProposalTransition,
)
from evaluations.services._common import (
    Actor,
    actor_user,
    is_system,
    record,
    require_officer,
)
from programmes.models import Organisation

__all__ = [
    "PROPOSAL_TRANSITIONS",
    "add_attachment",
    "create_proposal",
    "select_proposals",
    "submit_proposal",
    "withdraw_proposal",
]

Status = ProposalStatus

PROPOSAL_TRANSITIONS: dict[str, frozenset[str]] = {
    Status.DRAFT: frozenset({Status.SUBMITTED, Status.WITHDRAWN}),
    Status.SUBMITTED: frozenset({Status.WITHDRAWN, Status.SELECTED, Status.REJECTED}),
    Status.WITHDRAWN: frozenset(),
    Status.SELECTED: frozenset(),
    Status.REJECTED: frozenset(),
}
SELECTION_KINDS = (EvaluationType.SELECTION, EvaluationType.CONTINUATION)


@transaction.atomic
def create_proposal(
    call: Call,
    actor: Actor,
    *,
    participants: Iterable[Organisation] = (),
    **fields: Any,
) -> Proposal:
    """A draft proposal, entered by an officer or by a region's staff."""
    proposal = Proposal(call=call, submitted_by=actor_user(actor), **fields)
    _require_editor(actor, proposal)
    proposal.full_clean()
    proposal.save()
    proposal.participants.set(participants)
    if not proposal.prefectures.exists():
        proposal.prefectures.add(proposal.main_prefecture)
    _record(proposal, "", Status.DRAFT, actor, "")
    return proposal


@transaction.atomic
def add_attachment(
    proposal: Proposal, upload: UploadedFile, actor: Actor
) -> ProposalAttachment:
    """Attach a PDF or xlsx (type and size checked) while the proposal is a draft."""
    _require_editor(actor, proposal)
    if proposal.status != Status.DRAFT:
        raise WorkflowError(
            "proposal.not_draft", _("提出後の提案には資料を追加できません。")
        )
    attachment = ProposalAttachment(
        proposal=proposal,
        file=upload,
        original_name=(upload.name or "")[:255],
        size_bytes=upload.size or 0,
        uploaded_by=actor_user(actor),
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def submit_proposal(proposal: Proposal, actor: Actor) -> Proposal:
    """draft → submitted, before the call's closing day."""
    _require_editor(actor, proposal)
    closes_on = proposal.call.closes_on
    if closes_on is not None and timezone.localdate() > closes_on:
        raise WorkflowError(
            "proposal.call_closed", _("公募の締切日を過ぎているため提出できません。")
        )
    return _move(proposal, Status.SUBMITTED, actor, "")


@transaction.atomic
def withdraw_proposal(proposal: Proposal, actor: Actor, reason: str = "") -> Proposal:
    _require_editor(actor, proposal)
    return _move(proposal, Status.WITHDRAWN, actor, reason)


@transaction.atomic
def select_proposals(
    evaluation: Evaluation,
    actor: Actor,
    *,
    ratings: Sequence[str] = (Rating.S, Rating.A),
    reason: str = "",
) -> dict[int, str]:
    """Selected or rejected, per proposal, from a closed selection evaluation."""
    require_officer(actor)
    if evaluation.kind not in SELECTION_KINDS or not evaluation.has_results:
        raise WorkflowError(
            "proposal.wrong_evaluation",
            _("採否は締切済みの採択・発展型採択の評価の結果からだけ決められます。"),
        )
    results = ItemResult.objects.filter(
        item__evaluation=evaluation, item__proposal__isnull=False
    ).select_related("item__proposal")
    outcome = {}
    for result in results:
        new = Status.SELECTED if result.rating in ratings else Status.REJECTED
        proposal = result.item.proposal
        assert proposal is not None  # filtered above
        outcome[proposal.pk] = str(_move(proposal, new, actor, reason).status)
    return outcome


def _move(proposal: Proposal, new: str, actor: Actor, reason: str) -> Proposal:
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if new not in PROPOSAL_TRANSITIONS[locked.status]:
        raise WorkflowError(
            "proposal.illegal_transition",
            _("提案の状態を「{old}」から「{new}」に変えることはできません。").format(
                old=Status(locked.status).label, new=Status(new).label
            ),
        )
    old = locked.status
    locked.status = new
    locked.save(update_fields=["status", "last_updated"])
    _record(locked, old, new, actor, reason)
    return locked


def _record(proposal: Proposal, old: str, new: str, actor: Actor, reason: str) -> None:
    ProposalTransition.objects.create(
        proposal=proposal,
        old_status=old,
        new_status=new,
        actor=actor_user(actor),
        reason=reason,
    )
    if old:  # the creation itself is audited by the save signal
        record(proposal, old, new, actor, reason, "status")


def _require_editor(actor: Actor, proposal: Proposal) -> None:
    """Officers; or region staff for their own region or their own proposal."""
    if is_system(actor) or is_officer(actor):
        return
    own_region = proposal.region_id in region_ids(actor)
    own_entry = proposal.region_id is None and proposal.submitted_by_id == actor.pk
    if not is_region_user(actor) or not (own_region or own_entry):
        raise PermissionDenied(_("この提案を編集する権限がありません。"))
