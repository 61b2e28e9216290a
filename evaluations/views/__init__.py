"""The evaluation pages, one module per area (see each module's docstring)."""

from __future__ import annotations

from evaluations.views.allocation import (
    allocation,
    allocation_save,
    run_detail,
    run_list,
)
from evaluations.views.evaluations import (
    evaluation_assign,
    evaluation_close,
    evaluation_detail,
    evaluation_list,
    evaluation_open,
    evaluation_publish,
)
from evaluations.views.plans import plan_revise
from evaluations.views.proposals import (
    attachment_download,
    call_detail,
    call_list,
    proposal_attach,
    proposal_create,
    proposal_detail,
    proposal_submit,
)
from evaluations.views.results import (
    evaluation_decide,
    evaluation_results,
    item_comment,
)
from evaluations.views.scoring import item_detail, item_score, sheet_detail

__all__ = [
    "allocation",
    "allocation_save",
    "attachment_download",
    "call_detail",
    "call_list",
    "evaluation_assign",
    "evaluation_close",
    "evaluation_decide",
    "evaluation_detail",
    "evaluation_list",
    "evaluation_open",
    "evaluation_publish",
    "evaluation_results",
    "item_comment",
    "item_detail",
    "item_score",
    "plan_revise",
    "proposal_attach",
    "proposal_create",
    "proposal_detail",
    "proposal_submit",
    "run_detail",
    "run_list",
    "sheet_detail",
]
