"""The demo data set: reference data plus synthetic reports calibrated on the seed.

Entry point: `load_demo_data` (called by `manage.py load_demo`). The modules
hold the data as tables: `budgets` (subsidy, programmes, budgets), `regions`
(KC regions, City Areas), `links` (special zones, councils, HQ posts),
`targets` (goals, targets, metrics, benchmarks), `policy_outlines`, `users`,
`totals` (published and synthetic national totals) and `synthetic`/`rows`
(the generated reports), written by `annual_reports`.
"""

from __future__ import annotations

# No imports here: Django imports this package while the app registry is still
# loading, before any model may be imported. Import from demo.loader instead.
