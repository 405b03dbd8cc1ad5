"""Pure functions over loaded records: they take records, config and a day, and return data."""
