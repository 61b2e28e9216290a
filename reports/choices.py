"""Enumerations of annual reports; Japanese labels are the source strings."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("作成中")
    SUBMITTED = "submitted", _("提出済み")
    RETURNED = "returned", _("差戻し")
    ACCEPTED = "accepted", _("受理")


class CommercializationKind(models.TextChoices):
    PRODUCT = "product", _("商品化")
    PROTOTYPE = "prototype", _("試作品")
    STARTUP = "startup", _("起業")
    LICENSE = "license", _("ライセンス")


class Sector(models.TextChoices):
    INDUSTRY = "industry", _("産")
    ACADEMIA = "academia", _("学")
    GOVERNMENT = "government", _("官")


class ActivityKind(models.TextChoices):
    FORUM = "forum", _("フォーラム")
    JOINT_PRESENTATION = "joint_presentation", _("合同成果発表会")
    INTERNSHIP = "internship", _("インターンシップ")
    MOT_COURSE = "mot_course", _("MOT講座")
    INTERNATIONAL = "international", _("国際交流")
    OUTREACH = "outreach", _("理解増進")
    INTER_MINISTRY_PROJECT = "inter_ministry_project", _("関係府省連携プロジェクト")


class FundSource(models.TextChoices):
    SUBSIDY = "subsidy", _("国の補助金")
    REGIONAL = "regional", _("地域の自主事業")
    COMPANY = "company", _("企業負担")


class OutcomeKind(models.TextChoices):
    """Keys of the yearly aggregates that targets, dashboards and sheets read."""

    PATENT_APPLICATIONS = "patent_applications", _("特許出願件数")
    PATENT_APPLICATIONS_FOREIGN = "patent_applications_foreign", _("うち外国出願")
    COMMERCIALIZATIONS = "commercializations", _("事業化件数")
    COMMERCIALIZATIONS_PRODUCT = "commercializations_product", _("うち商品化")
    COMMERCIALIZATIONS_PROTOTYPE = "commercializations_prototype", _("うち試作品")
    COMMERCIALIZATIONS_STARTUP = "commercializations_startup", _("うち起業")
    COMMERCIALIZATIONS_LICENSE = "commercializations_license", _("うちライセンス")
    RESEARCHERS = "researchers", _("参加研究者数")
    RESEARCHERS_INDUSTRY = "researchers_industry", _("うち産")
    RESEARCHERS_ACADEMIA = "researchers_academia", _("うち学")
    RESEARCHERS_GOVERNMENT = "researchers_government", _("うち官")
    COMPANIES = "companies", _("参加企業数")
    JOINT_RESEARCH = "joint_research", _("産学官共同研究数")
    JOINT_RESEARCH_SAFETY = "joint_research_safety", _("うち安全・安心")
    ACTIVITIES_FORUM = "activities_forum", _("フォーラム開催数")
    ACTIVITIES_JOINT_PRESENTATION = (
        "activities_joint_presentation",
        _("合同成果発表会開催数"),
    )
    ACTIVITIES_INTERNSHIP = "activities_internship", _("インターンシップ数")
    ACTIVITIES_MOT_COURSE = "activities_mot_course", _("MOT講座数")
    ACTIVITIES_INTERNATIONAL = "activities_international", _("国際交流数")
    ACTIVITIES_OUTREACH = "activities_outreach", _("理解増進活動数")
    ACTIVITIES_INTER_MINISTRY = (
        "activities_inter_ministry_project",
        _("関係府省連携プロジェクト数"),
    )
    FUNDS_SUBSIDY = "funds_subsidy", _("国の補助金（円）")
    FUNDS_REGIONAL = "funds_regional", _("地域の自主事業（円）")
    FUNDS_COMPANY = "funds_company", _("企業負担（円）")
