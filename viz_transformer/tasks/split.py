"""The held-out split: examples whose key hashes into a reserved bucket are never trained on.

The rule depends only on the example, not on a seed or on the order of drawing, so the
training stream and the evaluation set are disjoint by construction, whoever draws them.
SHA-256 (not Python's ``hash``, which changes between runs) makes the split the same on
every machine.
"""

from __future__ import annotations

import hashlib

BUCKETS = 16  # one bucket in 16 (6.25 % of all keys) is held out
HELD_OUT_BUCKET = 0


def is_held_out(key: str) -> bool:
    """True when ``key`` belongs to the held-out split."""
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    return digest[0] % BUCKETS == HELD_OUT_BUCKET
