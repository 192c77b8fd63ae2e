"""One named tensor of a block, token by token, as a heatmap."""
