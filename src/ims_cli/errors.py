"""Errors that stop a command because of the user's input (exit code 2)."""

from __future__ import annotations


class UserError(Exception):
    """A usage or input problem: one Norwegian line that says what is wrong and how to fix it."""
