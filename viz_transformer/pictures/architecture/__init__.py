"""The architecture map: the model's blocks as a clickable diagram, and what each holds."""
