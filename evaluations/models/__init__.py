"""Committee evaluations, scores, results, 傾斜配分 runs and plan versions."""

from __future__ import annotations

from evaluations.models.allocations import AllocationLine, AllocationRun, RegionPlan
from evaluations.models.committees import Committee, CommitteeMember, DeclaredConflict
from evaluations.models.evaluations import (
    Assignment,
    Criterion,
    DecisionChange,
    Evaluation,
    EvaluationItem,
    EvaluationTransition,
    ItemResult,
    Score,
)
from evaluations.models.proposals import (
    Call,
    Proposal,
    ProposalAttachment,
    ProposalTransition,
)

__all__ = [
    "AllocationLine",
    "AllocationRun",
    "Assignment",
    "Call",
    "Committee",
    "CommitteeMember",
    "Criterion",
    "DecisionChange",
    "DeclaredConflict",
    "Evaluation",
    "EvaluationItem",
    "EvaluationTransition",
    "ItemResult",
    "Proposal",
    "ProposalAttachment",
    "ProposalTransition",
    "RegionPlan",
    "Score",
]
