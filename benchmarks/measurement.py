"""One line of the benchmark table: what we measured for us and for the peer, and the target."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any


@dataclass(frozen=True)
class Measurement:
    """Ours against a peer in one case (e.g. "base, 256 tokens"), in one unit.

    ``ratio`` is ours / peer (below 1: we are faster or smaller). ``met`` says whether the row's
    target holds (None when the line has no target, e.g. a reference value).
    """

    row: str
    case: str
    unit: str
    ours: float
    peer: float | None = None
    peer_name: str = ""
    target: str = ""
    met: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.peer is None or self.peer == 0:
            return None
        return self.ours / self.peer

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "ratio": self.ratio}
