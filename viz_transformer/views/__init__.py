"""Views: pure functions from a cache (or model tensors) and a selection to small dataclasses
of numpy arrays with labels and a title. A view never draws and never runs the model; the
renderers (``viz_transformer.renderers``) turn its data into matplotlib or plotly figures."""
