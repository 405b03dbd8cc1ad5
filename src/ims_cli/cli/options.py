"""Option values shared by several commands, checked once."""

from __future__ import annotations

from datetime import date

from ims_cli.errors import UserError


def day(value: str | None, option: str = "--as-of") -> date:
    """A date option: ISO, today when not given."""
    if value is None:
        return date.today()
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise UserError(f"{option} «{value}» er ikke en dato; skriv ÅÅÅÅ-MM-DD") from None
