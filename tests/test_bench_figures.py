"""The benchmarks' figures: percentiles, comparisons with targets, and readings of /proc."""

from __future__ import annotations

import os
import time

from bench.figures import percentile, versus
from bench.proc import cpu_seconds, rss_mb


def test_percentiles_are_nearest_rank() -> None:
    values = [float(n) for n in range(1, 101)]
    assert percentile(values, 0.5) == 50.0
    assert percentile(values, 0.99) == 99.0
    assert percentile([7.0], 0.99) == 7.0


def test_a_figure_is_shown_beside_its_target_with_the_ratio() -> None:
    assert versus(12.5, 10, "ms") == "12.50 ms (target ≤ 10 ms, ratio 1.25 ✗)"
    assert versus(29.0, 28.5, "msg/s", lower_is_better=False).endswith("ratio 1.02 ✓)")


def test_this_processs_memory_and_cpu_are_read_from_proc() -> None:
    pid = os.getpid()
    assert 10 < rss_mb(pid) <= rss_mb(pid, "VmHWM")
    before = cpu_seconds(pid)
    spin_until = time.process_time() + 0.05
    while time.process_time() < spin_until:
        pass
    assert cpu_seconds(pid) > before
