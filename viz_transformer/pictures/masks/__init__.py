"""Masks: scores before the mask, the mask, scores after (−∞ as such), weights after softmax."""
