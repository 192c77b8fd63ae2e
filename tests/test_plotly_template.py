"""The package's plotly template: plotly's own, kept to the trace types the package draws, so a
figure looks as with the full template while building faster and weighing half as much."""

from __future__ import annotations

import ast
from pathlib import Path

import plotly.graph_objects as go
import plotly.io as pio
import pytest
from plotly.basedatatypes import BaseTraceType

from viz_transformer.pictures.common.theme import (
    DRAWN_TRACE_TYPES,
    THEMES,
    drawn_types_template,
    plotly_layout,
)

PACKAGE = Path(__file__).resolve().parents[1] / "viz_transformer"


@pytest.mark.parametrize("theme", sorted(THEMES))
def test_the_template_is_plotlys_layout_and_drawn_types(theme: str) -> None:
    name = THEMES[theme].plotly_template
    full = pio.templates[name].to_plotly_json()
    kept = drawn_types_template(name).to_plotly_json()
    assert kept["layout"] == full["layout"]
    assert kept["data"] == {kind: full["data"][kind] for kind in DRAWN_TRACE_TYPES}
    figure = go.Figure(go.Heatmap(z=[[0, 1]]), layout=plotly_layout(theme))
    assert figure.layout.template.layout.to_plotly_json() == full["layout"]


def _trace_types_in_the_package() -> set[str]:
    """Every plotly trace class the package's source builds (``go.Scatter(...)``)."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
                cls = getattr(go, node.attr, None) if node.value.id == "go" else None
                if isinstance(cls, type) and issubclass(cls, BaseTraceType):
                    found.add(cls().type)
    return found


def test_the_package_draws_no_trace_type_the_template_left_out() -> None:
    drawn = _trace_types_in_the_package()
    assert drawn, "no plotly trace found in the package: the check reads the wrong files"
    assert drawn <= set(DRAWN_TRACE_TYPES), sorted(drawn - set(DRAWN_TRACE_TYPES))
