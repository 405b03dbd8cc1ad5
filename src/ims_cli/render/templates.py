"""The jinja2 environment for record, scaffold and report templates.

A records repository may bring its own templates, and a pull request can change them: every
template runs in jinja2's sandbox, where it can read the values it is given and nothing else;
it is read only from the repository's templates/ folder, never through a link (a link there
could reach any file of the machine, and the page would publish it); and it is filled in
within a budget of time and text, so a loop in a pull request cannot hang CI.
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import partial
from pathlib import Path
from types import FrameType
from typing import Any

import yaml
from jinja2 import (
    BaseLoader,
    Environment,
    FileSystemBytecodeCache,
    StrictUndefined,
    Template,
    TemplateError,
    TemplateNotFound,
)
from jinja2.exceptions import SecurityError, TemplateSyntaxError
from jinja2.loaders import split_template_path
from jinja2.runtime import Context
from jinja2.sandbox import SandboxedEnvironment

from ims_cli.errors import UserError
from ims_cli.store import files
from ims_cli.store.resources import shipped
from ims_cli.words import counted

TIME_BUDGET = 60.0  # seconds one template may take to fill in (the largest shipped page: < 1 s)
OUTPUT_BUDGET = 64 * 1024 * 1024  # characters one template may write
MAX_RANGE = 100_000  # items of one range(), as jinja2's own sandbox allows
_deadline: ContextVar[float | None] = ContextVar("template_deadline", default=None)


class TemplateRefused(TemplateError):
    """A template ims will not read (a link, not UTF-8, a special file): always the user's."""


class OverBudget(TemplateError):
    """A template that took too long (`time`) or wrote too much (`size`)."""

    def __init__(self, what: str) -> None:
        super().__init__(what)
        self.what = what


def _on_time() -> None:
    deadline = _deadline.get()
    if deadline is not None and time.monotonic() > deadline:
        raise OverBudget("time")


class _Range:
    """range() for templates: at most MAX_RANGE items, and the clock looked at while it runs,
    so nested loops over a range kept in a variable stop in time too."""

    def __init__(self, *args: int) -> None:
        self._range = range(*args)
        if len(self._range) > MAX_RANGE:
            raise OverBudget("size")

    def __iter__(self) -> Iterator[int]:
        for count, item in enumerate(self._range):
            if not count & 255:
                _on_time()
            yield item

    def __len__(self) -> int:
        return len(self._range)

    def __getitem__(self, index: int) -> int:
        return self._range[index]


def _too_large(operator: str, left: Any, right: Any) -> bool:
    """Would `left operator right` make more than OUTPUT_BUDGET (characters, items, digits)?"""
    if operator == "**":
        if isinstance(left, int) and isinstance(right, int) and abs(left) > 1 and right > 0:
            return right * abs(left).bit_length() > OUTPUT_BUDGET * 4
        return False
    for times, sized in ((left, right), (right, left)):
        if isinstance(times, int) and isinstance(sized, str | list | tuple):
            return times * len(sized) > OUTPUT_BUDGET
    return False


class _Sandbox(SandboxedEnvironment):
    """jinja2's sandbox, with the clock looked at on every call, attribute and item, and `*`
    and `**` refused when they would make more than the budget."""

    intercepted_binops = frozenset({"*", "**"})

    def call(__self, __context: Context, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        _on_time()
        return super().call(__context, __obj, *args, **kwargs)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _on_time()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _on_time()
        return super().getitem(obj, argument)

    def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
        _on_time()
        if _too_large(operator, left, right):
            raise OverBudget("size")
        return super().call_binop(context, operator, left, right)


class _Guarded(BaseLoader):
    """Templates looked up in order in `places` (a folder and the path below it that holds
    the templates: the repository's root and templates/site, say), read only when no part of
    that path is a link."""

    def __init__(self, places: list[tuple[Path, str]]) -> None:
        self.places = places
        self.shown: dict[str, str] = {}  # a template's file -> how a message names it

    def get_source(
        self, environment: Environment, template: str
    ) -> tuple[str, str, Callable[[], bool]]:
        pieces = "/".join(split_template_path(template))  # refuses `..`
        for base, below in self.places:
            relative = f"{below}/{pieces}"
            try:
                found = files.read_unlinked(base, relative)
            except files.Linked as link:
                raise _linked(relative, link.part, below) from None
            except files.Unreadable as problem:
                raise TemplateRefused(
                    f"malen {relative} kan ikke leses: {problem.message}"
                ) from None
            if found is None:
                continue
            raw, stamp = found
            try:
                source = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise TemplateRefused(
                    f"malen {relative} er ikke lagret som UTF-8; lagre den som UTF-8 i editoren"
                ) from None
            path = base / relative
            self.shown[str(path)] = relative
            return source, str(path), partial(_unchanged, path, stamp)
        raise TemplateNotFound(template)


def _unchanged(path: Path, stamp: int) -> bool:
    return files.modified(path) == stamp


def _linked(relative: str, part: str, below: str) -> TemplateRefused:
    return TemplateRefused(
        f"malen {relative} kan ikke leses: {part} er en lenke; ims leser maler bare fra mappen "
        f"templates/ i postarkivet, aldri gjennom en lenke. Legg malen selv i {below}/, eller "
        "fjern lenken"
    )


def _yaml_scalar(value: Any) -> str:
    """A value as a one-line YAML scalar, quoted only when it must be."""
    text = yaml.safe_dump(value, allow_unicode=True, default_flow_style=True, width=1 << 20)
    return text.removesuffix("\n...\n").removesuffix("\n")


def environment(
    kind: str, root: Path | None, *, html: bool = False, compiled: Path | None = None
) -> SandboxedEnvironment:
    """The templates of `kind` (new, init, report, site): a records repository's own in
    `root`/templates/`kind` first, then the shipped ones. Undefined variables are errors, so a
    template can never silently leave a blank. For HTML everything a template prints is
    escaped unless the template marks it safe."""
    places = [(root, f"templates/{kind}")] if root is not None else []
    places.append((shipped("templates").parent, f"{shipped('templates').name}/{kind}"))
    env = _Sandbox(
        loader=_Guarded(places),
        undefined=StrictUndefined,
        keep_trailing_newline=True,
        autoescape=html,  # YAML and Markdown are not escaped; their renderers do what they need
        # jinja2 checks each template's source against its compiled copy in `compiled`
        bytecode_cache=FileSystemBytecodeCache(str(compiled)) if compiled else None,
    )
    env.globals["range"] = _Range
    env.filters["yaml"] = _yaml_scalar
    env.filters["antall"] = counted  # 1 post, 2 poster
    return env


def render(env: SandboxedEnvironment, name: str, own: Path | None, **values: Any) -> str:
    """A template filled in, within the budget. A broken or forbidden template the repository
    brought (in its folder `own`) is the user's error, with its place; a shipped one is a bug
    in ims. A template that is refused, or over its budget, is the user's in any case."""
    try:
        with _budget():
            template = env.get_template(name)
            return _filled(template, values)
    except TemplateRefused as error:
        raise UserError(error.message or "") from None
    except (OverBudget, RecursionError) as error:
        raise UserError(_over(error, _culprit(env, error, name))) from None
    except TemplateError as error:
        if own is None or not (own / name).is_file():
            raise
        raise _problem(env, name, error) from None


def plain_text(env: SandboxedEnvironment, name: str) -> str:
    """A file beside the templates (a stylesheet) as it is, found and read as a template is."""
    try:
        return env.loader.get_source(env, name)[0] if env.loader else ""
    except TemplateRefused as error:
        raise UserError(error.message or "") from None


def _filled(template: Template, values: dict[str, Any]) -> str:
    """The template's text, piece by piece, stopped when it grows past OUTPUT_BUDGET."""
    pieces, size = [], 0
    for piece in template.generate(**values):
        size += len(piece)
        if size > OUTPUT_BUDGET:
            raise OverBudget("size")
        pieces.append(piece)
    return "".join(pieces)


@contextmanager
def _budget() -> Iterator[None]:
    """TIME_BUDGET from now, for the hooks of the sandbox; and where the system has a timer
    (Unix, in the main thread, none running already) also a signal when it has passed, which
    stops a loop that calls nothing the hooks see."""
    token = _deadline.set(time.monotonic() + TIME_BUDGET)
    timer = (
        hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if timer:
        before = signal.signal(signal.SIGALRM, _alarm)
        # a second later than the hooks: they stop a template where it is, with its name
        signal.setitimer(signal.ITIMER_REAL, TIME_BUDGET + 1)
    try:
        yield
    finally:
        if timer:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, before)
        _deadline.reset(token)


def _alarm(signum: int, frame: FrameType | None) -> None:
    raise OverBudget("time")


def _culprit(env: SandboxedEnvironment, error: BaseException, name: str) -> str:
    """The template the error came from: the innermost of the templates it went through, as
    the loader named it (jinja2 gives each template's frames its file name); else the one
    asked for."""
    shown = env.loader.shown if isinstance(env.loader, _Guarded) else {}
    found, trace = None, error.__traceback__
    while trace is not None:
        found = shown.get(trace.tb_frame.f_code.co_filename, found)
        trace = trace.tb_next
    if found is None:
        top = env.get_template(name).filename or name
        found = shown.get(top, name)
    return found


def _over(error: BaseException, template: str) -> str:
    if isinstance(error, RecursionError):
        return f"malen {template} kaller seg selv for mange ganger inni hverandre; rett malen"
    if isinstance(error, OverBudget) and error.what == "time":
        return (
            f"malen {template} brukte mer enn {_seconds(TIME_BUDGET)} sekunder og ble stoppet; "
            "se etter løkker i løkker (for … in range) og rett malen"
        )
    return (
        f"malen {template} lager for mye tekst og ble stoppet (ims stopper en mal ved "
        f"{_whole(OUTPUT_BUDGET)} tegn, og range() ved {_whole(MAX_RANGE)}); rett malen"
    )


def _whole(value: int) -> str:
    return f"{value:_}".replace("_", "\u00a0")  # 100 000, as Norwegian writes it


def _seconds(value: float) -> str:
    return f"{value:g}".replace(".", ",")


def _problem(env: SandboxedEnvironment, name: str, error: TemplateError) -> UserError:
    if isinstance(error, TemplateSyntaxError):
        shown = env.loader.shown if isinstance(env.loader, _Guarded) else {}
        where = f"{shown.get(error.filename or '', error.filename or name)}:{error.lineno}"
        return UserError(f"{where}: malen har en syntaksfeil; rett den (jinja2: {error.message})")
    if isinstance(error, SecurityError):
        return UserError(
            f"malen {name} prøver å bruke noe den ikke har tilgang til (bare verdiene ims gir "
            "malen kan brukes); rett malen i templates/"
        )
    return UserError(f"malen {name} kan ikke fylles ut; rett malen (jinja2: {error})")
