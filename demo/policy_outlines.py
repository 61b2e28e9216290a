"""When each prefecture and designated city adopted its own S&T policy outline.

Target 6-2-7 counts them, but no source lists the years: every value here is
synthetic (fixed seed), flagged ``st_policy_outline_synthetic``, and shaped so
that most had one before FY2002, more adopted one during the programme and a
few still had none by FY2004.
"""

from __future__ import annotations

import random

from geo.models import DesignatedCity, Prefecture

__all__ = ["OUTLINE_SEED", "load_policy_outlines", "synthetic_outline_fy"]

OUTLINE_SEED = 20040802


def synthetic_outline_fy(rng: random.Random) -> int | None:
    """One draw: about 55 % before FY2002, 25 % in FY2002–04, 13 % FY2005–06."""
    draw = rng.random()
    if draw < 0.55:
        return rng.randint(1995, 2001)
    if draw < 0.80:
        return rng.randint(2002, 2004)
    if draw < 0.93:
        return rng.randint(2005, 2006)
    return None


def load_policy_outlines() -> None:
    """Set the synthetic years, writing only rows whose values differ."""
    rng = random.Random(OUTLINE_SEED)
    for model in (Prefecture, DesignatedCity):
        changed = []
        for row in model.objects.order_by("code"):
            fiscal_year = synthetic_outline_fy(rng)
            if (row.st_policy_outline_fy, row.st_policy_outline_synthetic) != (
                fiscal_year,
                True,
            ):
                row.st_policy_outline_fy = fiscal_year
                row.st_policy_outline_synthetic = True
                changed.append(row)
        model.objects.bulk_update(
            changed, ["st_policy_outline_fy", "st_policy_outline_synthetic"]
        )
