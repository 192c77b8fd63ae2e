"""Fonts for matplotlib: Latin text in the default font, Chinese through an installed CJK font.

matplotlib (≥ 3.6) falls back glyph by glyph along a list of families, so the label font is
``["sans-serif", <CJK font>]``: Latin keeps its usual look and Chinese characters come from
the CJK font instead of rendering as boxes. plotly needs none of this (the browser has fonts).
"""

from __future__ import annotations

import functools
import warnings

from matplotlib import font_manager

# families tried in order; the first one installed is used for CJK glyphs
CJK_FAMILIES = (
    "Noto Sans CJK SC",
    "Noto Sans CJK TC",
    "Noto Sans CJK JP",
    "Noto Sans CJK KR",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Source Han Sans",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "AR PL UMing CN",
    "Microsoft YaHei",
    "SimHei",
    "PingFang SC",
    "Heiti SC",
)
INSTALL_HINT = "apt-get install fonts-noto-cjk"


@functools.cache
def find_cjk_font() -> str | None:
    """The family name of an installed CJK font (Noto CJK, Source Han, WenQuanYi, ...), or None."""
    installed = {font.name for font in font_manager.fontManager.ttflist}
    return next((family for family in CJK_FAMILIES if family in installed), None)


def font_family() -> list[str]:
    """The family list every label uses: the default sans-serif, then a CJK fallback if any.

    Without a CJK font this warns once (Chinese would render as boxes) with the install hint.
    """
    cjk = find_cjk_font()
    if cjk is None:
        _warn_no_cjk_font()
        return ["sans-serif"]
    return ["sans-serif", cjk]


@functools.cache
def _warn_no_cjk_font() -> None:
    warnings.warn(
        "no CJK font found for matplotlib: Chinese labels will show as boxes. "
        f"Install one (e.g. `{INSTALL_HINT}`) and restart Python.",
        UserWarning,
        stacklevel=3,
    )
