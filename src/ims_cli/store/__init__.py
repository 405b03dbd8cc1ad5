"""The only code that touches the records repository's files."""
