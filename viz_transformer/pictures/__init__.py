"""Every picture the suite draws, one folder per picture family.

A family holds the same few files, each one layer of the flow (DESIGN.md):

    view.py        pure: a cache or tensors in, a small dataclass of numpy arrays out
    matplotlib.py  draws a view on a given ``ax`` (static: print, PDF/SVG/PNG)
    plotly.py      builds a plotly figure from a view (hover, zoom, offline HTML)
    explorer.py    an ipywidgets explorer: controls wired to ``runs``, the view and a renderer
    article.py     the article figures of the family's section (the ``export`` command)

``common/`` holds what every family uses: heatmap primitives, panels, token labels, theme,
fonts, sizes, file saving and the explorer base. A new picture is a new folder of this shape;
the import contract in pyproject.toml checks the layering (tests/test_layers.py).
"""
