"""Annual reports, their sheets and the yearly aggregates derived from them."""

from __future__ import annotations

from reports.models.aggregates import YearlyOutcome
from reports.models.imports import ImportJob, ImportJobStatus
from reports.models.reminders import Reminder
from reports.models.reports import AnnualReport, ReportVersion, StatusChange
from reports.models.sheets import (
    Activity,
    Commercialization,
    Fund,
    JointResearch,
    ParticipantCount,
    ParticipatingCompany,
    PatentApplication,
)

__all__ = [
    "Activity",
    "AnnualReport",
    "Commercialization",
    "Fund",
    "ImportJob",
    "ImportJobStatus",
    "JointResearch",
    "ParticipantCount",
    "ParticipatingCompany",
    "PatentApplication",
    "Reminder",
    "ReportVersion",
    "StatusChange",
    "YearlyOutcome",
]
