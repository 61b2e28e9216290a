"""Sortable, paginated tables of the evaluation pages (django-tables2)."""

from __future__ import annotations

import django_tables2 as tables
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from evaluations.models import AllocationRun, Evaluation, Proposal
from lib.money import format_yen

__all__ = ["AllocationRunTable", "EvaluationTable", "ProposalTable", "state_badge"]

PER_PAGE = 25


def state_badge(evaluation: Evaluation) -> SafeString:
    return format_html(
        '<span class="badge evaluation-state evaluation-state--{}">{}</span>',
        evaluation.state,
        evaluation.get_state_display(),
    )


class EvaluationTable(tables.Table):
    fiscal_year = tables.Column(verbose_name=_("年度"))
    title_ja = tables.Column(
        verbose_name=_("名称"), linkify=("evaluations:detail", {"pk": tables.A("pk")})
    )
    programme = tables.Column(verbose_name=_("事業"), accessor="programme__name_ja")
    kind = tables.Column(verbose_name=_("種別"))
    state = tables.Column(verbose_name=_("状態"))
    items = tables.Column(verbose_name=_("対象数"), accessor="item_count")

    class Meta:
        model = Evaluation
        fields = ("fiscal_year", "title_ja", "programme", "kind", "state", "items")
        order_by = ("-fiscal_year", "title_ja")
        empty_text = _("表示できる評価はありません。")
        attrs = {"class": "table evaluation-table"}

    def render_state(self, record: Evaluation) -> SafeString:
        return state_badge(record)


class AllocationRunTable(tables.Table):
    fiscal_year = tables.Column(verbose_name=_("配分年度"))
    label_ja = tables.Column(
        verbose_name=_("名称"),
        linkify=("evaluations:run_detail", {"pk": tables.A("pk")}),
    )
    programme = tables.Column(verbose_name=_("事業"), accessor="programme__name_ja")
    budget_yen = tables.Column(verbose_name=_("予算額"), attrs={"td": {"class": "num"}})
    status = tables.Column(verbose_name=_("状態"))

    class Meta:
        model = AllocationRun
        fields = ("fiscal_year", "label_ja", "programme", "budget_yen", "status")
        order_by = ("-fiscal_year", "label_ja")
        empty_text = _("表示できる配分はありません。")
        attrs = {"class": "table allocation-run-table"}

    def render_budget_yen(self, value: int) -> str:
        return format_yen(value)


class ProposalTable(tables.Table):
    title_ja = tables.Column(
        verbose_name=_("提案名"),
        linkify=("evaluations:proposal_detail", {"pk": tables.A("pk")}),
    )
    applicant_ja = tables.Column(verbose_name=_("提案者"))
    region = tables.Column(verbose_name=_("地域"), accessor="region__name_ja")
    requested_amount_yen = tables.Column(
        verbose_name=_("要求額"), attrs={"td": {"class": "num"}}
    )
    status = tables.Column(verbose_name=_("状態"))

    class Meta:
        model = Proposal
        fields = (
            "title_ja",
            "applicant_ja",
            "region",
            "requested_amount_yen",
            "status",
        )
        order_by = ("pk",)
        empty_text = _("表示できる提案はありません。")
        attrs = {"class": "table proposal-table"}

    def render_requested_amount_yen(self, value: int) -> str:
        return format_yen(value)
