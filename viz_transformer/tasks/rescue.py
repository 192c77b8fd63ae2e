"""rescue (encoder-decoder): turn a rescue message into the dispatch command it calls for.

The source articles' running example, reproduced exactly by the trained model:

    山区公路积雪3米,断电,50人被困,急需发电机和医疗队 → 派3台除雪车至A7公路,医疗队随行,协调电力公司恢复供电

A message is four clauses, **in a random order**, joined by ASCII commas as in the articles:

- where, and what blocks the road: ``{place}积雪{depth}`` (the snow 1–9 米 or 30/50/80 厘米
  deep) or ``{place}塌方{n}处`` (landslides in 1–6 places), the place one of eight roads;
- the power: ``断电``, present or absent;
- how many people are trapped: ``{n}人被困``, n from 2 to 199;
- what is needed: ``急需`` and one to three of 发电机, 医疗队, 食品, 帐篷 (``甲和乙``, ``甲、乙和丙``).

The command is a deterministic function of the message, its clauses in a fixed order:

- ``派{k}台除雪车至{road}``: one snow plow per started metre of snow (3米 → 3台, 80厘米 → 1台),
  or ``派{n}台挖掘机至{road}``, one excavator per landslide; to the road code of the place
  (山区公路 → A7公路);
- ``医疗队随行`` when 医疗队 is needed;
- ``协调电力公司恢复供电`` when the message says 断电.

The number trapped and the other needs (发电机, 食品, 帐篷) change nothing: the model must learn
to read past them. Because the clauses come in any order, position alone cannot tell the
decoder where the road, 断电 or 医疗队 is: it has to find them by content. Two hazards make
除雪车 a decision the message calls for (not a phrase every command starts with), so the
decoder has a reason to look at 积雪 when it writes it.

Character-level (``CharTokenizer``): every Chinese character is one token, as it is one
column in a picture; the vocabulary is just the grammar's characters (no word segmentation
to explain or get wrong), and cross-attention then aligns characters a reader can read
(除 looks at 积雪, 协 at 断电).

Model: ``toy_config`` with **one** encoder layer instead of two. Cross-attention reads the
encoder's outputs, and each encoder layer mixes the characters further, so with fewer layers
a weight on 断 is closer to "reading 断电". In trial runs (one run each, so a rough guide;
best head's weight on the span while writing 除雪车 / 恢复供电 / 医疗队随行) two encoder layers
gave 0.39 / 0.48 / 0.69 and one gave 0.67 / 0.57 / 0.98.

Recipe: word dropout on the decoder's input (30 %, ``training.word_dropout``): with part of
its own prefix hidden the decoder cannot finish a phrase from the prefix alone and reads the
message more (trials with two encoder layers, 200 steps: best head on 断电 while writing
恢复供电 0.27 without it, 0.45 with it). No early stop: every run trains its 600 steps (the outputs are right
after about 200), so its length does not depend on when a held-out check first passes.

Held out: a combination of facts (place, hazard, power, set of needs) whose key falls in the
reserved bucket is never trained on, in any clause order and with any number trapped. The
articles' pair is the probe (it falls in the training split); the model must reproduce it
whichever split it falls in.
"""

from __future__ import annotations

import math
import random

from ..tokenizers import CharTokenizer
from .example import Example
from .recipe import Recipe
from .task import Task
from .toy_config import toy_config

MESSAGE = "山区公路积雪3米,断电,50人被困,急需发电机和医疗队"
COMMAND = "派3台除雪车至A7公路,医疗队随行,协调电力公司恢复供电"

ROADS = {  # place → its road code
    "山区公路": "A7公路",
    "林区公路": "B3公路",
    "高原公路": "G6公路",
    "峡谷公路": "C2公路",
    "北坡公路": "K9公路",
    "东岭公路": "D5公路",
    "西山公路": "S1公路",
    "河谷公路": "R4公路",
}
DEPTHS = [f"{m}米" for m in range(1, 10)] + ["30厘米", "50厘米", "80厘米"]
SLIDES = [f"{n}处" for n in range(1, 7)]  # landslides: how many places the road is buried
NEEDS = ("发电机", "医疗队", "食品", "帐篷")
MEDICAL, POWER_OUT = "医疗队", "断电"


def plows(depth: str) -> int:
    """One snow plow per started metre: "3米" → 3, "80厘米" → 1."""
    metres = int(depth[:-2]) / 100 if depth.endswith("厘米") else int(depth[:-1])
    return max(1, math.ceil(metres))


def needs_text(needs: list[str]) -> str:
    """["发电机", "医疗队"] → "急需发电机和医疗队"; three items as "甲、乙和丙"."""
    listed = "、".join(needs[:-1]) + "和" + needs[-1] if len(needs) > 1 else needs[0]
    return "急需" + listed


def vehicles(hazard: str) -> str:
    """What the road needs: "积雪3米" → "3台除雪车", "塌方2处" → "2台挖掘机"."""
    if hazard.startswith("积雪"):
        return f"{plows(hazard[2:])}台除雪车"
    return f"{hazard[2:-1]}台挖掘机"


def command(place: str, hazard: str, power_out: bool, needs: list[str]) -> str:
    """The dispatch command a message with these facts calls for."""
    clauses = [f"派{vehicles(hazard)}至{ROADS[place]}"]
    if MEDICAL in needs:
        clauses.append("医疗队随行")
    if power_out:
        clauses.append("协调电力公司恢复供电")
    return ",".join(clauses)


def make(
    place: str, hazard: str, power_out: bool, trapped: int, needs: list[str], order: list[int]
) -> Example:
    """The message with these facts, its clauses in ``order``, and its command.

    Clauses are numbered road 0, power 1, trapped 2, needs 3; ``order`` lists the ones
    present (1 only when ``power_out``).
    """
    clauses = {0: place + hazard, 1: POWER_OUT, 2: f"{trapped}人被困", 3: needs_text(needs)}
    return Example(",".join(clauses[i] for i in order), command(place, hazard, power_out, needs))


def draw(rng: random.Random) -> Example:
    """A random message (facts and clause order) and the command it calls for."""
    place = rng.choice(list(ROADS))
    hazard = "积雪" + rng.choice(DEPTHS) if rng.random() < 0.7 else "塌方" + rng.choice(SLIDES)
    power_out = rng.random() < 0.5
    trapped = rng.randint(2, 199)
    needs = rng.sample(NEEDS, rng.randint(1, 3))
    order = [0, 1, 2, 3] if power_out else [0, 2, 3]
    rng.shuffle(order)
    return make(place, hazard, power_out, trapped, needs, order)


def facts_key(example: Example) -> str:
    """Split by the facts that decide the command (place, hazard, power, set of needs), so a
    held-out combination is unseen in every clause order and with every number trapped."""
    clauses = example.source.split(",")
    road = next(c for c in clauses if c[:4] in ROADS)
    needs = next(c for c in clauses if c.startswith("急需"))[2:].replace("、", "和").split("和")
    return "|".join([road, str(POWER_OUT in clauses), *sorted(needs)])


FIXED = "0123456789,、和急需人被困积雪塌方处派台除车挖掘机至随行协调电力公司恢复供断"  # digits, glue words
TOKENIZER = CharTokenizer(sorted(set("".join([FIXED, *ROADS, *ROADS.values(), *DEPTHS, *NEEDS]))))

TASK = Task(
    name="rescue",
    summary="a rescue message → its dispatch command: "
    "山区公路积雪3米,断电,50人被困,急需发电机和医疗队 → 派3台除雪车至A7公路,医疗队随行,协调电力公司恢复供电",
    tokenizer=TOKENIZER,
    config=toy_config(len(TOKENIZER), "encoder-decoder", max_len=40, n_encoder_layers=1),
    draw=draw,
    probe=Example(MESSAGE, COMMAND),
    recipe=Recipe(
        batch_size=128,
        peak_lr=1e-2,
        warmup_steps=200,
        max_steps=600,
        eval_every=10**9,  # never: train the full budget (see the module docstring)
        decoder_input_dropout=0.3,
    ),
    split_key=facts_key,
)
