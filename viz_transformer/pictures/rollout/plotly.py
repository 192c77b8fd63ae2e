"""Attention rollout in plotly: rollout beside the layer's own attention (hover for values),
with the caveat of what rollout means written under the panels."""

from __future__ import annotations

import plotly.graph_objects as go

from ..common.panels_plotly import panels_figure
from ..common.theme import ThemeLike
from .view import CAVEAT, AttentionRollout

CAVEAT_PIXELS = 70  # room for the caveat's lines, between the title and the panels
SUBPLOT_TITLE_PIXELS = 34  # the panels' own titles, above their domain
TOP_PIXELS = 100  # plotly's top margin, holding the title


def attention_rollout_figure(
    view: AttentionRollout, *, caveat: bool = True, theme: ThemeLike = "light"
) -> go.Figure:
    """Attention rollout in plotly: rollout through layers 0 … l beside layer l's attention
    averaged over heads, on one 0–1 scale; hover names both tokens and the value. ``caveat``
    writes above the panels what rollout tracks and what it ignores (``CAVEAT``).

    >>> vt.figures.attention_rollout(vt.views.attention_rollout(run.cache, "encoder"))
    """
    figure = panels_figure(view.panels, title=view.title, theme=theme)
    if caveat:
        figure.add_annotation(
            text="<br>".join(CAVEAT), xref="paper", yref="paper", x=0, y=1,
            yshift=SUBPLOT_TITLE_PIXELS, xanchor="left", yanchor="bottom", align="left",
            showarrow=False, font={"size": 11},
        )  # fmt: skip
        figure.update_layout(
            height=figure.layout.height + CAVEAT_PIXELS,
            margin={"t": TOP_PIXELS + CAVEAT_PIXELS},
            title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 24}},
        )
    return figure
