"""Row 4: how fast AttentionExplorer answers a head change, and how many bytes the browser gets.

A BERT-shaped model with bertviz's usual 12 layers × 12 heads (narrow, d_model 96, so the run
is quick; the attention arrays are full size). Ours: set ``explorer.head.value`` and time
until ``explorer.figure`` holds the new head, the message to the browser serialised (measured
by ``WireMeter``). bertviz: the head_view page for the same attention, which holds every head
at once; measured at 128 and 256 tokens, scaled by n² beyond. Targets: ≤ 50 ms at 512 tokens;
bytes per view ≤ 1/100 of bertviz's page.
"""

from __future__ import annotations

import itertools

import torch

from benchmarks.bertviz_peer import INSTALL, Page, bertviz_page, bertviz_version, extrapolate
from benchmarks.measurement import Measurement
from benchmarks.timing import Timing, time_rounds
from benchmarks.widget_meter import WireMeter
from viz_transformer import Transformer, TransformerConfig
from viz_transformer.tokenizers import CharTokenizer

ROW = "4 AttentionExplorer head change vs bertviz"
TOKENS = (128, 512, 2048)
BERTVIZ_MEASURED = (128, 256)  # 512 tokens take bertviz ~90 s and 1.7 GB: scaled instead
LAYERS = HEADS = 12
LETTERS = "abcdefghijklmnopqrstuvwxyz"
TIME_TARGET_MS, TIME_TARGET_AT = 50.0, 512
BYTES_TARGET = 0.01


def measure(tokens=TOKENS, repeats: int = 5) -> list[Measurement]:
    """Two lines per length: update time (ms) and bytes per view, ours against bertviz."""
    model, tokenizer = explorer_model()
    pages = _bertviz_pages(model, tokenizer)
    lines = []
    for n in tokens:
        timing, sent, figure_bytes = _explorer_updates(model, tokenizer, n, repeats)
        lines += _lines(n, timing, sent, figure_bytes, *_page_at(pages, n))
    return lines


def explorer_model() -> tuple[Transformer, CharTokenizer]:
    """An encoder-only model with 12 layers × 12 heads and a letter tokenizer."""
    torch.manual_seed(0)
    tokenizer = CharTokenizer(LETTERS)
    config = TransformerConfig(
        src_vocab=tokenizer.vocab_size, shape="encoder-only", d_model=96, n_heads=HEADS,
        n_encoder_layers=LAYERS, d_ff=192, dropout=0.0, max_len=max(TOKENS),
    )  # fmt: skip
    return Transformer(config).eval(), tokenizer


def text_of(n_tokens: int) -> str:
    """A text the encoder reads as exactly ``n_tokens`` tokens (<bos> and one per letter)."""
    return "".join(LETTERS[i % len(LETTERS)] for i in range(n_tokens - 1))


def _explorer_updates(model, tokenizer, n: int, repeats: int) -> tuple[Timing, int, int]:
    """Timing of head changes, bytes sent for one, and the figure's full JSON size."""
    import plotly.io as pio

    from viz_transformer.pictures.attention.explorer import AttentionExplorer

    explorer = AttentionExplorer((model, tokenizer), text_of(n))
    explorer.layer.value = LAYERS - 1
    meter = WireMeter()
    explorer.figure.comm = meter
    heads = itertools.cycle([*range(1, HEADS), 0])  # head 0 is showing: every change is one

    def change_head() -> None:
        explorer.head.value = next(heads)

    timing = time_rounds([change_head], repeats=repeats)
    meter.reset()
    change_head()
    if explorer.error:
        raise RuntimeError(f"the explorer refused the change: {explorer.error}")
    if explorer.figure.comm is not meter:  # a new FigureWidget: its whole state would travel
        raise RuntimeError("the explorer replaced its figure on a head change; count that too")
    explorer.figure.comm = None
    return timing, meter.bytes, len(pio.to_json(explorer.figure).encode())


def _bertviz_pages(model, tokenizer) -> dict[int, Page]:
    """bertviz head_view pages at the measured lengths (empty when bertviz is missing)."""
    if bertviz_version() is None:
        return {}
    pages = {}
    for n in BERTVIZ_MEASURED:
        ids = torch.tensor([tokenizer.encode(text_of(n), add_bos=True)])
        attention = model.run_with_cache(ids, names="*.hook_weights").stack_attention("encoder")
        pages[n] = bertviz_page(attention, tokenizer.pieces(ids[0]))
    return pages


def _page_at(pages: dict[int, Page], n: int) -> tuple[Page | None, str]:
    """bertviz's page at ``n`` tokens, measured or scaled from the longest measured one."""
    if not pages:
        return None, f"bertviz missing: {INSTALL}"
    if n in pages:
        return pages[n], "bertviz measured"
    longest = max(pages)
    return extrapolate(pages[longest], n), f"bertviz scaled by n² from {longest} tokens"


def _lines(
    n: int, timing: Timing, sent: int, figure_bytes: int, page: Page | None, how: str
) -> list[Measurement]:
    peer = f"bertviz {bertviz_version()} head_view (whole page)"
    (ms,) = timing.milliseconds
    peer_ms, peer_mb = (page.seconds * 1e3, page.bytes / 1e6) if page else (None, None)
    timed = n == TIME_TARGET_AT
    return [
        Measurement(
            ROW, f"{n} tokens, update time", "ms", ms, peer_ms,
            peer_name=peer, target=f"≤ {TIME_TARGET_MS:.0f} ms" if timed else "",
            met=ms <= TIME_TARGET_MS if timed else None, note=f"{timing.note}; {how}",
        ),
        Measurement(
            ROW, f"{n} tokens, bytes per view", "MB", sent / 1e6, peer_mb,
            peer_name=peer, target=f"≤ {BYTES_TARGET}×",
            met=sent <= BYTES_TARGET * page.bytes if page else None,
            note=f"the figure's own JSON: {figure_bytes / 1e6:.2f} MB; {how}",
        ),
    ]  # fmt: skip
