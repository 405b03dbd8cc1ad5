"""The `ims` command: global options, and the command groups wired in."""

from __future__ import annotations

import os
import sys
from typing import Annotated, NoReturn

# pydantic looks for plugins in every installed package's entry points (~30 ms at start-up);
# ims uses none. An explicit setting by the user still wins.
os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")

import typer

from ims_cli import __version__
from ims_cli.cli import (
    avvik,
    check,
    codeowners,
    crypt,
    exchange,
    history,
    init,
    lederavtale,
    new,
    puff,
    records,
    report,
    revisjon,
    risk,
    ros,
    schema,
    serve,
    site,
    stats,
    tiltak,
    validate,
    varsel,
    vernerunde,
)
from ims_cli.cli.frame import GLOBAL_OPTIONS, Command, new_app


def _version(value: bool) -> None:
    if value:
        print(f"ims {__version__}")
        raise typer.Exit()


def root(
    ctx: typer.Context,
    repo: Annotated[
        str | None,
        typer.Option(
            "--repo",
            envvar="IMS_REPO",
            metavar="STI",
            help="Postarkivet (mappen med ims.yaml). Standard: søk oppover fra gjeldende mappe.",
        ),
    ] = None,
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Vis versjonen og avslutt."
        ),
    ] = False,
) -> None:
    """ims – Felles ledelsessystem i git."""
    ctx.obj = repo


# The first word of each command, and the module that registers it, in the order help lists them.
_COMMANDS = (
    ("init", init),
    ("validate", validate),
    ("check", check),
    ("list", records),
    ("show", records),
    ("tiltak", tiltak),
    ("avvik", avvik),
    ("lederavtale", lederavtale),
    ("new", new),
    ("puff", puff),
    ("risk", risk),
    ("ros", ros),
    ("revisjon", revisjon),
    ("vernerunde", vernerunde),
    ("import", exchange),
    ("export", exchange),
    ("diff", history),
    ("log", history),
    ("stats", stats),
    ("report", report),
    ("site", site),
    ("serve", serve),
    ("varsel", varsel),
    ("nokkel", crypt),
    ("krypter", crypt),
    ("codeowners", codeowners),
    ("schema", schema),
)


def _root_app() -> typer.Typer:
    app = new_app(
        "ims – Felles ledelsessystem i git: avvik, ROS, prosesser og lederavtaler som "
        "YAML/Markdown.\n\nEksempel: ims validate",
        completion=True,  # --install-completion and --show-completion for bash, zsh and fish
    )
    app.callback()(root)
    return app


def build(command: str | None = None) -> typer.Typer:
    """The app with every command, or with only the module of the command being run: typer
    inspects the options of every command it is given before it runs one (~50 ms for all)."""
    app = _root_app()
    chosen = [module for word, module in _COMMANDS if word == command]
    for module in dict.fromkeys(chosen or [module for _, module in _COMMANDS]):
        module.register(app)
    return app


def _listed_only() -> None:
    """A command of the overview: only its name and help are ever read."""


def overview() -> typer.Typer:
    """The app as `ims --help` lists it (and an unknown command is matched against): every
    command and group with its help, none of their options, which typer would inspect."""
    full, light = build(), _root_app()
    for info in full.registered_commands:
        help_text = info.callback.__doc__ if info.callback else None
        light.command(info.name, help=help_text, cls=Command)(_listed_only)
    for group in full.registered_groups:
        assert group.typer_instance is not None and group.name is not None  # as register() adds
        listed = new_app(str(group.typer_instance.info.help or ""), name=group.name)
        listed.callback()(_listed_only)
        light.add_typer(listed, name=group.name)
    return light


def command_word(args: list[str]) -> str | None:
    """The command named on the command line, or None when help of the whole app may be shown."""
    words = iter(args)
    for arg in words:
        if arg in ("-h", "--help"):
            return None
        if GLOBAL_OPTIONS.get(arg):
            next(words, None)
        elif not arg.startswith("-"):
            return arg
    return None


app = build()


def main() -> NoReturn:
    # Shell completion (Tab) gives the words typed so far in the environment, not as arguments
    # (bash in COMP_WORDS, zsh and fish in _TYPER_COMPLETE_ARGS).
    typed = []
    if "_IMS_COMPLETE" in os.environ:
        line = os.environ.get("COMP_WORDS") or os.environ.get("_TYPER_COMPLETE_ARGS", "")
        typed = line.split()[1:]
    word = command_word(typed or sys.argv[1:])
    known = word in {w for w, _ in _COMMANDS}
    try:
        (build(word) if known else overview())(prog_name="ims")
    except SystemExit as done:
        leave(done.code)
    leave(0)


def leave(code: object) -> NoReturn:
    """End the process at once, without freeing what it built one object at a time: after a
    command that loaded 20 000 records that takes a quarter of a second. By now every file ims
    wrote is closed and every worker process joined; only the standard streams need flushing."""
    if isinstance(code, str):  # as SystemExit prints a message
        print(code, file=sys.stderr)
    status = code if isinstance(code, int) else 0 if code is None else 1
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:  # ims … | head: the reader is gone, which is not an error of ims
        pass
    os._exit(status)
