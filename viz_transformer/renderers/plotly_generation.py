"""One decoding step in plotly: decoder self-attention, cross-attention, next-token choice."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from ..style import heatmap_traces, plotly_layout, token_axis
from ..style.theme import ThemeLike, get_theme
from ..views.generation import GenerationStep


def generation_step_figure(step: GenerationStep, theme: ThemeLike = "light") -> go.Figure:
    """Heatmaps of what the decoder attends to at this step, and a bar chart of the top-k."""
    panels = [("decoder self-attention", step.self_weights, step.decoder_tokens)]
    if step.cross_weights is not None:
        panels.append(("cross-attention (source)", step.cross_weights, step.source_tokens))
    titles = [title for title, _, _ in panels] + ["next token: P = softmax(logits / T)"]
    figure = make_subplots(rows=1, cols=len(titles), subplot_titles=titles, horizontal_spacing=0.1)
    for col, (_, weights, keys) in enumerate(panels, start=1):
        traces = heatmap_traces(
            weights, x_labels=keys, y_labels=step.decoder_tokens, theme=theme, showscale=col == 1
        )
        for trace in traces:
            figure.add_trace(trace, row=1, col=col)
        figure.update_xaxes(token_axis(keys, weights.shape[1]), row=1, col=col)
        figure.update_yaxes(
            autorange="reversed",
            **token_axis(step.decoder_tokens, weights.shape[0]),
            row=1,
            col=col,
        )
    figure.add_trace(_choice_bars(step, theme), row=1, col=len(titles))
    figure.update_yaxes(range=[0, 1], row=1, col=len(titles))
    figure.update_layout(
        **plotly_layout(theme), title={"text": step.title}, width=920, height=430, showlegend=False
    )
    return figure


def _choice_bars(step: GenerationStep, theme: ThemeLike) -> go.Bar:
    """Top-k probabilities, the chosen token in the highlight colour."""
    t = get_theme(theme)
    colors = [t.head_color(0) if tok == step.chosen else t.masked for tok in step.top_tokens]
    return go.Bar(
        x=[f"{i + 1}. {tok}" for i, tok in enumerate(step.top_tokens)],
        y=step.top_probs.astype("float32"),
        marker_color=colors,
        hovertemplate="%{x}<br>P = %{y:.3f}<extra></extra>",
    )
