"""Timing helpers: medians of repeated runs, so that a noisy shared machine
still gives figures that can be compared within one run."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Timing:
    name: str
    median_ms: float
    p95_ms: float
    runs: int


def measure(
    name: str, func: Callable[[], object], runs: int, warmup: int = 3
) -> Timing:
    for _ in range(warmup):
        func()
    samples: list[float] = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    p95 = samples[min(len(samples) - 1, int(len(samples) * 0.95))]
    return Timing(name, statistics.median(samples), p95, runs)


def markdown_table(timings: list[Timing], baseline: Timing) -> str:
    rows = [
        "| what | median ms | p95 ms | × bare view | runs |",
        "|---|---:|---:|---:|---:|",
    ]
    for t in timings:
        ratio = t.median_ms / baseline.median_ms if baseline.median_ms else float("nan")
        rows.append(
            f"| {t.name} | {t.median_ms:.2f} | {t.p95_ms:.2f} "
            f"| {ratio:.1f} | {t.runs} |"
        )
    return "\n".join(rows)
