"""The held-out score of the intact model beside the model with parts switched off, as bars."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.style import plotly_layout
from ..common.theme import ThemeLike, get_theme


def ablation_scores_figure(
    full: float | None,
    ablated: float | None,
    metric: str,
    examples: int,
    *,
    theme: ThemeLike = "light",
) -> go.Figure:
    """The held-out score of the intact model beside the model with parts switched off, as
    two plotly bars on a 0–100 % axis ("n/a" when the model has no task to score it on).

    >>> vt.figures.ablation_scores(0.98, 0.12, "exact match", 200)
    """
    colours = get_theme(theme)
    figure = go.Figure(
        go.Bar(
            x=["full model", "with parts off"],
            y=[full or 0.0, ablated or 0.0],
            marker_color=[colours.head_color(4), colours.head_color(5)],
            text=[f"{v:.1%}" if v is not None else "n/a" for v in (full, ablated)],
            textposition="outside",
        )
    )
    figure.update_layout(**plotly_layout(theme), width=520, height=380,
                         title={"text": f"held-out {metric} ({examples} examples)"})  # fmt: skip
    figure.update_yaxes(range=[0, 1.1], tickformat=".0%")
    return figure
