"""bertviz's head_view and model_view pages for the same [layer, head, query, key] attention.

bertviz serialises every layer × head × n² weight as JSON text into one HTML page, so its size
and build time grow with n²; ``extrapolate`` scales a measured page to longer inputs.
bertviz 1.4.1 declares boto3 (for neuron_view only), whose botocore needs python-dateutil < 3
while our pins hold 4.0.0: head_view and model_view need only IPython and torch, so it is
installed without its declared dependencies.
"""

from __future__ import annotations

from dataclasses import dataclass

from torch import Tensor

from benchmarks.timing import time_rounds

INSTALL = "pip install --no-deps -c constraints.txt bertviz==1.4.1"


@dataclass(frozen=True)
class Page:
    """One bertviz page: how long it took to build and how many bytes of HTML it holds."""

    tokens: int
    seconds: float
    bytes: int
    measured: bool = True


def bertviz_version() -> str | None:
    """The installed bertviz version, or None when the peer is not installed."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("bertviz")
    except PackageNotFoundError:
        return None


def bertviz_page(attention: Tensor, tokens: list[str], view: str = "head_view") -> Page:
    """Build the ``view`` page ("head_view" or "model_view") with html_action="return"."""
    import bertviz

    per_layer = tuple(layer[None] for layer in attention)  # bertviz: one [1, head, q, k] a layer
    build = getattr(bertviz, view)
    latest = {}  # keep one page only: at 256 tokens a page is ~0.4 GB

    def build_page() -> None:
        latest["page"] = build(per_layer, tokens, html_action="return")

    timing = time_rounds([build_page], repeats=1)
    return Page(len(tokens), timing.medians[0], len(latest["page"].data.encode()))


def extrapolate(page: Page, tokens: int) -> Page:
    """The page at ``tokens``, scaled by (tokens / page.tokens)² as its n² weights are."""
    factor = (tokens / page.tokens) ** 2
    return Page(tokens, page.seconds * factor, round(page.bytes * factor), measured=False)
