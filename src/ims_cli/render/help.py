"""Command help in Norwegian: usage, description, and panels of arguments, options and commands.

typer's own rich help imports rich's Markdown and traceback support (~0.1 s, most of the time
`ims --help` took) for features ims does not use; this draws the same panels with rich's table
and panel alone. The texts are ims's own docstrings and option help, so their rich markup
([bold]…[/bold]) is honoured here, unlike text from records.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from rich.console import Group, RenderableType
from rich.padding import Padding
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from ims_cli.render.console import stdout


def print_help(command: Any, ctx: Any, fill: Callable[[str], str] | None = None) -> None:
    """The help of a command or a group of commands; `fill` puts in what the options' help
    takes from ims.yaml."""
    parts: list[RenderableType] = [Padding(Text(command.get_usage(ctx), style="bold"), 1)]
    if command.help:
        parts.append(Padding(_description(command.help), (0, 1, 1, 1)))
    params = [p for p in command.get_params(ctx) if not getattr(p, "hidden", False)]
    arguments = [p for p in params if p.param_type_name == "argument"]
    options = [p for p in params if p.param_type_name == "option"]
    panels = [
        _panel("Argumenter", [_argument(p, fill) for p in arguments]),
        _panel("Valg", [_option(p, fill) for p in options]),
    ]
    if hasattr(command, "list_commands"):
        names = [n for n in command.list_commands(ctx) if not command.get_command(ctx, n).hidden]
        rows = [_command(n, command.get_command(ctx, n)) for n in names]
        panels.append(_panel("Kommandoer", rows))
    parts.extend(panel for panel in panels if panel is not None)
    stdout(prose=True).print(Group(*parts), soft_wrap=False)  # help flows as wide as the terminal


def _description(text: str) -> Group:
    """Paragraphs, each one flowing as the terminal is wide; a list keeps its lines."""
    parts: list[RenderableType] = []
    for paragraph in _paragraphs(text):
        if parts:
            parts.append(Text(""))
        parts.append(Text.from_markup(paragraph))
    return Group(*parts)


def _paragraphs(text: str) -> list[str]:
    shown = []
    for paragraph in text.strip().split("\n\n"):
        lines = [line.strip() for line in paragraph.strip().splitlines()]
        is_list = all(line.startswith(("-", "•")) for line in lines)
        shown.append("\n".join(lines) if is_list else " ".join(lines))
    return shown


def _first_paragraph(text: str | None) -> Text:
    return Text.from_markup(_paragraphs(text or "")[0]) if text else Text("")


def _panel(title: str, rows: list[list[RenderableType]]) -> Panel | None:
    if not rows:
        return None
    table = Table(show_header=False, box=None, expand=True, pad_edge=False, padding=(0, 1))
    for _ in rows[0][:-1]:
        table.add_column(no_wrap=True)
    table.add_column(ratio=1)
    for row in rows:
        table.add_row(*row)
    return Panel(table, title=title, title_align="left", border_style="dim")


def _argument(param: Any, fill: Callable[[str], str] | None) -> list[RenderableType]:
    name = param.metavar or param.name.upper()
    return [Text(name, style="bold cyan"), _help(param, fill)]


def _option(param: Any, fill: Callable[[str], str] | None) -> list[RenderableType]:
    names = [*param.opts, *param.secondary_opts]
    long = ", ".join(n for n in names if n.startswith("--"))
    short = ", ".join(n for n in names if not n.startswith("--"))
    metavar = "" if param.is_flag else param.metavar or ""
    return [
        Text(long, style="bold cyan"),
        Text(short, style="bold green"),
        Text(metavar, style="bold yellow"),
        _help(param, fill),
    ]


def _help(param: Any, fill: Callable[[str], str] | None) -> Text:
    """The option's help, then its environment variable, default and whether it is required."""
    said = "\n".join(_paragraphs(param.help or ""))
    text = Text.from_markup(fill(said) if fill else said)
    extras = []
    if getattr(param, "envvar", None):
        extras.append(f"[miljøvariabel: {param.envvar}]")
    if _shows_default(param):
        extras.append(f"[standard: {param.default}]")
    if param.required:
        extras.append("[påkrevd]")
    for extra in extras:
        text.append(f" {extra}", style="dim")
    return text


def _shows_default(param: Any) -> bool:
    flag = getattr(param, "is_flag", False)
    return bool(param.show_default) and param.default not in (None, "") and not flag


def _command(name: str, command: Any) -> list[RenderableType]:
    return [Text(name, style="bold cyan"), _first_paragraph(command.help)]
