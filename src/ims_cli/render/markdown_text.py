"""Text from a record in Markdown: shown as it was written, doing nothing.

A pull-request comment, a CI summary, a Teams message and a report reach people whose screens
load images, follow links and notify teams. Every Markdown renderer puts a record's text (and a
file name) through `md_text`, and nothing else: HTML escaped, Markdown's signs escaped with its
own backslash, a bare address broken so no renderer links it, an @mention broken so nobody is
pinged, all on one line so a table cell stays whole.
"""

from __future__ import annotations

import html
import re

# ASCII punctuation Markdown (CommonMark and GitHub's extensions) gives a meaning inline: a
# backslash before it shows the sign itself. (& < > are escaped as HTML.)
_SIGNS = re.compile(r"([\\`*_\[\]!|~#$])")
# A zero-width joiner after what would start a link or a mention: it does not show, but no
# renderer finds the address (www., a scheme's ://, an e-mail's @) or the @name any more.
JOINER = "\u200d"
_LINK_STARTS = re.compile(r"(?i)(www)\.|(@)|(:)(//)")
_BREAKS = re.compile(r"\s*[\r\n]+\s*")


def _joined(match: re.Match[str]) -> str:
    www, at, colon, slashes = match.groups()
    if www:
        return f"{www}{JOINER}."
    if at:
        return f"@{JOINER}"
    return f"{colon}{JOINER}{slashes}"


def md_text(value: object) -> str:
    """A record's text (or a file name) for Markdown: shown as written, on one line; no HTML,
    link, image, emphasis, mention or table break can come of it."""
    text = _BREAKS.sub(" ", str(value).strip())
    text = _SIGNS.sub(r"\\\1", html.escape(text, quote=False))
    return _LINK_STARTS.sub(_joined, text)
