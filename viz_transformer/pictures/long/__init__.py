"""Long attention: a max-pooled overview plus exact windows, fast in the browser."""
