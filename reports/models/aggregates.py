"""Yearly totals per region and outcome kind, kept current when reports are accepted."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from programmes.models import Region
from reports.choices import OutcomeKind


class YearlyOutcome(models.Model):
    """The accepted value of one outcome kind for one region and fiscal year.

    Downstream readers (targets, dashboard, sheets) read this small table
    instead of the sheet rows, so they stay fast at national scale.
    """

    region = models.ForeignKey(
        Region,
        verbose_name=_("地域"),
        on_delete=models.CASCADE,
        related_name="yearly_outcomes",
    )
    fiscal_year = models.PositiveSmallIntegerField(_("年度"))
    kind = models.CharField(_("指標"), max_length=40, choices=OutcomeKind.choices)
    value = models.BigIntegerField(_("値"))

    class Meta:
        verbose_name = _("年度別実績")
        verbose_name_plural = _("年度別実績")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "fiscal_year", "kind"],
                name="yearly_outcome_unique",
                violation_error_message=_("この地域・年度・指標の実績は既にあります。"),
            ),
        ]
        indexes = [models.Index(fields=["kind", "fiscal_year"])]

    def __str__(self) -> str:
        return f"{self.region.name_ja} {self.fiscal_year}年度 {self.get_kind_display()} {self.value}"  # noqa: E501
