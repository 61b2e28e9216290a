"""Filters of the officer's audit page (and of its CSV export)."""

from __future__ import annotations

import django_filters
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from audit.models import AuditEntry
from audit.signals import audited_models

__all__ = ["AuditEntryFilterSet"]


def _audited_content_types(request: object = None) -> QuerySet[ContentType]:
    models = audited_models()
    labels = Q(pk__in=[])
    for model in models:
        labels |= Q(app_label=model._meta.app_label, model=model._meta.model_name)
    return ContentType.objects.filter(labels).order_by("app_label", "model")


class AuditEntryFilterSet(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("キーワード"))
    action = django_filters.ChoiceFilter(
        choices=AuditEntry.Action.choices, label=_("操作")
    )
    content_type = django_filters.ModelChoiceFilter(
        queryset=_audited_content_types, label=_("対象の種類")
    )
    user_name = django_filters.CharFilter(
        lookup_expr="icontains", label=_("ユーザー名")
    )
    object_id = django_filters.CharFilter(label=_("対象ID"))
    request_id = django_filters.CharFilter(label=_("リクエストID"))
    since = django_filters.DateFilter(
        field_name="time", lookup_expr="date__gte", label=_("開始日")
    )
    until = django_filters.DateFilter(
        field_name="time", lookup_expr="date__lte", label=_("終了日")
    )

    class Meta:
        model = AuditEntry
        fields = [
            "q",
            "action",
            "content_type",
            "user_name",
            "object_id",
            "request_id",
            "since",
            "until",
        ]

    def search(self, queryset: QuerySet[AuditEntry], name: str, value: str) -> QuerySet:
        return queryset.filter(
            Q(object_repr__icontains=value)
            | Q(user_name__icontains=value)
            | Q(reason__icontains=value)
        )
