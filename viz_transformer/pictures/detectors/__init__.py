"""Head detectors: how much of each head's attention falls on a pattern's keys."""
