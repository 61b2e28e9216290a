"""Region plans (事業計画) and their revision after an interim evaluation."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from accounts.policy import is_officer, region_ids
from evaluations.choices import EvaluationType
from evaluations.errors import WorkflowError
from evaluations.models import EvaluationItem, RegionPlan
from evaluations.services._common import Actor, actor_user, is_system
from programmes.models import Region

__all__ = ["create_plan", "revise_plan"]


@transaction.atomic
def create_plan(
    region: Region,
    actor: Actor,
    *,
    title_ja: str,
    body_ja: str,
    is_synthetic: bool = False,
) -> RegionPlan:
    """A new version of the region's plan (the first one, or a plain update)."""
    _require_region_editor(actor, region)
    return _new_version(region, actor, title_ja, body_ja, "", None, is_synthetic)


@transaction.atomic
def revise_plan(
    item: EvaluationItem,
    actor: Actor,
    *,
    body_ja: str,
    title_ja: str = "",
    is_synthetic: bool = False,
) -> RegionPlan:
    """The plan revised after an interim evaluation, as a new version.

    The committee's requested changes are copied into the version, so the
    revision and what prompted it stay together even if the item changes.
    """
    region = item.region
    evaluation = item.evaluation
    if region is None or evaluation.kind != EvaluationType.INTERIM:
        raise WorkflowError(
            "plan.not_interim",
            _("計画の改訂は中間評価の対象地域についてだけ行えます。"),
        )
    if not evaluation.has_results:
        raise WorkflowError(
            "plan.not_closed", _("中間評価の締切後に計画を改訂してください。")
        )
    _require_region_editor(actor, region)
    current = region.plans.order_by("-number").first()
    title = title_ja or (current.title_ja if current else region.name_ja)
    requested = item.requested_changes_ja or item.committee_comment_ja
    return _new_version(region, actor, title, body_ja, requested, item, is_synthetic)


def _new_version(
    region: Region,
    actor: Actor,
    title_ja: str,
    body_ja: str,
    requested_changes_ja: str,
    item: EvaluationItem | None,
    is_synthetic: bool,
) -> RegionPlan:
    locked = Region.objects.select_for_update().get(pk=region.pk)
    last = locked.plans.aggregate(n=Max("number"))["n"] or 0
    return RegionPlan.objects.create(
        region=locked,
        number=last + 1,
        title_ja=title_ja,
        body_ja=body_ja,
        requested_changes_ja=requested_changes_ja,
        evaluation_item=item,
        created_by=actor_user(actor),
        is_synthetic=is_synthetic,
    )


def _require_region_editor(actor: Actor, region: Region) -> None:
    """Officers, or the region's own staff, write its plan."""
    if is_system(actor) or is_officer(actor):
        return
    if region.pk not in region_ids(actor):
        raise PermissionDenied(_("この地域の計画を編集する権限がありません。"))
