"""Renderers: a view's data → a figure. ``matplotlib_<topic>`` functions take an optional
``ax=`` (``axes=`` for several panels) and return what they drew on; ``plotly_<topic>``
functions return a ``go.Figure``. A renderer never runs the model."""
