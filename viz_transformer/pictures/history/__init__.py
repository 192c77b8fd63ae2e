"""Training history: the attention of saved snapshots as training goes on."""
