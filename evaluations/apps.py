from __future__ import annotations

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "evaluations"
    verbose_name = _("評価・配分")

    def ready(self) -> None:
        # Register the access rules of the evaluation models with the policy.
        from audit.signals import register
        from evaluations.models import Criterion, Score
        from evaluations.rules import register_rules

        register_rules()
        # Plain models (no ChangeLoggedModel columns) whose every save and
        # delete is still audited: the committee's scores and the rubric's
        # weights (issue 13: an admin change of either left no entry).
        register(Criterion)
        register(Score)
