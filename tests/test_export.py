"""Exported files are valid, carry their text (Chinese included), are byte-identical run after
run, work offline; the export command writes the set and its index."""

from __future__ import annotations

import importlib
import os
import re
import struct
import xml.etree.ElementTree as ET

import matplotlib.pyplot as plt
import numpy as np
import pytest

from viz_transformer import VizTransformerError
from viz_transformer.__main__ import main
from viz_transformer.pictures.attention.article import RESCUE_TEXT, untrained_run
from viz_transformer.pictures.common import files_plotly
from viz_transformer.pictures.common.article_set import article_figures
from viz_transformer.pictures.common.style import (
    find_browser,
    heatmap,
    heatmap_figure,
    save_figure,
    save_html,
    save_plotly_images,
)

TOKENS = list("山区公路积雪")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def draw():
    """A fresh figure with Chinese labels and a −∞ cell, the same every call."""
    data = np.random.default_rng(0).random((6, 6))
    data[0, 5] = -np.inf
    return heatmap(data, x_labels=TOKENS, y_labels=TOKENS, kind="scores", title="注意力").figure


def png_size(data: bytes) -> tuple[int, int]:
    return struct.unpack(">II", data[16:24])


def test_png_svg_pdf_are_valid_and_hold_their_text(tmp_path):
    paths = save_figure(draw(), tmp_path / "fig.png", dpi=100)
    assert [p.name for p in paths] == ["fig.png", "fig.svg", "fig.pdf"]
    png = paths[0].read_bytes()
    width, height = png_size(png)
    assert png.startswith(PNG_SIGNATURE) and width == 350 and abs(height - 297.5) <= 1
    root = ET.parse(paths[1]).getroot()
    texts = {
        "".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text")
    }
    assert set(TOKENS) <= texts and "注意力" in texts and "−∞ (masked)" in texts
    pdf = paths[2].read_bytes()
    assert pdf.startswith(b"%PDF-") and b"NotoSansCJK" in pdf  # the CJK glyphs are embedded
    plt.close("all")


def test_two_runs_write_identical_bytes(tmp_path):
    first = save_figure(draw(), tmp_path / "a")
    second = save_figure(draw(), tmp_path / "b")
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.suffix
    plt.close("all")


def test_only_static_formats_are_saved_from_matplotlib(tmp_path):
    with pytest.raises(VizTransformerError, match="save_html"):
        save_figure(draw(), tmp_path / "x", formats=("html",))
    plt.close("all")


def test_html_is_standalone_and_offline(tmp_path):
    path = save_html(
        heatmap_figure(np.eye(3), x_labels=TOKENS[:3], y_labels=TOKENS[:3]), tmp_path / "h"
    )
    text = path.read_text(encoding="utf-8")
    assert not re.search(r"<script[^>]*\bsrc=[\"']?https?:", text)
    assert not re.search(r"<script[^>]*\bsrc=", text)  # plotly.js is inside, not fetched
    assert "Plotly.newPlot" in text and len(text) > 1_000_000


def test_plotly_images_through_kaleido_and_the_system_chromium(tmp_path):
    if find_browser() is None and os.environ.get("CI") != "true":
        pytest.skip("no Chrome/Chromium here (apt-get install chromium)")
    importlib.import_module("kaleido")
    figure = heatmap_figure(np.eye(3), x_labels=TOKENS[:3], y_labels=TOKENS[:3])
    png, svg, pdf = save_plotly_images(figure, tmp_path / "k")
    assert png.read_bytes().startswith(PNG_SIGNATURE)
    assert ET.parse(svg).getroot().tag.endswith("svg")
    assert pdf.read_bytes().startswith(b"%PDF-")


def test_without_a_browser_the_error_names_the_matplotlib_twin(monkeypatch, tmp_path):
    monkeypatch.setattr(files_plotly, "find_browser", lambda: None)
    with pytest.raises(VizTransformerError, match="plot_head_attention"):
        save_plotly_images(heatmap_figure(np.eye(2)), tmp_path / "k", twin="plot_head_attention")


def test_the_article_set_has_unique_names_and_both_captions():
    figures = article_figures()
    assert len({f.name for f in figures}) == len(figures)
    assert all(f.caption_en and f.caption_zh for f in figures)


def test_the_export_command_writes_figures_and_an_index(tmp_path, capsys):
    name = "attention-rescue-untrained"  # an untrained model: independent of the checkpoints
    argv = ["export", "--out", str(tmp_path), "--formats", "png,svg,html", "--only", name]
    assert main([*argv, "--lang", "zh"]) == 0
    assert {p.name for p in tmp_path.iterdir()} == {
        f"{name}.png",
        f"{name}.svg",
        f"{name}.html",
        "README.md",
        "index.html",
        ".viz-transformer-export.json",  # what export wrote, so a later export replaces only that
    }
    svg = (tmp_path / f"{name}.svg").read_text(encoding="utf-8")
    assert "救援消息" in svg and ">山<" in svg
    assert "键 key" in svg and "查询 query" in svg  # axis labels in Chinese too
    html = (tmp_path / f"{name}.html").read_text(encoding="utf-8")
    assert "键 key" in html or "\\u952e key" in html
    # the hover template's label words too (issue 14), its placeholders kept
    for label in ("查询 query %{y}", "权重 %{z:.4f}"):
        assert label in html or label.encode("ascii", "backslashreplace").decode() in html
    readme = (tmp_path / "README.md").read_text(encoding="utf-8")
    assert f"![{name}]({name}.png)" in readme and "随机初始化" in readme
    assert f'src="{name}.png"' in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_the_untrained_rescue_figure_attends_as_its_caption_says():
    """The caption says: every character spreads its attention, no weight reaches a third of
    its row (in any head)."""
    weights = untrained_run(RESCUE_TEXT).cache.attention("encoder", 0).numpy()  # [head, q, k]
    assert weights.max() < 1 / 3
    figure = next(f for f in article_figures() if f.name == "attention-rescue-untrained")
    assert "reaches a third of its row" in figure.caption_en


def test_the_export_command_refuses_unknown_formats_and_names(tmp_path, capsys):
    assert main(["export", "--out", str(tmp_path), "--formats", "gif"]) == 2
    assert main(["export", "--out", str(tmp_path), "--only", "nope"]) == 2
    assert "--formats" in capsys.readouterr().err


def test_chinese_labels_keep_symbols_and_number_layers_and_heads():
    from viz_transformer.pictures.common.language import translate

    assert translate("key", "zh") == "键 key" and translate("weight", "zh") == "权重"
    assert translate("layer 3", "zh") == "第 3 层" and translate("head 0", "zh") == "第 0 头"
    assert translate("dₖ", "zh") == "dₖ" and translate("layer 3 of 4", "zh") == "layer 3 of 4"
