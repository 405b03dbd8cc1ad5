"""ims: Felles ledelsessystem as plain YAML/Markdown records in git."""

__version__ = "0.1.0"
