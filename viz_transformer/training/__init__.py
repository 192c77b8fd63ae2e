"""Training the toy tasks: batches, the loop, evaluation, and attention snapshots."""

from .batches import IGNORE, Batch, make_batch
from .evaluate import METRICS, accuracy
from .loop import train
from .result import TrainingResult
from .snapshots import SnapshotRecorder, probe_attention, probe_tokens

__all__ = [
    "IGNORE",
    "METRICS",
    "Batch",
    "SnapshotRecorder",
    "TrainingResult",
    "accuracy",
    "make_batch",
    "probe_attention",
    "probe_tokens",
    "train",
]
