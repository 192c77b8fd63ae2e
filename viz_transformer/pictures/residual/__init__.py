"""The residual stream's size through the layers."""
