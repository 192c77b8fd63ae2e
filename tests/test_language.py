"""Pictures in the Chinese edition are labelled in Chinese (issue 14).

Every explorer built with ``lang="zh"`` shows every label word of its English twin changed:
titles, axis and colour-bar titles, annotations, trace names, the label words of hover
templates, control descriptions and option labels; the numbers, the tokens and the option
values stay exactly as they are. The same localizers label the ``export --lang zh`` figures.
The language itself comes from ``vt.set_language``, ``VIZ_TRANSFORMER_LANG`` or the
``edition.toml`` of the working folder, in that order.
"""

from __future__ import annotations

import re

import ipywidgets as widgets
import matplotlib
import numpy as np
import plotly.graph_objects as go
import pytest

import viz_transformer as vt
from viz_transformer.pictures.common import language
from viz_transformer.pictures.common.article_set import ArticleContext, article_figures
from viz_transformer.pictures.common.language import (
    ENV_VAR,
    localize_matplotlib,
    localize_plotly,
    translate,
    translate_markup,
)

matplotlib.use("Agg")

EXPLORERS = [name for name in vt.explorers.__all__ if name != "Explorer"]
# names and symbols a Chinese label keeps as they are
NAMES = {
    "LayerNorm", "BatchNorm", "softmax", "Transformer", "Frobenius", "sin", "cos", "PE", "pos",
    "dim", "logit", "logits", "top-k", "max", "log₂", "dₖ", "QKᵀ", "unk", "eos", "pad", "std",
    "Px", "viridis", "cividis", "magma", "Blues", "ln1", "ln2", "ln3",
    "count", "dates", "induction", "rescue", "reverse",  # the shipped models' names
}  # fmt: skip
QUOTED = re.compile(r"“[^”]*”|'[^']*'|\"[^\"]*\"")  # a token or a text: data
MARKUP = re.compile(r"%\{[^}]*\}|<[^>]*>")
WORD = re.compile(r"[A-Za-z][\w\-/.ᵀ₂ₖ]*")  # a module path is one word
CJK = re.compile(r"[\u3400-\u9fff\uff00-\uffef]")


@pytest.fixture(autouse=True)
def no_language_chosen(monkeypatch, tmp_path):
    """Each test starts with no language set, no environment variable, no edition file."""
    monkeypatch.delenv(ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    vt.set_language(None)
    yield
    vt.set_language(None)


# -- which language ------------------------------------------------------------------------


def test_the_language_is_english_by_default():
    assert vt.current_language() == "en"


def test_set_language_then_the_environment_then_the_edition_file(monkeypatch, tmp_path):
    (tmp_path / "edition.toml").write_text('title = "中文版"\nlanguage = "zh"\n', encoding="utf-8")
    assert vt.current_language() == "zh"  # the notebook's folder says so
    monkeypatch.setenv(ENV_VAR, "en")
    assert vt.current_language() == "en"  # the environment says otherwise, and wins
    vt.set_language("zh")
    assert vt.current_language() == "zh"  # and set_language wins over both
    vt.set_language(None)
    assert vt.current_language() == "en"


def test_an_edition_file_without_a_language_is_english(tmp_path):
    (tmp_path / "edition.toml").write_text('title = "notebooks"\n', encoding="utf-8")
    assert vt.current_language() == "en"


@pytest.mark.parametrize("where", ["set_language", "environment", "edition.toml"])
def test_a_language_that_is_not_offered_is_refused_with_the_choices(where, monkeypatch, tmp_path):
    with pytest.raises(vt.VizTransformerError) as refused:
        if where == "set_language":
            vt.set_language("fr")
        elif where == "environment":
            monkeypatch.setenv(ENV_VAR, "fr")
            vt.current_language()
        else:
            (tmp_path / "edition.toml").write_text('language = "fr"\n', encoding="utf-8")
            vt.current_language()
    message = str(refused.value)
    assert "'fr'" in message and "'en'" in message and "'zh'" in message
    assert {"environment": ENV_VAR, "edition.toml": "edition.toml"}.get(where, "") in message


def test_a_broken_edition_file_says_what_it_should_hold(tmp_path):
    (tmp_path / "edition.toml").write_text("language = zh\n", encoding="utf-8")
    with pytest.raises(vt.VizTransformerError, match='language = "zh"'):
        vt.current_language()


def test_an_explorer_takes_the_language_of_its_folder_when_built(tmp_path):
    (tmp_path / "edition.toml").write_text('language = "zh"\n', encoding="utf-8")
    explorer = vt.explorers.ScalingExplorer()
    assert explorer.lang == "zh" and explorer.n_keys.description == "键数"
    assert vt.explorers.ScalingExplorer(lang="en").n_keys.description == "keys"
    with pytest.raises(vt.VizTransformerError, match="'de'"):
        vt.explorers.ScalingExplorer(lang="de")


# -- one label ---------------------------------------------------------------------------------


def test_numbered_and_compound_labels():
    assert translate("layer 2", "zh") == "第 2 层"
    assert translate("head 3", "zh") == "第 3 头"
    assert translate("mean over heads", "zh") == "各头平均"
    assert translate("cross attention · layer 0 · head 1", "zh") == "交叉注意力 · 第 0 层 · 第 1 头"
    assert translate("encoder attention, layer 1, heads 0, 2 (mean) — mask: padding", "zh") == (
        "编码器注意力，第 1 层，第 0, 2 头（平均） — 掩码：填充"
    )
    assert translate("key", "zh") == "键 key" and translate("query", "zh") == "查询 query"
    assert translate("layer 2", "en") == "layer 2"


def test_symbols_names_and_tokens_stay():
    for kept in ("dₖ", "S = QKᵀ/√dₖ", "softmax(S + M)", "LayerNorm ln1", "hook_weights", "42"):
        assert translate(kept, "zh") == kept
    # a token in a title is data: "writes 'mean'" names the token mean
    assert translate("step 2 of 5: writes 'mean'", "zh") == "第 2 步（共 5 步）：写出 'mean'"
    assert translate("with “mean over heads”", "zh") == "与 “mean over heads” 同批"


def test_hover_templates_change_their_words_not_their_placeholders():
    template = "query: %{y}<br>key: %{x}<br>weight: %{z:.3f}<extra>layer 1</extra>"
    assert translate_markup(template, "zh") == (
        "查询 query: %{y}<br>键 key: %{x}<br>权重: %{z:.3f}<extra>第 1 层</extra>"
    )


# -- the explorers -----------------------------------------------------------------------------


def _figures(explorer) -> list[go.FigureWidget]:
    return [child for child in explorer.children if isinstance(child, go.FigureWidget)]


def _controls(widget) -> list[widgets.Widget]:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _controls(child)
    return found


def plotly_texts(figure) -> list[tuple[str, str]]:
    """Every label of a plotly figure, where it is: (place, text)."""
    layout = figure.layout
    texts = [("title", layout.title.text), ("legend title", layout.legend.title.text)]
    texts += [(f"{a.plotly_name} title", a.title.text) for a in figure.select_xaxes()]
    texts += [(f"{a.plotly_name} title", a.title.text) for a in figure.select_yaxes()]
    texts += [("annotation", note.text) for note in layout.annotations]
    for i, trace in enumerate(figure.data):
        texts.append((f"trace {i} name", trace.name))
        if "hovertemplate" in trace:
            hover = trace.hovertemplate
            texts += [
                (f"trace {i} hover", h)
                for h in ([hover] if isinstance(hover, str) else hover or ())
            ]
        if "colorbar" in trace:
            texts.append((f"trace {i} colour bar", trace.colorbar.title.text))
        if trace.type == "bar":
            texts += [(f"trace {i} bar text", t) for t in trace.text or ()]
            texts += [(f"trace {i} bar hover", t) for t in trace.hovertext or ()]
    return [(place, text) for place, text in texts if text]


def control_texts(explorer) -> list[tuple[str, str]]:
    texts = []
    for control in _controls(explorer.controls):
        if isinstance(getattr(control, "description", None), str) and control.description:
            texts.append((f"{type(control).__name__} description", control.description))
        labels = getattr(control, "_options_labels", ())
        if not any(re.fullmatch(r"[\w.]*[._][\w.]*", label) for label in labels):  # not paths
            texts += [("option", label) for label in labels]
        if isinstance(control, widgets.HTML):  # bold labels; what follows is the model's output
            texts += [("note", label) for label in re.findall(r"<b>(.*?)</b>", control.value)]
    return texts


def label_words(text: str, data: set[str]) -> list[str]:
    """The English label words of ``text``: not markup, quoted data, code, names or symbols."""
    text = _without(text, data)
    text = QUOTED.sub(" ", MARKUP.sub(" ", text))
    words = []
    for word in (w.rstrip("./") for w in WORD.findall(text)):
        if "_" in word or "." in word or word in NAMES or len(word) < 2:
            continue
        if re.fullmatch(r"[A-Za-z]\d+|[A-Z]{1,3}ᵀ?|e-?\d+", word):  # L0, H1, QK, P, 3.6e-07
            continue
        words.append(word)
    return words


def _without(text: str, data: set[str]) -> str:
    """``text`` without the data it names, each as a whole word ("head", the output head's path)."""
    for item in sorted(data, key=len, reverse=True):
        text = re.sub(rf"(?<![\w.]){re.escape(item)}(?![\w.])", " ", text)
    return text


def untranslated(english: str, chinese: str, data: set[str]) -> list[str]:
    """The label words of ``english`` still in ``chinese`` (a word kept after its Chinese, as
    in "键 key", is a gloss, not a leftover); all of them when nothing changed."""
    words = label_words(english, data)
    if words and english == chinese:
        return words
    chinese = _without(chinese, data)
    chinese = QUOTED.sub(" ", MARKUP.sub(" ", chinese))
    return [
        word
        for word in words
        if re.search(rf"(?<![\w.]){re.escape(word)}(?![\w.])", chinese)
        and not re.search(rf"{CJK.pattern} {re.escape(word)}", chinese)
    ]


def figure_data(figure) -> set[str]:
    """The strings a figure holds as data (module paths a click selects, say)."""
    found = set()
    for trace in figure.data:
        values = trace.customdata if "customdata" in trace else None
        if values is not None:
            found |= {v for v in np.ravel(np.asarray(values, dtype=object)) if isinstance(v, str)}
    return found


def assert_labelled_in_chinese(english, chinese) -> None:
    """Compare an English explorer with its Chinese twin in the same state."""
    figures_en, figures_zh = _figures(english), _figures(chinese)
    assert len(figures_en) == len(figures_zh) and figures_en
    leftovers = []
    for figure_en, figure_zh in zip(figures_en, figures_zh, strict=True):
        data = figure_data(figure_en)
        texts_en, texts_zh = plotly_texts(figure_en), plotly_texts(figure_zh)
        assert [p for p, _ in texts_en] == [p for p, _ in texts_zh]
        for (place, en), (_, zh) in zip(texts_en, texts_zh, strict=True):
            assert not CJK.search(QUOTED.sub("", en)), f"Chinese in the English {place}: {en!r}"
            if left := untranslated(en, zh, data):
                leftovers.append(f"{place}: {en!r} → {zh!r} keeps {left}")
        assert_same_data(figure_en, figure_zh)
    controls_en, controls_zh = control_texts(english), control_texts(chinese)
    for (place, en), (_, zh) in zip(controls_en, controls_zh, strict=True):
        assert not CJK.search(en), f"Chinese in the English {place}: {en!r}"
        if left := untranslated(en, zh, set()):
            leftovers.append(f"{place}: {en!r} → {zh!r} keeps {left}")
    for control_en, control_zh in zip(_controls(english), _controls(chinese), strict=True):
        if hasattr(control_en, "options"):  # what the code reads is the same in both
            assert control_en.value == control_zh.value
            assert list(control_en.options) == list(control_zh.options)
    assert not leftovers, "\n".join(leftovers)


def assert_same_data(figure_en, figure_zh) -> None:
    """The numbers, the categories and the tokens drawn are the same in both languages."""
    for trace_en, trace_zh in zip(figure_en.data, figure_zh.data, strict=True):
        keys = ["x", "y", "z", "customdata"] + ([] if trace_en.type == "bar" else ["text"])
        for key in keys:
            if key in trace_en:
                a, b = trace_en[key], trace_zh[key]
                assert (a is None) == (b is None), key
                if a is not None:
                    _assert_same_array(a, b)
    for axis_en in [*figure_en.select_xaxes(), *figure_en.select_yaxes()]:
        axis_zh = figure_zh.layout[axis_en.plotly_name]
        if axis_en.ticktext is not None:  # token labels
            assert list(axis_en.ticktext) == list(axis_zh.ticktext)


def _assert_same_array(a, b) -> None:
    try:  # numbers: NaN (a masked cell) equals NaN
        a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
    except (TypeError, ValueError):  # tokens, categories
        a, b = np.asarray(a, dtype=object), np.asarray(b, dtype=object)
    np.testing.assert_array_equal(a, b)


# the state each explorer is moved to after its defaults (the same in both languages)
MOVES = {
    "AttentionExplorer": [("head", "max"), ("part", "encoder")],
    "MaskExplorer": [("kind", "cross"), ("kind", "causal + padding")],
    "PositionalEncodingExplorer": [("kind", "induction")],
    "ArchitectureExplorer": [("block", "head"), ("block", "encoder.layers.0.ln1")],
    "GenerationStepper": [("model", "induction")],
    "HeadAblation": [("model", "count")],
    "LayerNormExplorer": [("stack", "decoder")],
    "LinesExplorer": [("heads", (0, 2)), ("part", "encoder")],
    "LinkedAttentionExplorer": [("head", 1), ("part", "encoder")],
    "TrainingScrubber": [("part", "cross")],
    "ScalingExplorer": [("scaled", True)],
    "NeuronExplorer": [("key", 5), ("part", "decoder"), ("query", 2)],
    "RolloutExplorer": [("layer", 0), ("part", "decoder")],
}


@pytest.mark.parametrize("name", EXPLORERS)
def test_every_label_of_an_explorer_is_chinese_and_its_data_unchanged(name):
    english = getattr(vt.explorers, name)(lang="en")
    chinese = getattr(vt.explorers, name)(lang="zh")
    assert english.error == chinese.error == ""
    assert_labelled_in_chinese(english, chinese)
    for control, value in MOVES[name]:
        for explorer in (english, chinese):
            getattr(explorer, control).value = value
        assert english.error == chinese.error == "", (control, value)
        assert_labelled_in_chinese(english, chinese)


def test_an_explorer_built_in_chinese_keeps_its_option_values():
    explorer = vt.explorers.MaskExplorer(lang="zh")
    assert explorer.kind.value == "padding" and explorer.kind.label == "填充"
    explorer.kind.value = "causal"
    assert explorer.kind.label == "因果" and "因果" in explorer.figure.layout.title.text
    attention = vt.explorers.AttentionExplorer(lang="zh")
    attention.head.value = "mean"
    assert attention.head.label == "平均" and "各头平均" in attention.figure.layout.title.text


def test_the_explorers_own_notes_are_chinese_and_long_advice_stays():
    explorer = vt.explorers.AttentionExplorer("reverse", text="attention€", lang="zh")
    assert explorer.error == "不在该模型词表中，按 <unk> 读入：€"
    explorer.text.value = "x" * 600  # longer than the model's positional table
    assert "positional table" in explorer.error  # an error's advice stays as written


# -- export: the same localizers ---------------------------------------------------------------


def matplotlib_texts(figure) -> list[tuple[str, str]]:
    texts = [("suptitle", figure._suptitle), *(("figure text", t) for t in figure.texts)]
    for i, ax in enumerate(figure.axes):
        texts += [(f"axes {i} title", ax.title), (f"axes {i} left title", ax._left_title)]
        texts += [(f"axes {i} x label", ax.xaxis.label), (f"axes {i} y label", ax.yaxis.label)]
        texts += [(f"axes {i} text", t) for t in ax.texts]
    for legend in [*figure.legends, *(ax.get_legend() for ax in figure.axes)]:
        if legend is not None:
            texts += [("legend", t) for t in legend.get_texts()]
    return [(place, t.get_text()) for place, t in texts if t is not None and t.get_text()]


ARTICLE_FIGURES = {figure.name: figure for figure in article_figures()}
_CONTEXTS: dict[str, ArticleContext] = {}  # per language: models loaded and texts run once


def _draw(name: str, lang: str):
    context = _CONTEXTS.setdefault(lang, ArticleContext(lang=lang))
    return ARTICLE_FIGURES[name].build(context)


def tick_labels(figure) -> list[list[str]]:
    """Each axis's tick labels, x then y of every axes."""
    return [
        [t.get_text() for t in axis.get_ticklabels()]
        for ax in figure.axes
        for axis in (ax.xaxis, ax.yaxis)
    ]


def test_tokens_on_an_axis_stay_and_labels_are_translated():
    tokens = _draw("layer-norm-vs-batch-norm", "zh").matplotlib
    points = _draw("residual-stream-norms", "zh").matplotlib
    for figure in (tokens, points):
        localize_matplotlib(figure, "zh")
    assert [t.get_text() for t in tokens.axes[0].get_xticklabels()] == ["how", "are", "you", "?"]
    assert [t.get_text() for t in points.axes[0].get_xticklabels()][:2] == [
        "输入",
        "0：自注意力之后",
    ]


@pytest.mark.parametrize("name", sorted(ARTICLE_FIGURES))
def test_an_export_figure_in_chinese_keeps_no_english_label(name):
    """What ``export --lang zh`` writes: the figure drawn in Chinese (its builder titles it in
    Chinese, its renderers label in English), then localized: no English label word is left,
    and the data are those drawn."""
    import matplotlib.pyplot as plt

    drawing = _draw(name, "zh")
    texts, ticks = matplotlib_texts(drawing.matplotlib), tick_labels(drawing.matplotlib)
    localize_matplotlib(drawing.matplotlib, "zh")
    pairs = list(zip(texts, matplotlib_texts(drawing.matplotlib), strict=True))
    for before, after in zip(ticks, tick_labels(drawing.matplotlib), strict=True):
        # tokens and numbers stay; an axis of labels ("input", "0: after FFN") is translated
        changed = [a != b for a, b in zip(before, after, strict=True) if re.search("[A-Za-z]", a)]
        assert all(changed) or not any(changed), (before, after)
        if any(changed):
            pairs += [(("tick", a), ("tick", b)) for a, b in zip(before, after, strict=True)]
    plt.close(drawing.matplotlib)
    data = set()
    if drawing.plotly is not None:
        drawn = go.Figure(drawing.plotly)
        localize_plotly(drawing.plotly, "zh")
        assert_same_data(drawn, drawing.plotly)
        data = figure_data(drawn)
        pairs += list(zip(plotly_texts(drawn), plotly_texts(drawing.plotly), strict=True))
    leftovers = [
        f"{place}: {en!r} → {zh!r} keeps {left}"
        for (place, en), (_, zh) in pairs
        if (left := untranslated(en, zh, data))
    ]
    assert not leftovers, "\n".join(leftovers)


def test_localizing_in_english_changes_nothing():
    figure = go.Figure(go.Heatmap(z=[[1]], hovertemplate="query %{y}<extra></extra>"))
    figure.update_layout(title="layer 0 · head 1", xaxis_title="key")
    before = figure.to_json()
    assert localize_plotly(figure, "en").to_json() == before
    assert language.translate_message("not in this model's vocabulary, read as <unk>: €", "en")


# -- the public drawing functions and vt.show -----------------------------------------------


def _head_view():
    model, tokenizer = vt.load_pretrained("reverse")
    run = vt.run_text(model, tokenizer, "abc")
    return vt.views.head_attention(run.cache, "cross", layer=0, head=0)


def test_vt_plot_and_vt_figures_draw_in_the_language_of_the_edition():
    import matplotlib.pyplot as plt

    view = _head_view()
    english_ax, english = vt.plot.head_attention(view), vt.figures.head_attention(view)
    vt.set_language("zh")
    chinese_ax, chinese = vt.plot.head_attention(view), vt.figures.head_attention(view)
    assert english_ax.get_xlabel() == "key" and chinese_ax.get_xlabel() == translate("key", "zh")
    assert english_ax.get_title() != chinese_ax.get_title() and CJK.search(chinese_ax.get_title())
    assert CJK.search(chinese.layout.xaxis.title.text) and not CJK.search(
        english.layout.xaxis.title.text
    )
    assert_same_data(english, chinese)
    assert [t.get_text() for t in chinese_ax.get_xticklabels()] == [
        t.get_text() for t in english_ax.get_xticklabels()
    ]  # the tokens stay
    plt.close("all")


def test_vt_plot_panels_return_an_array_of_axes_and_are_translated_too():
    import matplotlib.pyplot as plt

    vt.set_language("zh")
    model, tokenizer = vt.load_pretrained("dates")
    run = vt.run_text(model, tokenizer, "3 March 2024")
    axes = vt.plot.panels([vt.views.head_entropy(run.cache, "encoder")], xlabel="head")
    assert axes.flat[0].get_xlabel() == translate("head", "zh") != "head"
    plt.close("all")


def test_vt_show_labels_a_lessons_own_figure_in_chinese(monkeypatch):
    import matplotlib.pyplot as plt

    monkeypatch.setattr(plt, "show", lambda **kwargs: None)  # Agg: showing is a no-op anyway
    figure, ax = plt.subplots()
    ax.plot([1, 2], [3, 4], label="this suite: warm-up, then linear decay to 0")
    ax.set(xlabel="training step", ylabel="learning rate ÷ peak", title="reverse task")
    ax.legend()
    ax.set_xticks([1, 2], ["a", "b"])  # tokens stay
    vt.show()
    assert ax.get_xlabel() == "training step"  # English until a language is chosen
    vt.set_language("zh")
    vt.show()
    assert (ax.get_xlabel(), ax.get_ylabel()) == ("训练步数", "学习率 ÷ 峰值")
    assert ax.get_legend().get_texts()[0].get_text() == "本套件：预热，再线性降到 0"
    assert CJK.search(ax.get_title()) and [t.get_text() for t in ax.get_xticklabels()] == ["a", "b"]
    plt.close(figure)


def test_a_lessons_own_labels_in_chinese_are_drawn_with_cjk_glyphs(monkeypatch):
    """A title the lesson wrote itself was in the default font, which has no CJK glyphs: its
    Chinese showed as boxes (matplotlib warns "Glyph ... missing from font")."""
    import warnings

    import matplotlib.pyplot as plt

    from viz_transformer.pictures.common.fonts import find_cjk_font

    assert find_cjk_font() is not None, "install fonts-noto-cjk (scripts/system-deps.sh)"
    monkeypatch.setattr(plt, "show", lambda **kwargs: None)
    figure, ax = plt.subplots()
    ax.bar(["I", "am"], [0.4, 0.6])
    ax.set(xlabel="key", ylabel="weight", title="reverse task")
    vt.set_language("zh")
    vt.show()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message="Glyph .* missing")
        figure.canvas.draw()
    assert CJK.search(ax.get_title()) and CJK.search(ax.get_ylabel())
    plt.close(figure)
