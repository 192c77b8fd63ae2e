"""What the numbers were measured on: CPU, cores, threads, load, versions, date."""

from __future__ import annotations

import datetime
import os
import platform
from typing import Any

import torch

THREADS = 2  # fixed, so runs compare across machines with more cores and across load


def cpu_model() -> str:
    """The "model name" line of /proc/cpuinfo (the platform's processor string elsewhere)."""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            for line in cpuinfo:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def load_average() -> tuple[float, float, float]:
    """1-, 5- and 15-minute load averages (what else was running while we measured)."""
    return os.getloadavg()


def fix_threads() -> None:
    """Use exactly THREADS intra-op threads for every row."""
    torch.set_num_threads(THREADS)


def describe() -> dict[str, Any]:
    """The machine and software facts written next to the results."""
    return {
        "date": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "cpu": cpu_model(),
        "nproc": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "torch": torch.__version__,
        "python": platform.python_version(),
        "load_average": load_average(),
    }
