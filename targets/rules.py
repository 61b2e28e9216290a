"""Targets are published: everyone reads them, officers define them."""

from __future__ import annotations

from accounts.policy import public_read_officer_write, register
from targets.models import BenchmarkInstitution, Metric, PolicyGoal, Target

__all__ = ["register_rules"]


def register_rules() -> None:
    for model in (PolicyGoal, Target, Metric, BenchmarkInstitution):
        register(model, public_read_officer_write())
