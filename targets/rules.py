"""Targets are published: everyone reads them, officers define them."""

from __future__ import annotations

from accounts.policy import public_read_officer_write, register
from targets.models import (
    BenchmarkInstitution,
    Metric,
    MissingReport,
    PolicyGoal,
    Target,
    YearClosure,
)

__all__ = ["register_rules"]


def register_rules() -> None:
    models = (PolicyGoal, Target, Metric, BenchmarkInstitution, YearClosure)
    for model in (*models, MissingReport):
        register(model, public_read_officer_write())
