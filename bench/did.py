"""Time of the event study (lib.did) against the reference csdid on the same data.

Run with `.venv/bin/python -m bench.did [--units 4000] [--years 15] [--draws 999]
[--runs 5]`.

The panel is synthetic (lib/did_synthetic.py: planted effect 2.0, cohorts every
second year, 30 % never treated). Both sides do the same work: every
ATT(g, t) with never-treated controls, the event-time aggregation with its
analytic standard errors, and a multiplier bootstrap of ``--draws`` draws for
the simultaneous band. For csdid that is ``ATTgt(...).fit(est_method="reg",
bstrap=False)`` then ``aggte("dynamic", bstrap=True, cband=True)``; the time of
ours includes building the panel from rows. Before timing, the event-time
ATTs of both are checked to agree to 1e-6.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import warnings

import numpy as np
import pandas as pd

from bench.harness import Timing, measure
from lib import did
from lib.did_panel import PanelRow, build_panel
from lib.did_synthetic import synthetic_rows


def _rows(units: int, years: int) -> list[PanelRow]:
    span = list(range(2000, 2000 + years))
    cohorts = span[2:-1:2]
    names = ["u{:05d}".format(i) for i in range(units)]
    return synthetic_rows(names, span, cohorts, effect=2.0, seed=7)


def _ours(rows: list[PanelRow], draws: int) -> np.ndarray:
    gt = did.att_gt(build_panel(rows), "never")
    agg = did.aggregate(gt, "dynamic")
    did.multiplier_bootstrap(agg.inf, draws=draws, seed=1)
    return agg.att


def _reference(frame: pd.DataFrame, draws: int) -> np.ndarray:
    from csdid.att_gt import ATTgt

    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        model = ATTgt(
            yname="y", tname="t", idname="id", gname="g", data=frame.copy(),
            control_group="nevertreated", biters=draws,
        ).fit(est_method="reg", bstrap=False)  # fmt: skip
        model.aggte(typec="dynamic", bstrap=True, biters=draws, cband=True)
    return np.asarray(model.atte["att_egt"], dtype=float)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=4000)
    parser.add_argument("--years", type=int, default=15)
    parser.add_argument("--draws", type=int, default=999)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    rows = _rows(args.units, args.years)
    frame = pd.DataFrame(
        {
            "id": [int(r.unit[1:]) for r in rows],
            "t": [r.year for r in rows],
            "y": [r.value for r in rows],
            "g": [r.first_treated for r in rows],
        }
    )
    ours, theirs = _ours(rows, args.draws), _reference(frame, args.draws)
    assert np.allclose(ours, theirs, atol=1e-6, rtol=0), "estimates differ"
    timings: list[Timing] = [
        measure("lib.did (Chiiki)", lambda: _ours(rows, args.draws), args.runs, 1),
        measure("csdid 0.4.3", lambda: _reference(frame, args.draws), args.runs, 1),
    ]
    print(
        "event study, {} units × {} years, {} bootstrap draws, {} event times; "
        "event-time ATTs agree to 1e-6".format(
            args.units, args.years, args.draws, ours.size
        )
    )
    print("| implementation | median s | p95 s | runs |")
    print("|---|---:|---:|---:|")
    for t in timings:
        print(
            "| {} | {:.2f} | {:.2f} | {} |".format(
                t.name, t.median_ms / 1000, t.p95_ms / 1000, t.runs
            )
        )


if __name__ == "__main__":
    main()
