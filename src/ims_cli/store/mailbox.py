"""Messages from a mail folder (Maildir) or an mbox file, for `ims import epost`: Python's own
mailbox and email packages, every message parsed with the modern policy."""

from __future__ import annotations

import email
import mailbox
from collections.abc import Iterator
from email import policy
from email.message import EmailMessage
from pathlib import Path

from ims_cli.errors import UserError


def messages(path: Path) -> Iterator[EmailMessage]:
    """Each message of a Maildir (a folder with cur/ and new/) or an mbox file, oldest first as
    the mailbox keeps them."""
    if path.is_dir():
        if not (path / "cur").is_dir() or not (path / "new").is_dir():
            raise UserError(
                f"{path}: er en mappe, men ikke en Maildir (mappene cur/ og new/ mangler); pek på "
                "Maildir-mappen eller på en mbox-fil"
            )
        box: mailbox.Mailbox[mailbox.Message] = mailbox.Maildir(path, factory=None, create=False)
    elif path.is_file():
        box = mailbox.mbox(path, create=False)
    else:
        raise UserError(f"{path}: finnes ikke; pek på en Maildir-mappe eller en mbox-fil")
    try:
        for key in box.iterkeys():
            try:
                raw = box.get_bytes(key)
            except (OSError, KeyError):
                continue  # gone meanwhile (a mail client moved it): not ours to report
            parsed = email.message_from_bytes(raw, policy=policy.default)
            assert isinstance(parsed, EmailMessage)  # the default policy makes EmailMessage
            yield parsed
    except OSError as error:
        raise UserError(f"{path}: kan ikke leses ({error.strerror})") from None
    finally:
        box.close()
