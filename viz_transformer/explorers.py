"""``vt.explorers``: the interactive explorers (ipywidgets controls wired to a view and a figure).

>>> import viz_transformer as vt
>>> vt.explorers.AttentionExplorer("reverse", text="attention2017")
"""

from .widgets import *  # noqa: F403  (the namespace is the widgets package's public names)
from .widgets import __all__  # noqa: F401
