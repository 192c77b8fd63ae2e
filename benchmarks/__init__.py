"""Side-by-side benchmarks: our model and pictures against torch, TransformerLens and bertviz.

Run ``python -m benchmarks`` (or ``python benchmarks/run.py``): one row per file
(``row_*.py``), every ratio measured in the same process and run. Not collected by pytest.
"""
