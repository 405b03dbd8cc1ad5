"""Which formats each command's result prints in, and the renderer of each: one registry.

A command builds its result (a small record of render/results.py, or an analysis's own result),
asks its `View` for the format the user chose, and prints what comes back; no command keeps an
if-chain of formats. The renderers are registered where they live (`@LIST.renderer("json")` in
render/records.py), and that module is imported only when the view is shown, so start-up never
pays for rich or for a format nobody asked for.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib import import_module
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    from ims_cli.analytics.diff import Comparison
    from ims_cli.analytics.records import Listed
    from ims_cli.analytics.risk import CoverageReport
    from ims_cli.render.results import (
        Findings,
        History,
        Matrix,
        Owners,
        Puff,
        Reminders,
        Shown,
        Stats,
        TiltakList,
        Top,
    )

T = TypeVar("T")
# A renderer gives the text to print, or None when it has printed itself (a rich view) or
# has nothing to print (no annotations for GitHub).
Renderer = Callable[[T], "str | None"]

# What each format is, where a word helps (`--help`).
FORMAT_WORDS = {
    "github": "merknader i GitHub Actions",
    "junit": "JUnit-XML",
    "md": "Markdown",
    "codeclimate": "kodekvalitetsrapport for GitLab",
}


class View(Generic[T]):
    """A command's result: the formats it prints in (the first is the default) and, once its
    render module is imported, the renderer of each."""

    def __init__(self, command: str, formats: tuple[str, ...], module: str) -> None:
        self.command = command  # as typed, for messages: «ims risk matrix»
        self.formats = formats
        self.module = module  # the render module that registers the renderers
        self._renderers: dict[str, Renderer[T]] = {}

    def renderer(self, *formats: str) -> Callable[[Renderer[T]], Renderer[T]]:
        """Register the decorated function as the renderer of these formats."""

        def register(function: Renderer[T]) -> Renderer[T]:
            for name in formats:
                if name not in self.formats:  # a slip in ims: the option would not offer it
                    raise ValueError(f"{self.command} has no format {name}")
                self._renderers[name] = function
            return function

        return register

    def renderers(self) -> dict[str, Renderer[T]]:
        """Every format's renderer (the render module imported)."""
        if len(self._renderers) < len(self.formats):
            import_module(self.module)
        return dict(self._renderers)

    def render(self, output: str, result: T) -> str | None:
        return self.renderers()[output](result)

    def show(self, output: str, result: T) -> None:
        """Print the result in the format chosen."""
        text = self.render(output, result)
        if text is not None:
            print(text)


FINDING_FORMATS = ("text", "json", "github", "junit", "md", "codeclimate")

LIST: View[Sequence[Listed]] = View("ims list", ("text", "json"), "ims_cli.render.records")
SHOW: View[Shown] = View("ims show", ("text", "json"), "ims_cli.render.records")
TILTAK: View[TiltakList] = View("ims tiltak list", ("text", "json"), "ims_cli.render.tiltak")
PUFF: View[Puff] = View("ims puff", ("text", "json"), "ims_cli.render.puff")
STATS: View[Stats] = View("ims stats", ("text", "json"), "ims_cli.render.stats")
RISK_MATRIX: View[Matrix] = View("ims risk matrix", ("text", "json"), "ims_cli.render.risk")
RISK_TOP: View[Top] = View("ims risk top", ("text", "json"), "ims_cli.render.risk")
RISK_COVERAGE: View[CoverageReport] = View(
    "ims risk dekning", ("text", "json"), "ims_cli.render.risk"
)
VALIDATE: View[Findings] = View("ims validate", FINDING_FORMATS, "ims_cli.render.check")
CHECK: View[Findings] = View("ims check", FINDING_FORMATS, "ims_cli.render.check")
DIFF: View[Comparison] = View("ims diff", ("text", "md", "json", "github"), "ims_cli.render.diff")
LOG: View[History] = View("ims log", ("text", "json"), "ims_cli.render.history")
REMINDERS: View[Reminders] = View("ims varsel", ("text", "json"), "ims_cli.render.varsel")
CODEOWNERS: View[Owners] = View("ims codeowners", ("text", "json"), "ims_cli.render.owners")

VIEWS: tuple[View[Any], ...] = (
    LIST,
    SHOW,
    TILTAK,
    PUFF,
    STATS,
    RISK_MATRIX,
    RISK_TOP,
    RISK_COVERAGE,
    VALIDATE,
    CHECK,
    DIFF,
    LOG,
    REMINDERS,
    CODEOWNERS,
)
