"""Browser tests: the notebooks in a real JupyterLab, Notebook 7 and Voila, offline."""
