"""The committee (地域科学技術施策推進委員会), its members and declared conflicts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.models import ChangeLoggedModel
from geo.models import Prefecture
from programmes.models import Organisation, Region


class Committee(ChangeLoggedModel):
    """A body of external experts that selects and evaluates regions."""

    name_ja = models.CharField(_("委員会名"), max_length=200, unique=True)
    name_en = models.CharField(_("英語名"), max_length=200, blank=True)
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("委員会")
        verbose_name_plural = _("委員会")
        ordering = ["name_ja"]

    def __str__(self) -> str:
        return self.name_ja


class CommitteeMember(ChangeLoggedModel):
    """A member of a committee, with the affiliations that create conflicts.

    A member scores through their user account (role 評価委員); a member without
    an account can still be assigned, and an officer enters their paper scores.
    """

    committee = models.ForeignKey(
        Committee,
        verbose_name=_("委員会"),
        on_delete=models.CASCADE,
        related_name="members",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ユーザー"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="committee_memberships",
    )
    name_ja = models.CharField(_("氏名"), max_length=100)
    title_ja = models.CharField(_("所属・役職"), max_length=200, blank=True)
    organisations = models.ManyToManyField(
        Organisation,
        verbose_name=_("所属機関"),
        blank=True,
        related_name="committee_members",
    )
    prefectures = models.ManyToManyField(
        Prefecture,
        verbose_name=_("関係都道府県"),
        blank=True,
        related_name="committee_members",
        help_text=_("所在地・出身など、同一都道府県の利害関係の判定に使います。"),
    )
    is_chair = models.BooleanField(_("委員長"), default=False)
    is_synthetic = models.BooleanField(_("合成データ"), default=False)

    class Meta:
        verbose_name = _("委員")
        verbose_name_plural = _("委員")
        ordering = ["committee", "-is_chair", "name_ja"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "name_ja"],
                name="committee_member_unique_name",
                violation_error_message=_("この委員会に同じ氏名の委員がいます。"),
            ),
            models.UniqueConstraint(
                fields=["committee", "user"],
                condition=Q(user__isnull=False),
                name="committee_member_unique_user",
                violation_error_message=_("このユーザーは既にこの委員会の委員です。"),
            ),
        ]

    def __str__(self) -> str:
        return self.name_ja


class DeclaredConflict(ChangeLoggedModel):
    """A conflict of interest a member declared for a region or a proposal."""

    member = models.ForeignKey(
        CommitteeMember,
        verbose_name=_("委員"),
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    proposal = models.ForeignKey(
        "evaluations.Proposal",
        verbose_name=_("提案"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="declared_conflicts",
    )
    reason_ja = models.TextField(_("理由"), blank=True)

    class Meta:
        verbose_name = _("利害関係の申告")
        verbose_name_plural = _("利害関係の申告")
        ordering = ["member", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, proposal__isnull=True)
                | Q(region__isnull=True, proposal__isnull=False),
                name="declared_conflict_one_target",
                violation_error_message=_(
                    "地域か提案のどちらか一方を指定してください。"
                ),
            ),
            models.UniqueConstraint(
                fields=["member", "region"],
                condition=Q(region__isnull=False),
                name="declared_conflict_unique_region",
                violation_error_message=_(
                    "この地域との利害関係は既に申告されています。"
                ),
            ),
            models.UniqueConstraint(
                fields=["member", "proposal"],
                condition=Q(proposal__isnull=False),
                name="declared_conflict_unique_proposal",
                violation_error_message=_(
                    "この提案との利害関係は既に申告されています。"
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member} × {self.region or self.proposal}"
