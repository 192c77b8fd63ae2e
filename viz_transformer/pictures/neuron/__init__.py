"""The neuron view: one query and one key per dimension, their products, the score and its weight."""
