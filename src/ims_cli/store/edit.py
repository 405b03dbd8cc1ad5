"""Edit a record in place, changing only the bytes of what changes.

A whole-file round trip re-emits every line (ruamel.yaml re-indents block scalars, for one), so
edits here are surgical: the node tree libyaml composes gives each value's exact span; a changed
value is replaced in the text, a new key is inserted after the mapping's last entry (or before the
'}' of a flow mapping), an item is appended to a list the same way. The result is parsed again and
must equal the old data with just the intended changes; then it is written atomically.
"""

from __future__ import annotations

import copy
import os
import stat
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from ims_cli.errors import UserError
from ims_cli.findings import Path as DataPath
from ims_cli.store import yamlfile
from ims_cli.store.files import temporary_beside, write_reason


@dataclass(frozen=True)
class SetValue:
    """Set `key` in the mapping at `at` to a scalar value (added when missing)."""

    at: DataPath
    key: str
    value: str | int | date | dict[str, str | int | date] | None  # a dict in flow style


@dataclass(frozen=True)
class Append:
    """Append a flat mapping of scalars to the list `key` in the mapping at `at` (created when
    missing)."""

    at: DataPath
    key: str
    item: dict[str, str | int | date]


Change = SetValue | Append


def scalar(value: str | int | date | None) -> str:
    """A scalar as YAML text on one line: plain when that is safe, quoted otherwise (double
    quotes with escapes for a text with line breaks). Rendered as
    an item of a flow sequence, so the text is also valid inside {…} and […] (':A' is not)."""
    if isinstance(value, date):
        return value.isoformat()
    text = yaml.safe_dump([value], allow_unicode=True, default_flow_style=True, width=1 << 20)
    text = text.strip()[1:-1]
    if any(c in text for c in "\n\r\x85\u2028\u2029"):  # kept on one line, in the file's endings
        text = yaml.safe_dump(
            [value], allow_unicode=True, default_flow_style=True, width=1 << 20, default_style='"'
        ).strip()[1:-1]
    return text


def _flow_item(item: dict[str, str | int | date]) -> str:
    return "{" + ", ".join(f"{k}: {scalar(v)}" for k, v in item.items()) + "}"


def _node_at(root: Node, path: DataPath) -> Node:
    node = root
    for part in path:
        if isinstance(node, MappingNode) and isinstance(part, str):
            node = next(v for k, v in node.value if k.value == part)
        elif isinstance(node, SequenceNode) and isinstance(part, int):
            node = node.value[part]
        else:
            raise KeyError(part)
    return node


def _line_end(text: str, index: int) -> int:
    """Where the line holding `index` ends (after its newline); a block scalar ends on one."""
    if index > 0 and text[index - 1] == "\n":
        return index
    end = text.find("\n", index)
    return len(text) if end < 0 else end + 1


def _last_end(node: Node) -> int:
    """The end of a collection's last entry, its value included."""
    if isinstance(node, MappingNode):
        return _last_end(node.value[-1][1]) if node.value else node.end_mark.index
    if isinstance(node, SequenceNode) and node.value and not node.flow_style:
        return _last_end(node.value[-1])
    return int(node.end_mark.index)


@dataclass(frozen=True)
class _Splice:
    start: int
    end: int
    text: str


def _splices(text: str, root: Node, change: Change, newline: str) -> _Splice:
    mapping = _node_at(root, change.at)
    if not isinstance(mapping, MappingNode):
        raise KeyError(change.at)
    existing = next((v for k, v in mapping.value if k.value == change.key), None)
    if isinstance(change, SetValue):
        value = change.value
        rendered = _flow_item(value) if isinstance(value, dict) else scalar(value)
        if existing is not None:
            if not isinstance(existing, ScalarNode):
                raise KeyError(change.key)
            return _Splice(existing.start_mark.index, existing.end_mark.index, rendered)
        return _add_key(text, mapping, f"{change.key}: {rendered}", newline)
    item = _flow_item(change.item)
    if existing is None:
        if mapping.flow_style:
            return _add_key(text, mapping, f"{change.key}: [{item}]", newline)
        indent = " " * mapping.value[0][0].start_mark.column
        entry = f"{change.key}:{newline}{indent}  - {item}"
        return _add_key(text, mapping, entry, newline)
    if not isinstance(existing, SequenceNode):
        raise KeyError(change.key)
    if existing.flow_style:
        closing = existing.end_mark.index - 1  # the ']'
        separator = ", " if existing.value else ""
        return _Splice(closing, closing, f"{separator}{item}")
    if not existing.value:
        raise KeyError(change.key)
    first = existing.value[0]
    dash = " " * (first.start_mark.column - 2)
    at = _line_end(text, _last_end(existing))
    return _Splice(at, at, f"{dash}- {item}{newline}")


def _add_key(text: str, mapping: MappingNode, entry: str, newline: str) -> _Splice:
    if mapping.flow_style:
        closing = mapping.end_mark.index - 1  # the '}'
        return _Splice(closing, closing, f", {entry}")
    indent = " " * mapping.value[0][0].start_mark.column
    at = _line_end(text, _last_end(mapping))
    prefix = "" if at == 0 or text[at - 1] == "\n" else newline
    return _Splice(at, at, f"{prefix}{indent}{entry}{newline}")


def _plain(value: Any) -> Any:
    """As the parsed file will hold it: dates stay ISO text."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value.isoformat() if isinstance(value, date) else value


def _expected(data: dict[str, Any], changes: list[Change]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for change in changes:
        target: Any = result
        for part in change.at:
            target = target[part]
        if isinstance(change, SetValue):
            target[change.key] = _plain(change.value)
        else:
            target.setdefault(change.key, []).append(_plain(change.item))
    return result


def apply(text: str, changes: list[Change], markdown: bool) -> tuple[str, dict[str, Any]]:
    """The edited text and its data. Raises UserError if the edit would not do just that.

    Line endings stay as the file has them (LF, CRLF or CR alone), and so does a missing final
    newline: the edit works on the text with LF (and a final newline) and turns it back.
    """
    cr_only = "\r" in text and "\n" not in text
    work = text.replace("\r", "\n") if cr_only else text
    newline = "\r\n" if "\r\n" in work else "\n"
    unended = not markdown and not work.endswith("\n")
    if unended:
        work += newline
    edited, after = _apply(work, changes, markdown, newline)
    if unended and edited.endswith(newline):
        edited = edited[: -len(newline)]
    return (edited.replace("\n", "\r") if cr_only else edited), after


def _apply(
    text: str, changes: list[Change], markdown: bool, newline: str
) -> tuple[str, dict[str, Any]]:
    document = yamlfile.split_front_matter(text) if markdown else yamlfile.Document(text)
    offset = text.index("\n") + 1 if markdown else 0  # the YAML starts after the first '---'
    before = yamlfile.parse(document)
    root = yamlfile.compose(document.yaml)
    if root is None:
        raise UserError("posten er tom")
    try:
        splices = [_splices(document.yaml, root, change, newline) for change in changes]
    except (KeyError, StopIteration, IndexError):
        raise UserError(
            "posten har en form ims ikke kan endre trygt; rediger filen for hånd"
        ) from None
    edited = text
    # From the end backwards so earlier offsets hold; at one spot, in the order given.
    ordered = sorted(enumerate(splices), key=lambda pair: (pair[1].start, pair[0]), reverse=True)
    for _, splice in ordered:
        start, end = splice.start + offset, splice.end + offset
        edited = edited[:start] + splice.text + edited[end:]
    document = yamlfile.split_front_matter(edited) if markdown else yamlfile.Document(edited)
    try:
        after = yamlfile.parse(document)
    except yamlfile.FileProblem as problem:
        raise UserError(
            f"endringen ville gitt ugyldig YAML ({problem.message}); ingenting er skrevet"
        ) from None
    if after != _expected(before, changes):
        raise UserError("endringen ga ikke det forventede resultatet; ingenting er skrevet")
    return edited, after


def editable(root: Path, relative: str) -> Path:
    """The file an edit of a record writes: a link is followed to its target, which must be a
    regular file inside the repository; a read-only file is refused, not overridden."""
    path = root / relative
    try:
        real = path.resolve(strict=True)
        status = real.stat()
    except (OSError, RuntimeError):
        raise UserError(
            f"{relative}: filen kan ikke leses (en lenke i ring eller til noe som ikke finnes)"
        ) from None
    if not real.is_relative_to(root.resolve()):
        raise UserError(
            f"{relative} er en lenke til en fil utenfor postarkivet; ims endrer den ikke"
        )
    if not stat.S_ISREG(status.st_mode):
        raise UserError(f"{relative} er ikke en vanlig fil; ims endrer bare vanlige filer")
    if not status.st_mode & 0o222 or not os.access(real, os.W_OK):
        raise UserError(
            f"{relative} er skrivebeskyttet; gi skrivetilgang (chmod u+w) hvis den skal endres"
        )
    return real


def write_atomically(path: Path, text: str, bom: bool, expected: bytes | None = None) -> None:
    """A temporary file in the same folder, flushed and synced, then renamed over the original:
    a crash leaves either the old file or the new one, never half of one. With `expected`, the
    file must still hold those bytes just before the rename: a change made meanwhile by another
    program is never overwritten."""
    try:
        handle, temporary = temporary_beside(path, path.parent)
    except OSError as error:
        raise UserError(
            f"{path.parent}: kan ikke skrive i mappen ({write_reason(error)})"
        ) from None
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(("\ufeff" if bom else "").encode() + text.encode("utf-8"))
            out.flush()
            os.fsync(out.fileno())
        if expected is not None and path.read_bytes() != expected:
            raise UserError(
                f"{path.name} ble endret av et annet program mens ims arbeidet; ingenting er "
                "skrevet. Kjør kommandoen igjen"
            )
        os.replace(temporary, path)
    finally:
        Path(temporary).unlink(missing_ok=True)
