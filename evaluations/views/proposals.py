"""Calls for proposals (公募) and the proposals a region or an officer enters,
with their PDF/xlsx attachments (type and size checked by the validators)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from accounts.policy import Action, can, require, scope
from evaluations.choices import ProposalStatus
from evaluations.errors import WorkflowError
from evaluations.forms import AttachmentForm, ProposalForm
from evaluations.models import Call, Proposal, ProposalAttachment
from evaluations.services import add_attachment, create_proposal, submit_proposal
from evaluations.tables import PER_PAGE, ProposalTable
from evaluations.views._common import error_text, fetch, login_or_403, report_error

__all__ = [
    "attachment_download",
    "call_detail",
    "call_list",
    "proposal_attach",
    "proposal_create",
    "proposal_detail",
    "proposal_submit",
]

PROPOSALS = Proposal.objects.select_related(
    "call__programme", "region", "main_prefecture"
)


def call_list(request: HttpRequest) -> HttpResponse:
    calls = scope(
        request.user, Call.objects.select_related("programme"), Action.VIEW
    ).order_by("-fiscal_year", "title_ja")
    return render(request, "evaluations/call_list.html", {"calls": calls})


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = fetch(request, Call.objects.select_related("programme"), pk)
    return _render_call(request, call, None)


@require_POST
@login_or_403
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft proposal; region staff only for their own regions (or none)."""
    call = fetch(request, Call.objects.all(), pk)
    require(request.user, Action.ADD, Proposal)
    form = ProposalForm(request.POST, user=request.user)
    if not form.is_valid():
        return _render_call(request, call, form)
    fields = {k: v for k, v in form.cleaned_data.items() if k != "call"}
    try:
        proposal = create_proposal(call, request.user, **fields)
    except (WorkflowError, ValidationError) as error:
        form.add_error(None, error_text(error))
        return _render_call(request, call, form)
    messages.success(request, _("提案を登録しました。資料を添付して提出してください。"))
    return redirect(reverse("evaluations:proposal_detail", kwargs={"pk": proposal.pk}))


@login_or_403
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = fetch(request, PROPOSALS, pk)
    return _render_proposal(request, proposal, None)


@require_POST
@login_or_403
def proposal_attach(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = fetch(request, PROPOSALS, pk, Action.CHANGE)
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        return _render_proposal(request, proposal, form)
    try:
        add_attachment(proposal, form.cleaned_data["file"], request.user)
    except (WorkflowError, ValidationError) as error:
        form.add_error("file", error_text(error))
        return _render_proposal(request, proposal, form)
    messages.success(request, _("資料を添付しました。"))
    return redirect(reverse("evaluations:proposal_detail", kwargs={"pk": proposal.pk}))


@require_POST
@login_or_403
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = fetch(request, PROPOSALS, pk, Action.SUBMIT)
    try:
        submit_proposal(proposal, request.user)
    except WorkflowError as error:
        report_error(request, error)
    else:
        messages.success(request, _("提案を提出しました。"))
    return redirect(reverse("evaluations:proposal_detail", kwargs={"pk": proposal.pk}))


@login_or_403
def attachment_download(request: HttpRequest, pk: int) -> FileResponse:
    """A document, for whoever may see its proposal."""
    attachment = _attachment(request, pk)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- helpers -------------------------------------------------------------------


def _attachment(request: HttpRequest, pk: int) -> ProposalAttachment:
    """Attachments have no rule of their own: they follow their proposal."""
    found = ProposalAttachment.objects.filter(pk=pk).first()
    if found is None:
        raise Http404(_("見つかりません。"))
    fetch(request, Proposal.objects.all(), found.proposal_id)
    return found


def _render_call(
    request: HttpRequest, call: Call, form: ProposalForm | None
) -> HttpResponse:
    user = request.user
    proposals = scope(user, PROPOSALS.filter(call=call), Action.VIEW)
    table = ProposalTable(proposals)
    RequestConfig(request, paginate={"per_page": PER_PAGE}).configure(table)
    can_add = can(user, Action.ADD, Proposal)
    context: dict[str, Any] = {
        "call": call,
        "table": table,
        "form": form or (ProposalForm(user=user) if can_add else None),
    }
    return render(request, "evaluations/call_detail.html", context)


def _render_proposal(
    request: HttpRequest, proposal: Proposal, form: AttachmentForm | None
) -> HttpResponse:
    user = request.user
    draft = proposal.status == ProposalStatus.DRAFT
    editable = draft and can(user, Action.CHANGE, proposal)
    context = {
        "proposal": proposal,
        "attachments": proposal.attachments.all(),
        "transitions": proposal.transitions.select_related("actor"),
        "editable": editable,
        "can_submit": draft and can(user, Action.SUBMIT, proposal),
        "form": form or (AttachmentForm() if editable else None),
    }
    return render(request, "evaluations/proposal_detail.html", context)
