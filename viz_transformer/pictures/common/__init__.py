"""What every picture family uses: the theme and its heatmap primitives (``style`` gathers them),
panels, token labels, fonts, sizes, file saving, the attention sources views read, and the
explorer base class. Importing this package loads nothing: views stay free of matplotlib."""
