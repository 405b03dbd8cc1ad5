"""Validation beyond parsing: schema messages, identity, references and business rules."""
