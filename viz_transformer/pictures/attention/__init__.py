"""One attention matrix: a head (or heads combined) as a query × key heatmap."""
