"""Head ablation: switch heads off and watch the model's accuracy and outputs change."""
