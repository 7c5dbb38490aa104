"""Shared helpers: repeat a call and summarise its latency."""

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Figures:
    label: str
    p50_ms: float
    p95_ms: float
    runs: int

    def line(self, baseline: "Figures | None" = None) -> str:
        text = (
            f"  {self.label:<34} p50 {self.p50_ms:8.2f} ms   "
            f"p95 {self.p95_ms:8.2f} ms   ({self.runs} runs)"
        )
        if baseline is not None and baseline.p50_ms > 0:
            text += f"   {self.p50_ms / baseline.p50_ms:6.1f}x baseline"
        return text


def measure(
    label: str, call: Callable[[], object], *, runs: int = 200, warmup: int = 10
) -> Figures:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        call()
        samples.append((time.perf_counter() - start) * 1000)
    samples.sort()
    return Figures(label, statistics.median(samples), samples[int(len(samples) * 0.95) - 1], runs)
