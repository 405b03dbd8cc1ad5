"""The characters that are not text: no record may hold them (Y010), no output may show them.

A terminal obeys control characters (clears the screen, sets the title, moves back over a
line with a carriage return); XML 1.0 cannot hold them, nor U+FFFE and U+FFFF.
"""

from __future__ import annotations

# Unicode's 66 noncharacters: U+FDD0–U+FDEF and the last two code points of every plane.
NONCHARACTERS = "\ufdd0-\ufdef" + "".join(
    f"{chr(plane << 16 | 0xFFFE)}{chr(plane << 16 | 0xFFFF)}" for plane in range(17)
)
# What a record may not hold: C0 but tab and the line breaks (LF, CR), DEL, C1 but U+0085 (NEL,
# a line break in YAML), and the noncharacters. The line breaks are text in a value.
NOT_TEXT = f"\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x84\\x86-\\x9f{NONCHARACTERS}"
# What no output line may carry: also CR and NEL, and the lone surrogates a file name that is no
# UTF-8 is read with.
NOT_PRINTABLE = f"\\x00-\\x08\\x0b-\\x1f\\x7f-\\x9f{NONCHARACTERS}\\ud800-\\udfff"
