"""Edit a record through ruamel.yaml's round trip, changing only the lines of what changes.

ruamel.yaml loads the YAML with its comments, quotes, flow and block styles, and dumps it again.
It is configured to each file's own indentation: of the usual layouts, the one whose dump of the
unedited file gives that file back byte for byte. A file no layout reproduces (a flow mapping
wrapped by hand, say) is still edited safely: the edit is the difference between the dump
before and the dump after the change, and that difference is laid onto the original text, where
it touches only lines the dump left as they were; anything else is refused. The result is parsed
again and must equal the old data with just the intended changes. Byte order mark, line endings
(LF, CRLF or CR alone) and a missing final newline stay as the file has them.
"""

from __future__ import annotations

import copy
import difflib
import io
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)
from ruamel.yaml.tokens import CommentToken

from ims_cli.errors import UserError
from ims_cli.findings import Path as DataPath
from ims_cli.store import yamlfile

Scalar = str | int | float | date | None


@dataclass(frozen=True)
class SetValue:
    """Set `key` in the mapping at `at` to a value (added after the last key when missing), or
    item `key` of the list at `at`."""

    at: DataPath
    key: str | int
    value: Scalar | Mapping[str, Any]  # a mapping is written in flow style: {fra: …, til: …}


@dataclass(frozen=True)
class Append:
    """Append a mapping of scalars to the list `key` in the mapping at `at` (created when
    missing): in the style of the list's last item, or for a new or empty list in flow style
    ({fra: …, til: …}) when `flow`, else as a block (a new tiltak, one key per line)."""

    at: DataPath
    key: str
    item: Mapping[str, Scalar]
    flow: bool = True


@dataclass(frozen=True)
class Rename:
    """Rename the key `old` of the mapping at `at` to `new`, where it stands, comments kept."""

    at: DataPath
    old: str
    new: str


@dataclass(frozen=True)
class Sync:
    """Make the value of `key` in the mapping at `at` equal `value`, touching only what differs:
    a mapping key by key (a new key after the one before it in `value`, a key gone removed),
    a list of mappings
    with an `id` item by item by id (new items in the style of the others), any other value
    replaced when it differs. What is equal keeps its comments, quotes and layout."""

    at: DataPath
    key: str | None  # None: the mapping at `at` itself
    value: Any


@dataclass(frozen=True)
class Block:
    """Set `key` in the mapping at `at` to a mapping written as a block, its text with line
    breaks as literal blocks (|): a graded record's encrypted text (sealing.py) is written so."""

    at: DataPath
    key: str
    value: Mapping[str, Any]


@dataclass(frozen=True)
class Remove:
    """Remove the top-level `key` written as a block (`at` is ()): its lines go, the comments
    after them stay. A record's encrypted part when it is decrypted."""

    at: DataPath
    key: str


@dataclass(frozen=True)
class Body:
    """Replace a Markdown record's body, what follows its front matter: a graded process's text
    when it is encrypted (sealing.py)."""

    text: str


Edit = SetValue | Append | Rename | Sync | Block | Remove  # a change of the front matter or YAML
Change = Edit | Body

# (mapping, sequence, offset) as ruamel.yaml's indent() takes them: the layouts records are
# written in, the most common first ('  - id: T1' under 'tiltak:' is 2, 4, 2).
LAYOUTS = [(m, s, o) for m in (2, 4) for s, o in ((4, 2), (2, 0), (4, 0), (3, 1), (6, 4))]
REFUSED = "posten har en form ims ikke kan endre trygt; rediger filen for hånd"


def _yaml(layout: tuple[int, int, int]) -> Any:
    mapping, sequence, offset = layout
    engine = YAML(typ="rt")
    engine.preserve_quotes = True
    engine.width = 1 << 16  # never fold a long line the file has on one
    engine.indent(mapping=mapping, sequence=sequence, offset=offset)
    engine.representer.add_representer(type(None), _null)
    # one date given twice (a frist and its fristendringer entry) is written twice, never as
    # an anchor and an alias: records may not have those
    engine.representer.ignore_aliases = lambda _: True
    return engine


def _null(representer: Any, _: None) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


def _dump(engine: Any, data: Any) -> str:
    out = io.StringIO()
    engine.dump(data, out)
    return out.getvalue()


def _fitting(text: str) -> tuple[Any, Any, str]:
    """The engine for the file's layout, the loaded data, and the dump of it unedited (the file
    itself when a layout fits)."""
    try:
        for layout in LAYOUTS:
            engine = _yaml(layout)
            data = engine.load(text)
            unedited = _dump(engine, data)
            if unedited == text:
                return engine, data, unedited
        engine = _yaml(LAYOUTS[0])
        data = engine.load(text)
        return engine, data, _dump(engine, data)
    except YAMLError:
        raise UserError(REFUSED) from None


def _text(value: str) -> Any:
    """Text quoted when it must be, also inside {…} or […] (':A' may stand plain in a block but
    not there): as libyaml, which reads every record, would write it in a flow list. Text with
    a line break is written double-quoted on one line."""
    if any(c in value for c in "\n\r\x85\u2028\u2029"):
        return DoubleQuotedScalarString(value)
    rendered = yaml.safe_dump(
        [value], allow_unicode=True, default_flow_style=True, width=1 << 20
    ).strip()[1:-1]
    if rendered.startswith("'"):
        return SingleQuotedScalarString(value)
    if rendered.startswith('"'):
        return DoubleQuotedScalarString(value)
    return value


def _value(value: Any, flow: bool = True) -> Any:
    """A value as ruamel.yaml writes it: text quoted when it must be, a dict as a flow mapping
    or a block one."""
    if isinstance(value, str):
        return _text(value)
    if isinstance(value, Mapping):
        mapping = CommentedMap({k: _value(v) for k, v in value.items()})
        if flow:
            mapping.fa.set_flow_style()
        else:
            mapping.fa.set_block_style()
        return mapping
    return value


def _change(data: Any, change: Edit) -> None:
    target = data
    for part in change.at:
        target = target[part]
    if isinstance(change, SetValue) and isinstance(change.key, int):
        if not isinstance(target, CommentedSeq) or isinstance(target[change.key], list | dict):
            raise KeyError(change.key)
        target[change.key] = _value(change.value)
    elif not isinstance(target, CommentedMap):
        raise KeyError(change.at)
    elif isinstance(change, Rename):
        _rename(target, change)
    elif isinstance(change, SetValue):
        _set(target, change)
    elif isinstance(change, Block):
        _set_block(target, change)
    elif isinstance(change, Remove):
        pass  # taken out of the text before (_without): its lines, not the comments after it
    elif isinstance(change, Sync):
        if change.key is None:
            _sync_mapping(target, change.value)
        else:
            _sync_key(target, change.key, change.value)
    else:
        _append(target, change)


def _same(node: Any, value: Any) -> bool:
    """Equal, and of the same kind (True is not 1, a date is not its text)."""
    if isinstance(value, Mapping | list) or isinstance(node, Mapping | list):
        return False  # compared part by part
    kinds = (bool, str, date)
    return node == value and all(isinstance(node, k) == isinstance(value, k) for k in kinds)


def _built(value: Any, block: bool) -> Any:
    """A new value as records write it: a mapping that is an item of a list of mappings as a
    block, any other mapping and a list of plain values in flow style, a list of mappings as
    blocks."""
    if isinstance(value, Mapping):
        mapping = CommentedMap({k: _built(v, False) for k, v in value.items()})
        if block:
            mapping.fa.set_block_style()
        else:
            mapping.fa.set_flow_style()
        return mapping
    if isinstance(value, list):
        items = CommentedSeq([_built(v, True) for v in value])
        if all(not isinstance(v, Mapping) for v in value):
            items.fa.set_flow_style()
        else:
            items.fa.set_block_style()
        return items
    return _text(value) if isinstance(value, str) else value


def _sync_key(target: CommentedMap, key: str, value: Any) -> None:
    current = target.get(key)
    if isinstance(value, Mapping) and isinstance(current, CommentedMap):
        _sync_mapping(current, value)
    elif isinstance(value, list) and isinstance(current, CommentedSeq):
        _sync_list(current, value)
    elif key not in target:
        following = _detach(target)
        target[key] = _built(value, False)
        _attach(target, key, following)
    elif not _same(current, value):
        flow = isinstance(current, CommentedMap | CommentedSeq) and current.fa.flow_style()
        literal = isinstance(current, LiteralScalarString) and isinstance(value, str)
        # text written as a block (|) stays one, as readable as it was
        target[key] = (
            _block(value) if literal else _built(value, not flow and isinstance(value, Mapping))
        )


def _in_block(value: str) -> Any:
    """Text as the value of a block mapping: lines as a literal block (|), else quoted only
    where libyaml would quote it there (a comma needs no quotes outside {…})."""
    if "\n" in value:
        return _block(value)
    rendered = yaml.safe_dump({"k": value}, allow_unicode=True, width=1 << 20)[3:]
    if rendered.startswith("'"):
        return SingleQuotedScalarString(value)
    if rendered.startswith('"'):
        return DoubleQuotedScalarString(value)
    return value


def _block(value: str) -> Any:
    """Text as a literal block (|) where libyaml reads it back the same; else as _text would."""
    lines = value.split("\n")
    plain = all(line == line.rstrip() and "\t" not in line for line in lines)
    if plain and value.strip("\n") and not value.startswith((" ", "\n")) and "\r" not in value:
        return LiteralScalarString(value)
    return _text(value)


def _sync_mapping(target: CommentedMap, value: Mapping[str, Any]) -> None:
    for gone in [k for k in target if k not in value]:
        last = gone == next(reversed(target))
        following = _detach(target) if last else None
        del target[gone]
        if target:
            _attach(target, next(reversed(target)), following)
    before = None
    for key, item in value.items():
        if key not in target and before is not None and before != next(reversed(target)):
            # a new key where `value` has it: after the key before it, not last
            target.insert(list(target).index(before) + 1, key, _built(item, False))
        else:
            _sync_key(target, key, item)
        before = key


def _ids(items: Any) -> list[Any] | None:
    """The ids of a list of mappings that all have one, else None."""
    if not all(isinstance(i, Mapping) and "id" in i for i in items):
        return None
    return [i["id"] for i in items]


def _sync_list(target: CommentedSeq, value: list[Any]) -> None:
    old, new = _ids(target), _ids(value)
    if old is None or new is None or not value:
        if len(target) != len(value) or not all(map(_same, target, value)):
            _replace_list(target, value)
        return
    if old == new:
        for node, item in zip(target, value, strict=True):
            _sync_mapping(node, item)
        return
    block = not target or not target[0].fa.flow_style()
    by_id = {node["id"]: (index, node) for index, node in enumerate(target)}
    comments = {node["id"]: target.ca.items.get(index) for index, node in enumerate(target)}
    following = _detach(target)
    rebuilt = []
    for item in value:
        if item["id"] in by_id:
            node = by_id[item["id"]][1]
            _sync_mapping(node, item)
        else:
            node = _built(item, block)
        rebuilt.append(node)
    del target[:]
    target.ca.items.clear()
    target.extend(rebuilt)
    for index, item in enumerate(value):
        if comments.get(item["id"]) is not None and index < len(value) - 1:
            target.ca.items[index] = comments[item["id"]]
    _attach(target, len(target) - 1, following)


def _replace_list(target: CommentedSeq, value: list[Any]) -> None:
    following = _detach(target) if target else None
    empty = not target
    del target[:]
    target.ca.items.clear()
    if any(isinstance(v, Mapping) for v in value):
        target.fa.set_block_style()  # 'tiltak: []' becomes a list of blocks
    elif empty:
        target.fa.set_flow_style()  # 'deltakere: []' becomes [liv.berg, per.lie]
    target.extend(_built(v, True) for v in value)
    if target:
        _attach(target, len(target) - 1, following)


def _rename(target: CommentedMap, change: Rename) -> None:
    if change.new in target:
        raise KeyError(change.new)
    place, comments = list(target).index(change.old), target.ca.items.pop(change.old, None)
    value = target.pop(change.old)
    target.insert(place, change.new, value)
    if comments is not None:
        target.ca.items[change.new] = comments


def _set(target: CommentedMap, change: SetValue) -> None:
    if isinstance(target.get(change.key), list | dict):
        raise KeyError(change.key)  # a value is replaced, never a structure
    value = change.value
    if isinstance(value, str) and not target.fa.flow_style():
        value = _in_block(value)  # quoted only as a block mapping needs it, lines as lines
    else:
        value = _value(value)
    if change.key in target:
        target[change.key] = value
        return
    following = _detach(target)
    target[change.key] = value
    _attach(target, change.key, following)


def _block_value(value: Any) -> Any:
    if isinstance(value, Mapping):
        mapping = CommentedMap({k: _block_value(v) for k, v in value.items()})
        mapping.fa.set_block_style()
        return mapping
    if isinstance(value, str) and "\n" in value:
        return _block(value)
    return _value(value)


def _set_block(target: CommentedMap, change: Block) -> None:
    if change.key in target:
        target[change.key] = _block_value(change.value)
        return
    following = _detach(target)
    target[change.key] = _block_value(change.value)
    _attach(target, change.key, following)


def _append(target: CommentedMap, change: Append) -> None:
    existing = target.get(change.key)
    if existing is None:
        following = _detach(target)
        target[change.key] = CommentedSeq([_value(change.item, change.flow)])
        _attach(target, change.key, following)
    elif isinstance(existing, CommentedSeq):
        if not existing and not change.flow:
            existing.fa.set_block_style()  # 'tiltak: []' becomes a list of blocks
        last = existing[-1] if existing else None
        flow = last.fa.flow_style() if isinstance(last, CommentedMap) else change.flow
        following = _detach(existing)
        existing.append(_value(change.item, bool(flow)))
        _attach(existing, len(existing) - 1, following)
    else:
        raise KeyError(change.key)


# ruamel.yaml keeps the blank lines and comments that follow a collection's last entry as that
# entry's comment, or, after a flow collection that ends a block one, as the block's end: a key
# or item added after it would land below them, in what they introduce. They move to the new
# entry, which is then the last one; a comment on the entry's own line stays. (After an empty
# flow list, `tiltak: []`, they belong to the next key and stay where they are.)


def _last_comment(node: Any) -> tuple[list[Any], int | None] | None:
    """The comments that end a collection (at any depth): an entry's comment slots and which of
    them follows it, or (None for) the collection's end, every line of which follows it."""
    if isinstance(node, CommentedMap | CommentedSeq) and node:
        last, at = (
            (next(reversed(node)), 2) if isinstance(node, CommentedMap) else (len(node) - 1, 0)
        )
        deeper = _last_comment(node[last])
        if deeper:
            return deeper
        tokens = node.ca.items.get(last)
        if tokens and len(tokens) > at and tokens[at] is not None:
            return tokens, at
        if node.ca.end:
            return node.ca.end, None
    return None


def _detach(node: Any) -> str | None:
    """The lines after the collection's last entry (blank lines, comments), taken from it."""
    found = _last_comment(node)
    if found is None:
        return None
    tokens, at = found
    if at is None:
        # each comment of an end is a token of its own, its indentation kept as its column
        following = "".join(
            " " * token.column * str(token.value).startswith("#") + str(token.value)
            for token in tokens
        )
        tokens.clear()
        return following or None
    own, newline, following = str(tokens[at].value).partition("\n")
    if not following:
        return None
    tokens[at].value = own + newline
    return following


def _attach(node: Any, key: Any, following: str | None) -> None:
    """The lines after the collection's last entry, given to the entry `key` (now the last one)
    where ruamel.yaml itself keeps them when it reads such a file: after the innermost last entry
    of a block collection, else after the entry. Each kind of slot has ruamel.yaml's own shape
    (four places), which its representer indexes into."""
    if following is None:
        return
    value = node[key]
    if isinstance(value, CommentedMap | CommentedSeq) and value and not value.fa.flow_style():
        last = next(reversed(value)) if isinstance(value, CommentedMap) else len(value) - 1
        _attach(value, last, following)
        return
    token = CommentToken("\n" + following, CommentMark(0), None)
    if isinstance(node, CommentedMap):
        node.ca.items[key] = [None, None, token, None]
    else:
        node.ca.items[key] = [token, None, None, None]


def _merge(original: str, unedited: str, edited: str) -> str:
    """The edit (unedited → edited) laid onto the original text, where it touches only lines
    the unedited dump kept as they were; a UserError otherwise."""
    if original == unedited:
        return edited
    old, same, new = (t.splitlines(keepends=True) for t in (original, unedited, edited))
    where: dict[int, int] = {}  # a line of the unedited dump -> the same line in the original
    for tag, i1, i2, j1, _ in difflib.SequenceMatcher(None, old, same, False).get_opcodes():
        if tag == "equal":
            where.update({j1 + k: i1 + k for k in range(i2 - i1)})
    where[len(same)] = len(old)  # the end of the file
    hunks = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, same, new, False).get_opcodes():
        if tag == "equal":
            continue
        touched = range(i1 - 1 if i1 == i2 else i1, i2 + (i1 == i2))  # an insertion's neighbours
        kept = [where.get(k, -1) for k in touched if k >= 0]
        if -1 in kept or kept != list(range(kept[0], kept[0] + len(kept))):
            raise UserError(REFUSED)
        start = where[i1]
        hunks.append((start, start + (i2 - i1), new[j1:j2]))
    result, cursor = [], 0
    for start, end, lines in hunks:
        result += old[cursor:start] + lines
        cursor = end
    return "".join(result + old[cursor:])


def _plain(value: Any) -> Any:
    """As the parsed file will hold it: dates stay ISO text."""
    if isinstance(value, Mapping):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value.isoformat() if isinstance(value, date) else value


def _expected(data: dict[str, Any], changes: list[Edit]) -> dict[str, Any]:
    result = copy.deepcopy(data)
    for change in changes:
        target: Any = result
        for part in change.at:
            target = target[part]
        if isinstance(change, Rename):
            renamed = {change.new if k == change.old else k: v for k, v in target.items()}
            target.clear()
            target.update(renamed)
        elif isinstance(change, Sync) and change.key is None:
            target.clear()
            target.update(_plain(change.value))
        elif isinstance(change, SetValue | Sync | Block):
            target[change.key] = _plain(change.value)
        elif isinstance(change, Remove):
            del target[change.key]
        else:
            target.setdefault(change.key, []).append(_plain(change.item))
    return result


def apply(text: str, changes: list[Change], markdown: bool) -> tuple[str, dict[str, Any]]:
    """The edited text and its data. Raises UserError if the edit would not do just that."""
    cr_only = "\r" in text and "\n" not in text
    crlf = "\r\n" in text
    work = _lf(text)
    changes = [Body(_lf(c.text)) if isinstance(c, Body) else c for c in changes]  # as the rest
    unended = not markdown and not work.endswith("\n")
    if unended:
        work += "\n"
    edited, after = _apply(work, changes, markdown)
    if unended and _says(edited.removesuffix("\n"), after):
        edited = edited.removesuffix("\n")  # as the file was, where the text allows it
    if crlf:
        edited = edited.replace("\n", "\r\n")
    return (edited.replace("\n", "\r") if cr_only else edited), after


def _without(source: str, change: Remove) -> str:
    """The YAML without a top-level key's lines: its own and the indented ones under it."""
    lines = source.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if line.startswith(f"{change.key}:")), None)
    if change.at or start is None:
        raise UserError(REFUSED)
    end = start + 1
    while end < len(lines) and lines[end][:1] in (" ", "\t"):
        end += 1
    # the blank line ruamel.yaml puts between a literal block and a comment after it goes too
    if end < len(lines) and not lines[end].strip() and start and lines[start - 1].strip():
        end += 1
    return "".join(lines[:start] + lines[end:])


def _says(text: str, data: dict[str, Any]) -> bool:
    """Whether YAML text (no front matter) reads as the data: a literal block (|) that ends
    the file needs its last line break."""
    try:
        return bool(yamlfile.parse(yamlfile.Document(text)) == data)
    except yamlfile.FileProblem:
        return False


def _lf(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _front(text: str, markdown: bool) -> tuple[str, str, str]:
    """The text as what comes before the YAML, the YAML, and what comes after it."""
    if not markdown:
        return "", text, ""
    document = yamlfile.split_front_matter(text)
    start = text.index("\n") + 1
    end = start + len(document.yaml)
    return text[:start], text[start:end], text[end:]


def _apply(text: str, changes: list[Change], markdown: bool) -> tuple[str, dict[str, Any]]:
    before_yaml, source, after_yaml = _front(text, markdown)
    bodies = [c.text for c in changes if isinstance(c, Body)]
    if bodies and not markdown:
        raise UserError(REFUSED)
    edits = [c for c in changes if not isinstance(c, Body)]
    if bodies:  # the line that ends the front matter stays, the body after it is replaced
        after_yaml = after_yaml[: after_yaml.index("\n") + 1] + bodies[-1]
    document = yamlfile.split_front_matter(text) if markdown else yamlfile.Document(text)
    before = yamlfile.parse(document)
    for change in edits:
        if isinstance(change, Remove):
            source = _without(source, change)
    engine, data, unedited = _fitting(source)
    try:
        for change in edits:
            _change(data, change)
    except (KeyError, IndexError, TypeError):
        raise UserError(REFUSED) from None
    edited = before_yaml + _merge(source, unedited, _dump(engine, data)) + after_yaml
    document = yamlfile.split_front_matter(edited) if markdown else yamlfile.Document(edited)
    try:
        after = yamlfile.parse(document)
    except yamlfile.FileProblem as problem:
        raise UserError(
            f"endringen ville gitt ugyldig YAML ({problem.message}); ingenting er skrevet"
        ) from None
    if after != _expected(before, edits) or (bodies and document.body != bodies[-1]):
        raise UserError("endringen ga ikke det forventede resultatet; ingenting er skrevet")
    return edited, after
