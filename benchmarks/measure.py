"""What every benchmark needs: summaries of timings, memory figures and an isolated environment.

App children import this module before their clock's "usable" moment: ``statistics`` and ``psutil``
(~20 ms together) load when first used, so a child's start-up time is the app's, not the benchmark's.
"""

from __future__ import annotations

import os
import platform
import resource
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# Qt without a display; QtWebEngine refuses its sandbox as root (containers, CI).
QT_HEADLESS = {"QT_QPA_PLATFORM": "offscreen", "QTWEBENGINE_DISABLE_SANDBOX": "1"}


@dataclass(frozen=True)
class Summary:
    count: int
    minimum: float
    p50: float
    p95: float
    maximum: float

    def __str__(self) -> str:
        return (f"p50 {self.p50:.1f} · p95 {self.p95:.1f} · min {self.minimum:.1f} · "
                f"max {self.maximum:.1f}  (n={self.count})")


def summarise(values: Sequence[float]) -> Summary:
    """Median, 95th percentile (linear interpolation between samples) and extremes."""
    import statistics

    if not values:
        raise ValueError("no samples to summarise")
    ordered = sorted(values)
    p95 = statistics.quantiles(ordered, n=20, method="inclusive")[-1] if len(ordered) > 1 else ordered[0]
    return Summary(len(ordered), ordered[0], statistics.median(ordered), p95, ordered[-1])


def machine_summary() -> str:
    """One line to print with every result: figures only compare on a similar, equally idle machine."""
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
            f"{platform.system()} {platform.release()}; load average {load} (1/5/15 min) at the start")


def peak_rss_mb() -> float:
    """Highest resident memory of this process so far (Linux reports kilobytes)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def tree_rss_mb() -> float:
    """Resident memory now of this process plus its children (QtWebEngine renders in helper processes)."""
    import psutil

    me = psutil.Process()
    total = 0
    for process in (me, *me.children(recursive=True)):
        try:
            total += process.memory_info().rss
        except psutil.Error:   # a helper that exited meanwhile
            continue
    return total / 2**20


@contextmanager
def isolated_home(prefix: str) -> Iterator[Path]:
    """A temp folder set as TESSERA_HOME, so settings and recovery files never touch the real ones."""
    previous = os.environ.get("TESSERA_HOME")
    with tempfile.TemporaryDirectory(prefix=prefix) as folder:
        os.environ["TESSERA_HOME"] = folder
        try:
            yield Path(folder)
        finally:
            if previous is None:
                os.environ.pop("TESSERA_HOME", None)
            else:
                os.environ["TESSERA_HOME"] = previous
