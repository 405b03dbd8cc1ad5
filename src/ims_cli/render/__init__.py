"""Output: rich for terminals, JSON for machines. Imported lazily, so start-up stays fast."""
