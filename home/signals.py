"""Which workflow step notifies whom (connected in HomeConfig.ready)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.urls import reverse
from django.utils.translation import gettext as _

from accounts.models import User
from evaluations.choices import EvaluationState
from evaluations.models import Assignment, EvaluationTransition
from home.notifications import notify
from reports.choices import ReportStatus
from reports.models import StatusChange
from sheets.models import PublishedSheet

__all__ = ["connect"]


def connect() -> None:
    post_save.connect(_report_step, sender=StatusChange, dispatch_uid="home-report")
    post_save.connect(
        _evaluation_step, sender=EvaluationTransition, dispatch_uid="home-evaluation"
    )
    post_save.connect(_assigned, sender=Assignment, dispatch_uid="home-assignment")
    post_save.connect(_published, sender=PublishedSheet, dispatch_uid="home-sheet")


def _officers() -> Any:
    return User.objects.filter(role=User.Role.OFFICER, is_active=True)


def _region_staff(region_id: int) -> Any:
    return User.objects.filter(role=User.Role.REGION, regions=region_id, is_active=True)


def _report_step(sender: Any, instance: StatusChange, created: bool, **kw: Any) -> None:
    if not created:
        return
    report = instance.report
    url = reverse(
        "reports:detail", kwargs={"code": report.region.code, "fy": report.fiscal_year}
    )
    name = str(report)
    comment = instance.comment.strip()
    if instance.new_status == ReportStatus.SUBMITTED:
        body = _(
            "{name}が提出されました。内容を確認し、受理または差戻しをしてください。"
        )
        if comment:
            body += "\n\n" + _("地域からの返信:") + "\n" + comment
        notify(
            _officers(),
            _("【Chiiki】提出: {name}").format(name=name),
            body.format(name=name),
            url,
        )
    elif instance.new_status == ReportStatus.RETURNED:
        body = (
            _("{name}が差し戻されました。理由を読み、直して再提出してください。")
            + "\n\n"
        )
        body += _("差戻しの理由:") + "\n" + comment
        notify(
            _region_staff(report.region_id),
            _("【Chiiki】差戻し: {name}").format(name=name),
            body.format(name=name),
            url,
        )
    elif instance.new_status == ReportStatus.ACCEPTED:
        notify(
            _region_staff(report.region_id),
            _("【Chiiki】受理: {name}").format(name=name),
            _("{name}が受理されました。").format(name=name),
            url,
        )


def _evaluation_step(
    sender: Any, instance: EvaluationTransition, created: bool, **kw: Any
) -> None:
    if not created:
        return
    evaluation = instance.evaluation
    url = reverse("evaluations:detail", args=[evaluation.pk])
    name = str(evaluation)
    reviewers = User.objects.filter(
        committee_memberships__assignments__item__evaluation=evaluation
    ).distinct()
    if instance.new_state == EvaluationState.OPEN:
        notify(
            reviewers,
            _("【Chiiki】採点開始: {name}").format(name=name),
            _(
                "{name}の採点が始まりました。ホームから担当の評価対象を採点してください。"
            ).format(name=name),
            reverse("home:index"),
        )
    elif instance.new_state == EvaluationState.CLOSED:
        notify(
            reviewers,
            _("【Chiiki】採点締切: {name}").format(name=name),
            _("{name}の採点が締め切られました。").format(name=name),
            url,
        )
    elif instance.new_state == EvaluationState.PUBLISHED:
        staff = User.objects.filter(
            role=User.Role.REGION, regions__evaluation_items__evaluation=evaluation
        ).distinct()
        notify(
            staff,
            _("【Chiiki】評価結果の公表: {name}").format(name=name),
            _("{name}の結果が公表されました。").format(name=name),
            url,
        )


def _assigned(sender: Any, instance: Assignment, created: bool, **kw: Any) -> None:
    """A reviewer hears of an assignment made while scoring is open (those
    made before hear when scoring opens)."""
    if not created or instance.item.evaluation.state != EvaluationState.OPEN:
        return
    user = instance.member.user
    if user is None:
        return
    notify(
        [user],
        _("【Chiiki】評価対象の割当て: {item}").format(item=instance.item.label),
        _("{evaluation}で「{item}」の採点を割り当てられました。").format(
            evaluation=instance.item.evaluation, item=instance.item.label
        ),
        reverse("evaluations:item", args=[instance.item_id]),
    )


def _published(sender: Any, instance: PublishedSheet, created: bool, **kw: Any) -> None:
    if not created:
        return
    name = _("{fy}年度 事業評価書（公表版{n}）").format(
        fy=instance.fiscal_year, n=instance.number
    )
    notify(
        _officers(),
        _("【Chiiki】公表: {name}").format(name=name),
        _("{name}が公表されました。").format(name=name),
        reverse("sheets:detail", args=[instance.fiscal_year]),
    )
