"""The public API is flat (issue 13): notebooks import only ``viz_transformer`` itself, and
every name of every public namespace resolves and says what it does, with an example."""

import ast
import inspect
import json
import subprocess
import sys
from pathlib import Path

import pytest

import viz_transformer as vt

NOTEBOOKS = sorted((Path(__file__).parent.parent / "notebooks").glob("*/*.ipynb"))
NAMESPACES = ["viz_transformer", "views", "plot", "figures", "explorers"]


def code_cells(path: Path) -> list[str]:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return ["".join(c["source"]) for c in cells if c["cell_type"] == "code"]


def namespace(name: str):
    return vt if name == "viz_transformer" else getattr(vt, name)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebooks_import_only_the_package(path: Path) -> None:
    deep = []
    for i, source in enumerate(code_cells(path)):
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "viz_transformer"
            ):
                deep.append(f"cell {i}: from {node.module} import ...")
            elif isinstance(node, ast.Import):
                deep += [
                    f"cell {i}: import {a.name}"
                    for a in node.names
                    if a.name.startswith("viz_transformer.")
                ]
    assert not deep, f"{path.name} reaches past the public API (use vt.…): {deep}"


def test_there_are_notebooks() -> None:
    assert len(NOTEBOOKS) >= 10


@pytest.mark.parametrize("name", NAMESPACES)
def test_every_public_name_resolves_with_a_docstring(name: str) -> None:
    module = namespace(name)
    assert module.__doc__ and ">>>" in module.__doc__, f"{name}: no docstring with an example"
    assert len(set(module.__all__)) == len(module.__all__), f"{name}: __all__ repeats a name"
    for attribute in module.__all__:
        value = getattr(module, attribute)
        if inspect.ismodule(value) or not callable(value):
            continue
        doc = inspect.getdoc(value)
        assert doc, f"{name}.{attribute} has no docstring"


@pytest.mark.parametrize("name", ["views", "plot", "figures"])
def test_every_namespace_function_shows_an_example(name: str) -> None:
    module = namespace(name)
    missing = [
        attribute
        for attribute in module.__all__
        if (inspect.isfunction(getattr(module, attribute)) or name in ("plot", "figures"))
        and ">>>" not in (getattr(module, attribute).__doc__ or "")
    ]
    assert not missing, f"vt.{name}: no >>> example in the docstring of {missing}"


PLOT_HELPERS = {"label_axes"}  # labels an axes; draws no picture
COLOUR_BARS = {  # the vt.plot pictures that draw a colour bar
    "attention_grid",
    "attention_rollout",
    "encoding_tables",
    "head_attention",
    "heatmap",
    "mask_pipeline",
    "neuron",
    "panels",
    "permutation_demo",
    "softmax_examples",
}


@pytest.mark.parametrize("picture", sorted(set(vt.plot.__all__) - PLOT_HELPERS))
def test_plot_functions_share_one_signature(picture: str) -> None:
    """``plot_<picture>(data, ax=None | axes=None, *, ..., **kwargs)``; the docstring says
    what it draws and which artist the keywords go to; colour bars take cbar and cbar_ax."""
    function = getattr(vt.plot, picture)
    assert function.__name__.startswith("plot_"), f"{picture}: {function.__name__}"
    parameters = list(inspect.signature(function).parameters.values())
    target = parameters[1]
    assert target.name in ("ax", "axes") and target.default is None, picture
    assert parameters[-1].kind is inspect.Parameter.VAR_KEYWORD, f"{picture}: no **kwargs"
    options = parameters[2:-1]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in options), picture
    doc = " ".join(inspect.getdoc(function).split())
    assert doc.startswith("Draw"), f"{picture}: the first line should say what it draws"
    assert "``**kwargs`` go to" in doc, f"{picture}: say which artist gets **kwargs"
    names = {p.name for p in parameters}
    if picture in COLOUR_BARS:
        assert {"cbar", "cbar_ax"} <= names, picture
        assert inspect.signature(function).parameters["cbar"].default is True
    else:
        assert not {"cbar", "cbar_ax"} & names, picture


@pytest.mark.parametrize("picture", vt.figures.__all__)
def test_figure_functions_share_one_signature(picture: str) -> None:
    """``<picture>_figure(data, *, ..., theme="light") -> go.Figure``: the options are keywords."""
    function = getattr(vt.figures, picture)
    assert function.__name__.endswith("_figure"), f"{picture}: {function.__name__}"
    parameters = inspect.signature(function).parameters.values()
    options = [p for p in parameters if p.default is not inspect.Parameter.empty]
    assert all(p.kind is inspect.Parameter.KEYWORD_ONLY for p in options), picture
    assert "theme" in {p.name for p in options}, picture


def test_plot_and_figure_names_match_views() -> None:
    """One name per picture: a plotly figure has its matplotlib twin, and both name a view."""
    pictures = set(vt.plot.__all__) - {"heatmap", "label_axes"}
    assert pictures <= set(vt.figures.__all__)
    views = set(vt.views.__all__)
    stems = {"architecture": "architecture_map", "panels": "Panel"}
    plural = {"encoding_tables": "encoding_table", "positional_waves": "sinusoidal_waves"}
    for picture in pictures:
        assert (stems.get(picture) or plural.get(picture) or picture) in views, picture


def test_import_stays_light() -> None:
    """Plotting and widget libraries load when a namespace is first used, not on import."""
    code = (
        "import sys, viz_transformer; "
        "print(sorted(m for m in ('matplotlib', 'plotly', 'ipywidgets') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_unknown_attribute_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        vt.no_such_name  # noqa: B018


def test_readme_public_api_example_runs() -> None:
    import matplotlib

    matplotlib.use("Agg")
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    section = readme.split("## The public API\n", 1)[1]
    for namespace_name in ("views", "plot", "figures", "explorers"):
        assert f"`vt.{namespace_name}`" in section.split("```", 1)[0]
    code = section.split("```python\n", 1)[1].split("```", 1)[0]
    scope: dict = {}
    exec(code, scope)  # the example as a reader copies it
    assert type(scope["figure"]).__name__ == "Figure"
    scope["plt"].close("all")
