"""Workflows of committee evaluations, one function per step (each atomic)."""

from __future__ import annotations

from evaluations.services.allocation import (
    AllocationOutcome,
    AllocationRequest,
    WhatIf,
    allocation_what_if,
    compute_allocation,
    decide_city_areas,
    run_allocation,
)
from evaluations.services.assignments import (
    AssignmentOutcome,
    ConflictedAssignment,
    assign_reviewer,
    assign_reviewers,
    conflict_reasons,
    conflicted_assignments,
    conflicts_for,
    coverage_problems,
    declare_conflict,
    drop_conflicted_assignments,
    reason_text,
    unassign_reviewer,
    withdraw_conflict,
)
from evaluations.services.lifecycle import (
    CriterionSpec,
    add_items,
    close_evaluation,
    create_evaluation,
    open_for_scoring,
    publish,
    reopen,
    set_comment,
    set_rubric,
)
from evaluations.services.plans import create_plan, revise_plan
from evaluations.services.proposals import (
    add_attachment,
    create_proposal,
    select_proposals,
    submit_proposal,
    withdraw_proposal,
)
from evaluations.services.scoring import record_paper_sheets, record_scores

__all__ = [
    "AllocationOutcome",
    "AllocationRequest",
    "AssignmentOutcome",
    "ConflictedAssignment",
    "CriterionSpec",
    "WhatIf",
    "add_attachment",
    "add_items",
    "allocation_what_if",
    "assign_reviewer",
    "assign_reviewers",
    "close_evaluation",
    "compute_allocation",
    "conflict_reasons",
    "conflicted_assignments",
    "conflicts_for",
    "coverage_problems",
    "create_evaluation",
    "create_plan",
    "create_proposal",
    "decide_city_areas",
    "declare_conflict",
    "drop_conflicted_assignments",
    "open_for_scoring",
    "publish",
    "record_paper_sheets",
    "reason_text",
    "record_scores",
    "reopen",
    "revise_plan",
    "run_allocation",
    "select_proposals",
    "set_comment",
    "set_rubric",
    "submit_proposal",
    "unassign_reviewer",
    "withdraw_conflict",
    "withdraw_proposal",
]
