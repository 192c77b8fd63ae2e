"""Saving a matplotlib figure for an article: PNG, SVG and PDF, byte-identical run after run.

matplotlib stamps SVG and PDF with the date and derives SVG ids from a random salt; both are
fixed here, so a figure checked into a repository only changes when the picture does. SVG
text stays text (``svg.fonttype: none``): editable, searchable, Chinese included, drawn with
the reader's fonts; PDF embeds TrueType subsets (``pdf.fonttype: 42``).
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Sequence
from contextlib import contextmanager
from pathlib import Path

import matplotlib
from matplotlib.figure import Figure

from ...errors import VizTransformerError

STATIC_FORMATS = ("png", "svg", "pdf")
SAVE_RC = {"svg.hashsalt": "viz-transformer", "svg.fonttype": "none", "pdf.fonttype": 42}
# no dates, and the same "Software" whatever the time of the run
METADATA = {
    "png": {"Software": "viz-transformer"},
    "svg": {"Date": None, "Creator": "viz-transformer"},
    "pdf": {"CreationDate": None, "ModDate": None, "Creator": "viz-transformer"},
}
# PNG resolution: below 10 dpi an article figure (about 5-7 inches wide) is a few dozen pixels,
# unreadable; print asks for 300-600, so 1200 leaves room. Above it a 7 x 6 inch figure is
# over 8400 x 7200 pixels (some 240 MB of RGBA while drawing), and matplotlib's Agg canvas
# fails outright past 65536 pixels a side (100000 dpi ends in std::bad_alloc).
DPI_RANGE = (10, 1200)


def save_figure(
    fig: Figure,
    path_or_stem: str | Path,
    formats: Sequence[str] = STATIC_FORMATS,
    dpi: int = 300,
) -> list[Path]:
    """Write ``fig`` as ``<stem>.<format>`` for each format; returns the paths written.

    ``path_or_stem`` may end in one of the formats' suffixes (it is dropped). Folders are
    created. The layout is computed once and then frozen, so every format shows the same
    picture and saving again gives the same bytes.
    """
    stem = output_stem(path_or_stem)
    unknown = [f for f in formats if f not in STATIC_FORMATS]
    if unknown or not formats:
        raise VizTransformerError(
            f"save_figure writes {list(STATIC_FORMATS)}, got {list(formats)}; for HTML draw the "
            "plotly twin and use save_html."
        )
    check_dpi(dpi)
    with plain_file_errors(stem):
        stem.parent.mkdir(parents=True, exist_ok=True)
    freeze_layout(fig)
    written = []
    with matplotlib.rc_context(SAVE_RC):
        for fmt in formats:
            path = stem.with_suffix(f".{fmt}")
            with plain_file_errors(path):
                fig.savefig(path, format=fmt, dpi=dpi, metadata=METADATA[fmt])
            written.append(path)
    return written


def check_dpi(dpi: object, what: str = "dpi") -> int | float:
    """``dpi`` if it is a number within ``DPI_RANGE``, else an error saying the range and why."""
    low, high = DPI_RANGE
    if (
        isinstance(dpi, bool)
        or not isinstance(dpi, numbers.Real)
        or not math.isfinite(dpi)
        or not low <= dpi <= high
    ):
        raise VizTransformerError(
            f"{what} {dpi!r} is out of range: give a resolution from {low} to {high} dots per "
            f"inch (300 is print quality; below {low} a figure is unreadable, above {high} a "
            "figure takes hundreds of megabytes to draw)."
        )
    return dpi


@contextmanager
def plain_file_errors(path: Path):
    """Turn the file system's refusal to write ``path`` into a sentence naming it."""
    try:
        yield
    except (FileExistsError, NotADirectoryError) as error:
        raise VizTransformerError(
            f"cannot write {path}: a file stands where a folder is needed "
            f"({error.filename}); choose another place."
        ) from None
    except IsADirectoryError:
        raise VizTransformerError(
            f"cannot write {path}: it is a folder; choose another file name."
        ) from None
    except OSError as error:
        raise VizTransformerError(
            f"cannot write {path} ({error.strerror or type(error).__name__}); choose a folder "
            "you can write into."
        ) from None


def freeze_layout(fig: Figure) -> None:
    """Run the layout engine once more and keep its result: constrained layout moves axes a
    little on every draw, which would make each save differ."""
    if fig.get_layout_engine() is not None:
        fig.draw_without_rendering()
        fig.set_layout_engine("none")


def output_stem(path_or_stem: str | Path) -> Path:
    """``out/fig.png`` → ``out/fig``; a path without a known suffix is the stem already."""
    path = Path(path_or_stem)
    known = {f".{f}" for f in (*STATIC_FORMATS, "html")}
    return path.with_suffix("") if path.suffix in known else path
