"""Enumerations of the programmes app; Japanese labels are the source strings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Certainty(models.TextChoices):
    """How sure we are of a fact (domain-facts.md marks H / M / L)."""

    HIGH = "high", _("確認済み")
    MEDIUM = "medium", _("概ね確認")
    LOW = "low", _("未確認")
    PLACEHOLDER = "placeholder", _("仮称")
    SYNTHETIC = "synthetic", _("合成データ")


class BudgetKind(models.TextChoices):
    BUDGET = "budget", _("予算額")
    REQUEST = "request", _("概算要求額")


class RegionStatus(models.TextChoices):
    PLANNED = "planned", _("採択前")
    ACTIVE = "active", _("実施中")
    FINISHED = "finished", _("終了")
    CONTINUED = "continued", _("発展型で継続")
    TERMINATED = "terminated", _("中止")


class RegionTrack(models.TextChoices):
    """KC distinguished full regions from trial regions in FY2002."""

    FULL = "full", _("事業実施地域")
    TRIAL = "trial", _("試行地域")
    GENERAL = "general", _("一般型")
    ADVANCED = "advanced", _("発展型")


class OrganisationKind(models.TextChoices):
    FOUNDATION = "foundation", _("財団・公益法人")
    UNIVERSITY = "university", _("大学")
    COMPANY = "company", _("企業")
    LOCAL_GOVERNMENT = "local_government", _("地方公共団体")
    RESEARCH_INSTITUTE = "research_institute", _("公的研究機関")
    OTHER = "other", _("その他")


class HQRole(models.TextChoices):
    DIRECTOR_GENERAL = "director_general", _("本部長")
    PROGRAMME_MANAGER = "programme_manager", _("事業総括")
    RESEARCH_DIRECTOR = "research_director", _("研究統括")
    COORDINATOR = "coordinator", _("科学技術コーディネータ")
    ADVISOR = "advisor", _("アドバイザー")
