"""Which fields of the records hold free text and which hold codes, read from the models' types.

A code is what the schema defines: a value of an enumeration (Literal), an id (text with a
pattern), a date, a number, yes or no, or text marked CODE (an id from a register). Any other text
is free text, which the confidentiality policy leaves out of a graded record's outputs. Derived,
not listed: a field added to a model is classified by its type.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from pydantic import BaseModel

from ims_cli.models import Record
from ims_cli.models.common import Code
from ims_cli.models.vocabulary import CODE_PATTERN, Listed, SubCategory

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2})?)?")  # or a Moment


@dataclass(frozen=True)
class Leaf:
    """One type a field's value (or an item of its list) may have."""

    kind: str  # text | code | literal | pattern | date | number | model
    values: frozenset[str] = frozenset()  # of a literal
    pattern: str = ""

    def fits(self, value: str) -> bool:
        """Whether a text is a code of this type (an enumeration's value, an id, a date)."""
        if self.kind == "literal":
            return value in self.values
        if self.kind == "pattern":
            return re.search(self.pattern, value) is not None
        if self.kind == "date":
            return _ISO_DATE.fullmatch(value) is not None
        return self.kind == "code"


def _meta_kind(metadata: tuple[Any, ...]) -> Leaf | None:
    for item in metadata:
        if isinstance(item, Listed | SubCategory):
            # a value from ims.yaml's lists, which hold codes of this form only
            return Leaf("pattern", pattern=CODE_PATTERN)
        if isinstance(item, Code):
            return Leaf("code")
        pattern = getattr(item, "pattern", None)
        if isinstance(pattern, str):
            return Leaf("pattern", pattern=pattern)
        found = _meta_kind(tuple(getattr(item, "metadata", ())))  # a FieldInfo inside Annotated
        if found is not None:
            return found
    return None


def leaves(annotation: Any, metadata: tuple[Any, ...] = ()) -> Iterator[Leaf | type[BaseModel]]:
    """The leaf types of an annotation, through Optional, unions, lists, dicts and Annotated;
    a nested model is yielded as it is."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *more = typing.get_args(annotation)
        yield from leaves(inner, (*metadata, *more))
    elif origin in (typing.Union, types.UnionType, list, tuple, set, frozenset):
        for arg in typing.get_args(annotation):
            if arg is not type(None) and arg is not Ellipsis:
                yield from leaves(arg, metadata)
    elif origin is dict:
        yield from leaves(typing.get_args(annotation)[1], metadata)
    elif origin is typing.Literal:
        yield Leaf("literal", frozenset(str(v) for v in typing.get_args(annotation)))
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
    elif annotation is str:
        yield _meta_kind(metadata) or Leaf("text")
    elif isinstance(annotation, type) and issubclass(annotation, date):
        yield Leaf("date")
    elif annotation in (int, float, bool):
        yield Leaf("number")
    else:
        yield Leaf("text")  # anything else (Any): free text, to be safe


def _field_leaves(model: type[BaseModel], name: str) -> list[Leaf | type[BaseModel]]:
    info = model.model_fields[name]
    return list(leaves(info.annotation, tuple(info.metadata)))


def nested_models(model: type[BaseModel], name: str) -> list[type[BaseModel]]:
    """The models a field's value (or an item of its list) may be made of: a block, a tiltak."""
    return [leaf for leaf in _field_leaves(model, name) if not isinstance(leaf, Leaf)]


@functools.cache
def free_text(model: type[BaseModel], name: str) -> bool:
    """Whether a field of a model may hold free text; an unknown field is taken to. Asked of
    every value an export writes: kept per model and name, as a model's fields never change."""
    if name not in model.model_fields:
        return True
    return _free(model, name)


@functools.cache
def _free(model: type[BaseModel], name: str) -> bool:
    return any(
        isinstance(leaf, Leaf) and leaf.kind == "text" for leaf in _field_leaves(model, name)
    )


def record_models() -> Iterator[type[BaseModel]]:
    """Every model a record of the built-in kinds is made of (a register is never graded); a
    kind registered at run time is classified by free_text on its own model."""
    seen: set[type[BaseModel]] = set()
    todo: list[type[BaseModel]] = list(typing.get_args(Record))
    while todo:
        model = todo.pop()
        if model in seen:
            continue
        seen.add(model)
        yield model
        for name in model.model_fields:
            todo += [leaf for leaf in _field_leaves(model, name) if not isinstance(leaf, Leaf)]


@functools.cache
def _codes_by_name() -> dict[str, tuple[Leaf, ...]]:
    """Each field name that is a code wherever a model has it, with the types it may have; a
    name that is free text in any model is not here."""
    found: dict[str, list[Leaf]] = {}
    text: set[str] = set()
    for model in record_models():
        for name in model.model_fields:
            kinds = [leaf for leaf in _field_leaves(model, name) if isinstance(leaf, Leaf)]
            if any(leaf.kind == "text" for leaf in kinds):
                text.add(name)
            found.setdefault(name, []).extend(kinds)
    return {name: tuple(kinds) for name, kinds in found.items() if name not in text}


def is_code(name: str, value: Any) -> bool:
    """Whether a value found under a field name in a record's data is a code of the schema: a
    number, date or yes/no where the name is never free text, a text only when it is one of the
    values the field's type allows (an enumeration's value, an id of the right form, a date)."""
    kinds = _codes_by_name().get(name)
    if kinds is None:
        return False
    if isinstance(value, str):
        return any(leaf.fits(value) for leaf in kinds)
    return isinstance(value, int | float | date)  # bool is an int
