"""Text safe to print to a terminal or to write into XML: no control characters.

Records cannot hold control characters (Y010), but file names, git commit messages and authors
can; a terminal would obey them (clear the screen, set the title) and XML 1.0 cannot hold them.
"""

from __future__ import annotations

import re

# C0 but tab and newline, DEL, and C1 (U+0085, next line, is a line break in YAML: kept out too).
CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def printable(text: str) -> str:
    """The text with every control character shown as '?'."""
    return CONTROLS.sub("?", text) if CONTROLS.search(text) else text
