"""The classroom's CPU-load sampler: the average of its last few samples, each taken by an
injected reading function; started on a loop, it samples by itself, its first reading only a
baseline; the real reading is a share of all cores."""

from __future__ import annotations

import asyncio

import pytest

from tests.coroutines import run_coroutine
from viz_transformer.classroom.load import CpuLoad, busy_share_since_last_read


def readings(*shares: float):
    """A reading function giving ``shares`` in turn."""
    return iter(shares).__next__


def test_the_load_is_the_average_over_the_window() -> None:
    load = CpuLoad(window=3, read=readings(0.9, 0.3, 0.6, 0.0, 0.0))
    assert load() == 0.0  # nothing measured yet: nothing holds the line
    load.sample()
    assert load() == pytest.approx(0.9)
    load.sample()
    load.sample()
    assert load() == pytest.approx(0.6)  # (0.9 + 0.3 + 0.6) / 3
    load.sample()
    assert load() == pytest.approx(0.3)  # 0.9 left the window: (0.3 + 0.6 + 0.0) / 3
    load.sample()
    assert load() == pytest.approx(0.2)


def test_started_it_samples_by_itself_after_a_baseline_reading() -> None:
    taken: list[float] = []

    def read() -> float:
        taken.append(1.0 if taken else 0.0)  # the baseline reads 0, every sample after 1
        return taken[-1]

    async def run_a_while() -> float:
        load = CpuLoad(window=2, read=read)
        timer = load.start(every_s=0.05)
        await asyncio.sleep(0.3)
        timer.stop()
        return load()

    average = run_coroutine(run_a_while(), timeout_s=10)
    assert len(taken) >= 3, taken
    assert average == 1.0  # the baseline is not a sample


def test_the_real_reading_is_a_share_of_all_cores() -> None:
    busy_share_since_last_read()
    sum(range(200_000))
    assert 0.0 <= busy_share_since_last_read() <= 1.0


def test_a_window_holds_a_sample_at_least() -> None:
    with pytest.raises(ValueError, match="1 sample or more"):
        CpuLoad(window=0)
