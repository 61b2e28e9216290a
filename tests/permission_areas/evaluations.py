"""Permission rules for the evaluations pages and API operations.

The world (``build``): a committee with the persona reviewer and a second
reviewer; an *open* interim evaluation of the region (item ``item_own``,
assigned to both, scored by the other one) and of the other region
(``item_other``, assigned to the other reviewer only); a *published*
evaluation with results; a *draft* one; a call with the region's draft
proposal and its PDF; an adopted allocation based on the published one.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import User
from evaluations.choices import AllocationStatus, EvaluationState, EvaluationType
from evaluations.models import (
    AllocationLine,
    AllocationRun,
    Assignment,
    Call,
    Committee,
    CommitteeMember,
    Criterion,
    Evaluation,
    EvaluationItem,
    ItemResult,
    Proposal,
    ProposalAttachment,
    Score,
)
from tests.factories import make_user
from tests.permission_rules import (
    ALLOWED,
    DENIED,
    FORBIDDEN,
    LOGIN,
    NOT_FOUND,
    OFFICER_PAGE,
    OK,
    UNAUTHORISED,
    Case,
    World,
    each,
    everyone,
)

# --- who may do what, by role (anonymous, region_own, region_other, reviewer,
# officer) ------------------------------------------------------------------------
# What a role may not see answers 404 like a missing id (issue 13: hidden
# evaluations must not be enumerable); a visible object whose action is refused
# answers 403 (anonymous visitors on the web: the login page).

#: An open evaluation of both regions: their staff and the reviewers see it.
OPEN_READ_WEB = each(NOT_FOUND, OK, OK, OK, OK)
OPEN_READ_API = each(NOT_FOUND, OK, OK, OK, OK)
#: The item of the region, assigned to the persona reviewer.
OWN_ITEM_WEB = each(NOT_FOUND, OK, NOT_FOUND, OK, OK)
#: The draft: officers only; everyone else must not learn it exists.
DRAFT_READ_WEB = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)
DRAFT_READ_API = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)
#: An officer's step (open, close, publish, assign, comment, decide, allocate).
OFFICER_STEP_WEB = each(LOGIN, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
OFFICER_STEP_API = each(UNAUTHORISED, DENIED, DENIED, DENIED, ALLOWED)
#: ... on the draft (only officers see it at all),
DRAFT_STEP_WEB = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, ALLOWED)
DRAFT_STEP_API = each(UNAUTHORISED, NOT_FOUND, NOT_FOUND, NOT_FOUND, ALLOWED)
#: ... on the open one (the public does not see it; insiders see, are refused),
OPEN_STEP_WEB = each(NOT_FOUND, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED)
#: ... on the region's open item (the other region's staff do not see it).
OWN_ITEM_STEP_WEB = each(NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN, ALLOWED)
#: The item of the other region, assigned to another reviewer only.
OTHER_ITEM_WEB = each(NOT_FOUND, NOT_FOUND, OK, NOT_FOUND, OK)
#: Score sheets: never the public nor region staff; a reviewer only their own.
OWN_SHEET_WEB = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)
OWN_SHEET_API = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, OK, OK)
#: An item's sheets: the region's staff see the item, not its sheets (403).
ITEM_SHEETS_API = each(DENIED, FORBIDDEN, DENIED, OK, OK)
OTHERS_SHEET_WEB = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)
OTHERS_SHEET_API = each(NOT_FOUND, NOT_FOUND, NOT_FOUND, NOT_FOUND, OK)
PUBLISHED_SHEETS_API = each(FORBIDDEN, FORBIDDEN, FORBIDDEN, FORBIDDEN, OK)
#: Scoring: only the assigned reviewer (officers enter paper sheets elsewhere).
SCORE_WEB = each(NOT_FOUND, FORBIDDEN, NOT_FOUND, ALLOWED, FORBIDDEN)
SCORE_API = each(UNAUTHORISED, FORBIDDEN, NOT_FOUND, ALLOWED, FORBIDDEN)
SCORE_OTHER_WEB = each(NOT_FOUND, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN)
SCORE_OTHER_API = each(UNAUTHORISED, NOT_FOUND, FORBIDDEN, NOT_FOUND, FORBIDDEN)
#: The region's plan after the interim evaluation: its staff and officers.
PLAN = each(LOGIN, OK, FORBIDDEN, FORBIDDEN, OK)
#: The region's draft proposal: its staff and officers; others never see it.
PROPOSAL_READ = each(NOT_FOUND, OK, NOT_FOUND, NOT_FOUND, OK)
PROPOSAL_WRITE = each(NOT_FOUND, ALLOWED, NOT_FOUND, NOT_FOUND, ALLOWED)
PROPOSAL_ADD = each(LOGIN, ALLOWED, ALLOWED, FORBIDDEN, ALLOWED)


def _x(name: str) -> Any:
    return lambda world: {"pk": world.extra["evaluations"][name].pk}


def _api(evaluation: str, **others: str) -> Any:
    def params(world: World) -> dict[str, Any]:
        objects = world.extra["evaluations"]
        found = {"evaluation_id": objects[evaluation].pk}
        found.update({key: objects[name].pk for key, name in others.items()})
        return found

    return params


def _scores(world: World) -> dict[str, Any]:
    return {"scores": {"progress": 4}, "comment": "良好"}


def _score_form(world: World) -> dict[str, Any]:
    return {"score_progress": "4", "comment": "良好"}


def _allocation(world: World) -> dict[str, Any]:
    return {
        "programme": world.region.programme.code,
        "fiscal_year": 2005,
        "budget_yen": 1_000_000_000,
    }


def _allocation_form(world: World) -> dict[str, Any]:
    return {
        "programme": world.region.programme.code,
        "fiscal_year": "2005",
        "budget": "10億円",
        "weighting": "rating",
        "down_percent": "30",
        "up_percent": "30",
        "label_ja": "権限テストの配分",
    }


def _plan(world: World) -> dict[str, Any]:
    return {"body_ja": "改訂した計画"}


def _upload(world: World) -> dict[str, Any]:
    """A refused type: past the access check (200 with the error), nothing stored."""
    return {"file": ContentFile(b"MZ", name="plan.exe")}


WEB_RULES: dict[str, list[Case]] = {
    "evaluations:list": [Case(everyone())],
    "evaluations:detail": [
        Case(OPEN_READ_WEB, params=_x("open"), label="open"),
        Case(everyone(), params=_x("published"), label="published"),
        Case(DRAFT_READ_WEB, params=_x("draft"), label="draft"),
    ],
    "evaluations:assign": [Case(DRAFT_STEP_WEB, "post", _x("draft"))],
    "evaluations:open": [Case(DRAFT_STEP_WEB, "post", _x("draft"))],
    "evaluations:close": [Case(OPEN_STEP_WEB, "post", _x("open"))],
    "evaluations:publish": [Case(OPEN_STEP_WEB, "post", _x("open"))],
    "evaluations:decide": [Case(OFFICER_STEP_WEB, "post", _x("published"))],
    "evaluations:results": [
        Case(OPEN_READ_WEB, params=_x("open"), label="open"),
        Case(everyone(), params=_x("published"), label="published"),
    ],
    "evaluations:item": [
        Case(OWN_ITEM_WEB, params=_x("item_own"), label="assigned"),
        Case(OTHER_ITEM_WEB, params=_x("item_other"), label="unassigned"),
        Case(everyone(), params=_x("item_published"), label="published"),
    ],
    "evaluations:score": [
        Case(SCORE_WEB, "post", _x("item_own"), _score_form, label="assigned"),
        Case(
            SCORE_OTHER_WEB, "post", _x("item_other"), _score_form, label="unassigned"
        ),
    ],
    "evaluations:comment": [Case(OWN_ITEM_STEP_WEB, "post", _x("item_own"))],
    "evaluations:plan": [
        Case(PLAN, params=_x("item_published")),
        Case(
            each(LOGIN, ALLOWED, FORBIDDEN, FORBIDDEN, ALLOWED),
            "post",
            _x("item_published"),
            _plan,
            label="post",
        ),
    ],
    "evaluations:sheet": [
        Case(OWN_SHEET_WEB, params=_x("sheet_own"), label="own"),
        Case(OTHERS_SHEET_WEB, params=_x("sheet_other"), label="another reviewer's"),
    ],
    "evaluations:allocation": [
        Case(OFFICER_PAGE),
        Case(OFFICER_PAGE, query="budget=x&fiscal_year=2005", label="invalid"),
    ],
    "evaluations:allocation_save": [
        Case(OFFICER_STEP_WEB, "post", data=_allocation_form)
    ],
    "evaluations:run_list": [Case(everyone())],
    "evaluations:run_detail": [Case(everyone(), params=_x("run"))],
    "evaluations:call_list": [Case(everyone())],
    "evaluations:call_detail": [Case(everyone(), params=_x("call"))],
    "evaluations:proposal_create": [Case(PROPOSAL_ADD, "post", _x("call"))],
    "evaluations:proposal_detail": [Case(PROPOSAL_READ, params=_x("proposal"))],
    "evaluations:proposal_attach": [
        Case(PROPOSAL_WRITE, "post", _x("proposal"), _upload)
    ],
    "evaluations:proposal_submit": [Case(PROPOSAL_WRITE, "post", _x("proposal"))],
    "evaluations:attachment": [Case(PROPOSAL_READ, params=_x("attachment"))],
}

API_RULES: dict[str, list[Case]] = {
    "GET /api/v1/evaluations": [Case(everyone())],
    "GET /api/v1/evaluations/{evaluation_id}": [
        Case(OPEN_READ_API, params=_api("open"), label="open"),
        Case(everyone(), params=_api("published"), label="published"),
        Case(DRAFT_READ_API, params=_api("draft"), label="draft"),
    ],
    "GET /api/v1/evaluations/{evaluation_id}/items/{item_id}/scores": [
        Case(ITEM_SHEETS_API, params=_api("open", item_id="item_own"), label="own"),
        Case(
            each(DENIED, DENIED, FORBIDDEN, DENIED, OK),
            params=_api("open", item_id="item_other"),
            label="unassigned",
        ),
        Case(
            PUBLISHED_SHEETS_API,
            params=_api("published", item_id="item_published"),
            label="published",
        ),
    ],
    "GET /api/v1/evaluations/{evaluation_id}/sheets/{sheet_id}": [
        Case(OWN_SHEET_API, params=_api("open", sheet_id="sheet_own"), label="own"),
        Case(
            OTHERS_SHEET_API,
            params=_api("open", sheet_id="sheet_other"),
            label="another reviewer's",
        ),
    ],
    "POST /api/v1/evaluations/{evaluation_id}/items/{item_id}/scores": [
        Case(
            SCORE_API,
            "post",
            _api("open", item_id="item_own"),
            _scores,
            label="assigned",
            json=True,
        ),
        Case(
            SCORE_OTHER_API,
            "post",
            _api("open", item_id="item_other"),
            _scores,
            label="unassigned",
            json=True,
        ),
    ],
    "POST /api/v1/evaluations/{evaluation_id}/open": [
        Case(DRAFT_STEP_API, "post", _api("draft"))
    ],
    "POST /api/v1/evaluations/{evaluation_id}/close": [
        Case(OFFICER_STEP_API, "post", _api("open"))
    ],
    "POST /api/v1/evaluations/{evaluation_id}/publish": [
        Case(OFFICER_STEP_API, "post", _api("open"))
    ],
    "POST /api/v1/evaluations/{evaluation_id}/assign": [
        Case(DRAFT_STEP_API, "post", _api("draft"))
    ],
    "POST /api/v1/allocations": [
        Case(
            each(UNAUTHORISED, FORBIDDEN, FORBIDDEN, FORBIDDEN, ALLOWED),
            "post",
            data=_allocation,
            json=True,
        )
    ],
}

ATTACHMENT_NAME = "evaluations/proposals/permission-matrix.pdf"


def build(world: World) -> None:
    """Add the evaluations objects the cases point at to world.extra."""
    users = world.extra["users"]
    programme = world.region.programme
    committee = Committee.objects.create(name_ja="権限テスト委員会")
    own = CommitteeMember.objects.create(
        committee=committee, name_ja="担当委員", user=users["reviewer"]
    )
    other = CommitteeMember.objects.create(
        committee=committee,
        name_ja="他の委員",
        user=make_user(User.Role.REVIEWER, username="matrix-reviewer-2"),
    )
    objects: dict[str, Any] = {}

    def evaluation(name: str, state: str) -> Evaluation:
        created = Evaluation.objects.create(
            kind=EvaluationType.INTERIM,
            programme=programme,
            fiscal_year=2004,
            title_ja=f"権限テスト評価（{name}）",
            committee=committee,
            state=state,
            min_reviewers=1,
        )
        Criterion.objects.create(
            evaluation=created, code="progress", name_ja="進捗", weight=Decimal(1)
        )
        objects[name] = created
        return created

    def sheet(item: EvaluationItem, member: CommitteeMember, value: int | None) -> Any:
        assignment = Assignment.objects.create(item=item, member=member)
        if value is not None:
            Score.objects.create(
                assignment=assignment,
                criterion=item.evaluation.criteria.get(),
                value=value,
            )
            assignment.submitted_at = timezone.now()
            assignment.save(update_fields=["submitted_at"])
        return assignment

    open_ = evaluation("open", EvaluationState.OPEN)
    objects["item_own"] = EvaluationItem.objects.create(
        evaluation=open_, region=world.region
    )
    objects["item_other"] = EvaluationItem.objects.create(
        evaluation=open_, region=world.other_region
    )
    objects["sheet_own"] = sheet(objects["item_own"], own, None)
    objects["sheet_other"] = sheet(objects["item_own"], other, 3)
    sheet(objects["item_other"], other, 4)

    published = evaluation("published", EvaluationState.PUBLISHED)
    item = EvaluationItem.objects.create(
        evaluation=published,
        region=world.region,
        requested_changes_ja="テーマを重点化すること",
    )
    objects["item_published"] = item
    sheet(item, other, 3)
    ItemResult.objects.create(
        item=item,
        score=Decimal(3),
        raw_mean=Decimal(3),
        std=Decimal(0),
        score_range=Decimal(0),
        reviewer_count=1,
        rating="B",
        rank=1,
    )

    draft = evaluation("draft", EvaluationState.DRAFT)
    sheet(
        EvaluationItem.objects.create(evaluation=draft, region=world.region), own, None
    )

    objects["run"] = _run(world, published)
    objects["call"] = Call.objects.create(
        programme=programme, fiscal_year=2005, title_ja="権限テスト公募"
    )
    objects["proposal"] = Proposal.objects.create(
        call=objects["call"],
        region=world.region,
        title_ja="権限テスト提案",
        applicant_ja="テスト県",
        main_prefecture=world.region.main_prefecture,
        submitted_by=users["region_own"],
    )
    objects["attachment"] = _attachment(objects["proposal"])
    world.extra["evaluations"] = objects


def _run(world: World, evaluation: Evaluation) -> AllocationRun:
    run = AllocationRun.objects.create(
        programme=world.region.programme,
        fiscal_year=2005,
        evaluation=evaluation,
        label_ja="権限テスト配分",
        status=AllocationStatus.ADOPTED,
        budget_yen=100_000_000,
        down_percent=30,
        up_percent=30,
    )
    AllocationLine.objects.create(
        run=run,
        region=world.region,
        rating="B",
        weight=Decimal(1),
        base_yen=100_000_000,
        floor_yen=70_000_000,
        ceiling_yen=130_000_000,
        raw_share_yen=100_000_000,
        target_yen=100_000_000,
        amount_yen=100_000_000,
    )
    return run


def _attachment(proposal: Proposal) -> ProposalAttachment:
    """A stored PDF under a fixed name (written once, so reruns add no files)."""
    if not default_storage.exists(ATTACHMENT_NAME):
        default_storage.save(ATTACHMENT_NAME, ContentFile(b"%PDF-1.4 matrix"))
    return ProposalAttachment.objects.create(
        proposal=proposal,
        file=ATTACHMENT_NAME,
        original_name="plan.pdf",
        size_bytes=15,
    )
