"""Why 1/√d_k, in plotly: softmax statistics against d_k (hover for values), one query's weights."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.panels_plotly import panels_figure
from ..common.style import get_theme, plotly_layout
from ..common.theme import ThemeLike
from .view import STATISTICS, VARIANTS, ScalingCurves, SoftmaxExamples

DASHES = ("dash", "solid")  # without scaling dashed, with scaling solid, as in matplotlib


def scaling_curves_figure(
    view: ScalingCurves, *, overlay: ScalingCurves | None = None, theme: ThemeLike = "light"
) -> go.Figure:
    """Why 1/√d_k, in plotly: a 2×2 grid, one statistic per panel against d_k (log₂ axis),
    without (dashed) and with (solid) scaling; ``overlay`` (a trained head) as diamonds.
    Trace order: per panel, the view's two variants, then the overlay's two.

    >>> vt.figures.scaling_curves(vt.views.scaling_curves())
    """
    t = get_theme(theme)
    figure = make_subplots(rows=2, cols=2, subplot_titles=list(STATISTICS.values()))
    for index, field in enumerate(STATISTICS):
        row, col = divmod(index, 2)
        for curves, is_overlay in ((view, False), (overlay, True)):
            if curves is None:
                continue
            for variant in range(2):
                figure.add_trace(
                    _statistic_trace(curves, field, variant, is_overlay, index == 0, t),
                    row=row + 1,
                    col=col + 1,
                )
        if field == "entropy":
            figure.add_hline(
                y=view.max_entropy,
                line={"dash": "dot", "width": 1, "color": t.foreground},
                annotation_text="uniform: log₂ n",
                row=row + 1,
                col=col + 1,
            )
    figure.update_xaxes(type="log", title_text="dₖ", dtick=0.30103)  # a tick per power of 2
    figure.update_yaxes(rangemode="tozero")
    figure.update_layout(
        **plotly_layout(theme),
        title={"text": view.title},
        width=900,
        height=640,
        legend={"orientation": "h", "x": 0.5, "xanchor": "center", "y": -0.12},
    )
    return figure


def softmax_examples_figure(view: SoftmaxExamples, *, theme: ThemeLike = "light") -> go.Figure:
    """One query's softmax weights at growing d_k in plotly: two weight heatmaps (rows d_k,
    columns keys), without and with scaling.

    >>> vt.figures.softmax_examples(vt.views.softmax_examples())
    """
    return panels_figure(view.panels, title=view.title, xlabel="key", ylabel="dₖ", theme=theme)


def _statistic_trace(
    curves: ScalingCurves, field: str, variant: int, is_overlay: bool, in_legend: bool, theme
) -> go.Scatter:
    """One variant of one statistic as a line (or diamonds for an overlay)."""
    color = theme.head_color(variant)
    name = f"{curves.source}: {VARIANTS[variant].split(':')[0]}"
    return go.Scatter(
        x=curves.d_k,
        y=getattr(curves, field)[variant],
        mode="markers" if is_overlay else "lines+markers",
        line={"dash": DASHES[variant], "color": color},
        marker={
            "symbol": "diamond" if is_overlay else "circle",
            "size": 11 if is_overlay else 6,
            "color": color,
            "line": {"width": 1 if is_overlay else 0, "color": theme.foreground},
        },
        name=name,
        legendgroup=name,
        showlegend=in_legend,
        hovertemplate=f"{name}<br>dₖ %{{x}}<br>{STATISTICS[field]} %{{y:.4f}}<extra></extra>",
    )
