"""Plain `make_<thing>(**overrides)` factories for tests (no factory_boy).

Prefectures are reference data loaded by a migration, so factories look
them up instead of creating them.
"""

from __future__ import annotations

import itertools
from typing import Any

from accounts.models import User
from geo.models import Prefecture
from programmes.models import Organisation, Programme, Region, Subsidy
from reports.models import AnnualReport, ReportVersion

_seq = itertools.count(1)


def _next() -> int:
    return next(_seq)


def make_subsidy(**overrides: Any) -> Subsidy:
    overrides.setdefault("name_ja", f"テスト補助金{_next()}")
    overrides.setdefault("start_fy", 2002)
    return Subsidy.objects.create(**overrides)


def make_programme(**overrides: Any) -> Programme:
    n = _next()
    if "subsidy" not in overrides:
        overrides["subsidy"] = make_subsidy()
    overrides.setdefault("code", f"P{n}")
    overrides.setdefault("name_ja", f"テスト事業{n}")
    overrides.setdefault("start_fy", 2002)
    overrides.setdefault("annual_amount_per_region_yen", 100_000_000)
    overrides.setdefault("duration_years", 3)
    return Programme.objects.create(**overrides)


def make_region(**overrides: Any) -> Region:
    n = _next()
    if "programme" not in overrides:
        overrides["programme"] = make_programme()
    prefectures = overrides.pop("prefectures", None)
    overrides.setdefault("main_prefecture", Prefecture.objects.get(code="13"))
    overrides.setdefault("code", f"test-region-{n}")
    overrides.setdefault("name_ja", f"テスト地域{n}")
    overrides.setdefault("start_fy", 2002)
    overrides.setdefault("planned_end_fy", overrides["start_fy"] + 2)
    region = Region.objects.create(**overrides)
    region.prefectures.set(prefectures or [region.main_prefecture])
    return region


def make_organisation(**overrides: Any) -> Organisation:
    overrides.setdefault("name_ja", f"テスト財団{_next()}")
    return Organisation.objects.create(**overrides)


def make_user(role: str = User.Role.REGION, **overrides: Any) -> User:
    regions = overrides.pop("regions", [])
    overrides.setdefault("username", f"user{_next()}")
    user = User.objects.create_user(
        password=overrides.pop("password", "correct-horse-battery"),
        role=role,
        **overrides,
    )
    user.regions.set(regions)
    return user


def make_report(**overrides: Any) -> AnnualReport:
    if "region" not in overrides:
        overrides["region"] = make_region()
    overrides.setdefault("fiscal_year", overrides["region"].start_fy)
    report = AnnualReport.objects.create(**overrides)
    version = ReportVersion.objects.create(report=report, number=1)
    report.current_version = version
    report.save(update_fields=["current_version"])
    return report
