"""Who may see and change annual reports (registered in ReportsConfig.ready).

* officers: everything;
* a region's staff: read everything of their own regions, and change
  (edit, import, submit) their reports while draft or returned;
* everyone, the public included: accepted reports, their accepted version
  and its rows, and the yearly aggregates; never drafts or histories.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import F, Q

from accounts.policy import (
    Action,
    Rule,
    is_officer,
    public_read_officer_write,
    region_ids,
    register,
)
from reports.choices import ReportStatus
from reports.models import (
    Activity,
    AnnualReport,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
    ReportVersion,
    StatusChange,
    YearlyOutcome,
)

__all__ = ["EDITABLE_STATUSES", "REGION_WRITE_ACTIONS", "register_rules"]

#: A region may change its report only while the ministry does not hold it.
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.RETURNED)
#: What a region's staff may do to their own editable reports.
REGION_WRITE_ACTIONS = (Action.CHANGE, Action.IMPORT, Action.SUBMIT)
_READ_ACTIONS = (Action.VIEW, Action.EXPORT)

SHEET_ROW_MODELS = (
    PatentApplication,
    Commercialization,
    ParticipantCount,
    ParticipatingCompany,
    JointResearch,
    Activity,
    Fund,
)


class ReportRule:
    """The rule of a model that hangs off an AnnualReport via ``path``.

    ``public`` says how the public sees rows of this model: "report" (when
    the report is accepted), "accepted_version" (only the accepted version's
    own rows) or "none" (never, e.g. the workflow history).
    """

    def __init__(self, path: str, version_path: str | None, public: str) -> None:
        self.path = path
        self.version_path = version_path
        self.public = public

    def as_rule(self) -> Rule:
        return Rule(check=self.check, scope=self.scope)

    def check(self, user: Any, action: str, obj: Any) -> bool:
        if is_officer(user):
            return True
        if obj is None:
            return False
        report: AnnualReport = _follow(obj, self.path)
        own = report.region_id in region_ids(user)
        if action in _READ_ACTIONS:
            return own or self._is_public(obj, report)
        editable = report.status in EDITABLE_STATUSES
        return own and editable and action in REGION_WRITE_ACTIONS

    def scope(self, user: Any, queryset: models.QuerySet[Any], action: str) -> Any:
        if is_officer(user):
            return queryset
        own = Q(**{f"{self.path}region_id__in": region_ids(user)})
        if action in _READ_ACTIONS:
            return queryset.filter(own | self._public_q()).distinct()
        if action in REGION_WRITE_ACTIONS:
            editable = Q(**{f"{self.path}status__in": EDITABLE_STATUSES})
            return queryset.filter(own & editable)
        return queryset.none()

    def _is_public(self, obj: Any, report: AnnualReport) -> bool:
        if self.public == "none" or report.status != ReportStatus.ACCEPTED:
            return False
        if self.public == "report":
            return True
        version_id = getattr(obj, f"{self.version_path}id")
        return version_id == report.accepted_version_id

    def _public_q(self) -> Q:
        if self.public == "none":
            return Q(pk__in=[])
        accepted = Q(**{f"{self.path}status": ReportStatus.ACCEPTED})
        if self.public == "report":
            return accepted
        version = F(f"{self.version_path}id")
        return accepted & Q(**{f"{self.path}accepted_version_id": version})


def _follow(obj: Any, path: str) -> Any:
    for name in filter(None, path.split("__")):
        obj = getattr(obj, name)
    return obj


def register_rules() -> None:
    register(AnnualReport, ReportRule("", None, public="report").as_rule())
    register(
        ReportVersion, ReportRule("report__", "", public="accepted_version").as_rule()
    )
    register(StatusChange, ReportRule("report__", None, public="none").as_rule())
    for model in SHEET_ROW_MODELS:
        rule = ReportRule("version__report__", "version_", public="accepted_version")
        register(model, rule.as_rule())
    register(YearlyOutcome, public_read_officer_write())
