"""Text safe to print to a terminal or to write into XML: no control characters.

Records cannot hold control characters (Y010) but may hold line breaks, a carriage return too
(which moves a terminal back over the line), and file names, git commit messages and authors
can hold anything; a terminal would obey them (clear the screen, set the title) and XML 1.0
cannot hold them.
"""

from __future__ import annotations

import re

from ims_cli.characters import NOT_PRINTABLE

# C0 but tab and newline, DEL, C1 (U+0085, next line, is a line break in YAML: kept out too),
# the noncharacters and lone surrogates.
CONTROLS = re.compile(f"[{NOT_PRINTABLE}]")


def printable(text: str) -> str:
    """The text with every control character shown as '?'."""
    return CONTROLS.sub("?", text) if CONTROLS.search(text) else text
