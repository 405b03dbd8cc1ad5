"""Rebuild a model from data it was validated from before, without validating it again.

Building pydantic's validators for every record kind costs more than an `ims check` of the
example records takes (~50 ms), and most runs read their records from the cache, where only data
that validated is kept. For those, this replays what validation does to valid data — the
BeforeValidators (dates from ISO text, a year as text), int to float, nested models — and
nothing else. Validation stays the only judge: `rebuild` must never see data that did not pass,
and a test holds it equal to `model_validate` for every example record and generated data.
"""

from __future__ import annotations

import inspect
import types
from collections.abc import Callable
from datetime import date, datetime
from functools import cache, partial
from typing import Annotated, Any, Literal, TypeVar, Union, cast, get_args, get_origin

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    Discriminator,
    PlainValidator,
    Strict,
    Tag,
    WrapValidator,
)
from pydantic.fields import FieldInfo

Convert = Callable[[Any], Any]
Step = tuple[str, Convert | None, Callable[[], Any] | None]
_set = object.__setattr__
_PLAIN = (str, int, bool, type(None))
_IMMUTABLE = (*_PLAIN, float, tuple, frozenset)
M = TypeVar("M", bound=BaseModel)


def rebuild(model: type[M], data: dict[str, Any]) -> M:
    """The model `model.model_validate(data)` gave when `data` was checked, built directly."""
    values = {}
    for name, convert, default in plan(model):
        if name in data:
            values[name] = data[name] if convert is None else convert(data[name])
        elif default is not None:
            values[name] = default()
    # What model_construct does, without its per-instance look at each default factory's
    # signature (~0.5 ms a record) and alias lookups; a test holds the two equal.
    instance = model.__new__(model)
    _set(instance, "__dict__", values)
    _set(instance, "__pydantic_fields_set__", set(data))
    _set(instance, "__pydantic_extra__", None)
    _set(instance, "__pydantic_private__", None)
    return instance


@cache
def plan(model: type[BaseModel]) -> tuple[Step, ...]:
    """Each field in order: how validation changes its value, and how its default is made."""
    decorators = model.__pydantic_decorators__
    if decorators.field_validators or decorators.model_validators or decorators.validators:
        raise TypeError(f"{model.__name__}: validator decorators cannot be replayed")
    if model.__pydantic_post_init__ or model.__private_attributes__:
        raise TypeError(
            f"{model.__name__}: model_post_init and private attributes cannot be replayed"
        )
    if model.model_config.get("extra") == "allow":
        raise TypeError(f"{model.__name__}: extra='allow' cannot be replayed")
    steps = []
    for name, field in model.model_fields.items():
        if field.alias not in (None, name) or field.validation_alias not in (None, name):
            raise TypeError(f"{model.__name__}.{name}: aliases cannot be replayed")
        annotation = field.annotation
        convert = _converter(
            Annotated[annotation, *field.metadata] if field.metadata else annotation
        )
        steps.append((name, convert, _default(model, name, field)))
    return tuple(steps)


def _default(model: type[BaseModel], name: str, field: FieldInfo) -> Callable[[], Any] | None:
    """How model_construct makes the field's default; None when the field is required."""
    if field.default_factory is not None:
        # Asking pydantic parses the signature of `list` from its text (~0.3 ms a field).
        plain = field.default_factory in (list, dict, set)
        if not plain and field.default_factory_takes_validated_data:
            raise TypeError(
                f"{model.__name__}.{name}: a default_factory taking data cannot be replayed"
            )
        factory = field.default_factory
        if isinstance(factory, type) and issubclass(factory, BaseModel):
            return partial(rebuild, factory, {})  # calling the model would build its validator
        return cast(Callable[[], Any], factory)
    if field.is_required():
        return None
    value = field.default
    if type(value) in _IMMUTABLE:
        return lambda: value
    return partial(field.get_default, call_default_factory=False)  # a copy, as pydantic makes


def _converter(annotation: Any) -> Convert | None:
    """None when valid input already is the validated value."""
    origin = get_origin(annotation)
    if origin is None or origin is Literal:
        return _leaf(annotation)
    args = get_args(annotation)
    if origin is Annotated and any(isinstance(m, Discriminator) for m in args[1:]):
        return _tagged(args[0], next(m for m in args[1:] if isinstance(m, Discriminator)))
    if origin is Annotated:
        return _annotated(_converter(args[0]), args[1:])
    if origin in (Union, types.UnionType):
        return _union(args)
    if origin is list:
        item = _converter(args[0])
        return None if item is None else (lambda values: [item(v) for v in values])
    if origin is dict:
        value = _converter(args[1])
        return None if value is None else (lambda d: {k: value(v) for k, v in d.items()})
    raise TypeError(f"{annotation!r} cannot be replayed without validation")


def _leaf(annotation: Any) -> Convert | None:
    if get_origin(annotation) is Literal or annotation in _PLAIN:
        return None
    if annotation is float:
        return float
    if annotation is date:
        return _date
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return lambda data: rebuild(annotation, data)
    raise TypeError(f"{annotation!r} cannot be replayed without validation")


def _date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(value)


def _union(members: tuple[Any, ...]) -> Convert | None:
    """`X | None`: None stays None. A union of several types that need converting would need
    validation's own choice of branch, so it is refused (no model has one)."""
    if set(members) - {type(None)} == {datetime, date}:
        return None  # a Moment: its BeforeValidator made the date or datetime already
    converters = {m: _converter(m) for m in members if m is not type(None)}
    needed = [c for c in converters.values() if c is not None]
    if not needed:
        return None
    if len(converters) > 1:
        raise TypeError(f"the union {members!r} cannot be replayed without validation")
    (convert,) = needed
    return lambda value: None if value is None else convert(value)


def _tagged(union: Any, discriminator: Discriminator) -> Convert:
    """A union whose branch a function picks (a Discriminator with Tag'ed members): the same
    function picks it here, as validation did."""
    pick = discriminator.discriminator
    if not callable(pick):
        raise TypeError(f"{union!r}: only a callable discriminator can be replayed")
    branches: dict[str, Convert | None] = {}
    for member in get_args(union):
        inner, *metadata = get_args(member)
        tag = str(next(m.tag for m in metadata if isinstance(m, Tag)))
        branches[tag] = _converter(inner)

    def convert(value: Any) -> Any:
        branch = branches[str(pick(value))]
        return value if branch is None else branch(value)

    return convert


def _plain(func: Callable[..., Any]) -> Convert:
    """A validator of the value alone; one that reads pydantic's ValidationInfo is refused."""
    if len(inspect.signature(func).parameters) != 1:
        raise TypeError(f"{func.__qualname__} reads ValidationInfo and cannot be replayed")
    return func


def _annotated(inner: Convert | None, metadata: tuple[Any, ...]) -> Convert | None:
    """BeforeValidators, then the type's own conversion, then AfterValidators (pydantic's order)."""
    if any(isinstance(m, (PlainValidator, WrapValidator, Strict)) for m in metadata):
        raise TypeError(f"{metadata!r} cannot be replayed without validation")
    before = [_plain(m.func) for m in metadata if isinstance(m, BeforeValidator)]
    after = [_plain(m.func) for m in metadata if isinstance(m, AfterValidator)]
    steps = [*before, *([inner] if inner else []), *after]
    if not steps:
        return None
    if len(steps) == 1:
        return steps[0]

    def convert(value: Any) -> Any:
        for step in steps:
            value = step(value)
        return value

    return convert
