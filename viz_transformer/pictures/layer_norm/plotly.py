"""LayerNorm in plotly: each token's statistics before and after each norm (hover names the
token), γ and β per feature."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..common.style import get_theme, plotly_layout
from ..common.theme import ThemeLike
from .view import LayerNormParameters, LayerNormStatistics

OFFSET = 0.18  # before left of the norm's tick, after right of it, as in matplotlib


def layer_norm_statistics_figure(
    view: LayerNormStatistics, *, theme: ThemeLike = "light"
) -> go.Figure:
    """Each token's mean and variance before and after every LayerNorm, in plotly: mean and
    variance (log) panels; traces: mean before, mean after, var before, var after.

    >>> vt.figures.layer_norm_statistics(vt.views.layer_norm_statistics(run.cache, "encoder"))
    """
    t = get_theme(theme)
    figure = make_subplots(rows=1, cols=2, subplot_titles=("mean μ", "variance σ²"))
    x = np.arange(len(view.norms))
    stats = ((view.mean_in, view.mean_out), (view.var_in, view.var_out))
    for col, pair in enumerate(stats, start=1):
        for side, values in enumerate(pair):
            name = ("before (hook_in)", "after (hook_out)")[side]
            figure.add_trace(
                go.Scatter(
                    x=np.repeat(x + (2 * side - 1) * OFFSET, values.shape[1]),
                    y=values.ravel(),
                    mode="markers",
                    marker={"color": t.head_color(side), "size": 6, "opacity": 0.75},
                    customdata=np.tile(view.tokens, len(x)),
                    name=name,
                    legendgroup=name,
                    showlegend=col == 1,
                    hovertemplate="token %{customdata}<br>%{y:.4g}<extra>" + name + "</extra>",
                ),
                row=1,
                col=col,
            )
    figure.update_xaxes(tickmode="array", tickvals=x, ticktext=view.short_names)
    figure.update_yaxes(type="log", row=1, col=2, **decade_ticks(np.concatenate(stats[1], None)))
    figure.update_layout(**plotly_layout(theme), title={"text": view.title}, width=960, height=440)
    return figure


def decade_ticks(values: np.ndarray) -> dict:
    """Log-axis keywords: a range of whole decades around the positive ``values`` and one
    labelled tick per decade ("0.01", "0.1", "1", "10"), none of plotly's 2…9 between."""
    positive = values[np.isfinite(values) & (values > 0)]
    if positive.size == 0:
        return {}
    low = int(np.floor(np.log10(positive.min())))
    high = max(int(np.ceil(np.log10(positive.max()))), low + 1)
    decades = [10.0**k for k in range(low, high + 1)]
    return {
        "range": [low - 0.05, high + 0.05],
        "tickmode": "array",
        "tickvals": decades,
        "ticktext": [f"{v:g}" for v in decades],
        "minor": {"showgrid": False, "ticks": ""},
    }


def layer_norm_parameters_figure(
    view: LayerNormParameters, *, theme: ThemeLike = "light"
) -> go.Figure:
    """A LayerNorm's γ and β per feature as plotly bars (traces 0 and 1), identity values 1
    and 0 dotted.

    >>> vt.figures.layer_norm_parameters(vt.views.layer_norm_parameters(model, "encoder", 1, "ln2"))
    """
    t = get_theme(theme)
    figure = make_subplots(rows=1, cols=2, subplot_titles=("γ (scale)", "β (shift)"))
    for col, (name, values, identity) in enumerate(
        (("γ", view.gamma, 1.0), ("β", view.beta, 0.0)), start=1
    ):
        figure.add_trace(
            go.Bar(y=values, name=name, marker_color=t.head_color(4), showlegend=False),
            row=1,
            col=col,
        )
        figure.add_hline(y=identity, line={"dash": "dot", "width": 1}, row=1, col=col)
    figure.update_xaxes(title_text="feature")
    figure.update_layout(**plotly_layout(theme), title={"text": view.title}, width=960, height=380)
    return figure
