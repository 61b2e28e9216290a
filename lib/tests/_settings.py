"""Hypothesis settings shared by the lib tests.

No example database (nothing is written into the working tree) and no
per-example deadline (the suite runs in parallel with other apps' tests, where
timing is noisy). Examples are kept modest so the lib suite stays fast.
"""

from __future__ import annotations

from hypothesis import HealthCheck, settings

PROPERTY = settings(
    database=None,
    deadline=None,
    max_examples=200,
    suppress_health_check=[HealthCheck.too_slow],
)
