"""What every command shares: Norwegian help and errors, and exit codes decided in one place.

Exit codes: 0 ok, 1 findings, 2 usage or input error, 3 an error in ims itself.
"""

from __future__ import annotations

import re
import sys
import traceback
from typing import Any, NoReturn

import typer
from typer._click import exceptions as click_exceptions
from typer.core import TyperCommand, TyperGroup

from ims_cli.errors import UserError

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a command stopped with Ctrl-C

# The options of `ims` itself, which may also stand after the command (`ims validate --repo X`),
# and whether each takes a value.
GLOBAL_OPTIONS = {"--repo": True, "--version": False}


def global_first(args: list[str]) -> list[str]:
    """The command line with the global options moved before the command, where click reads
    them: `ims validate --repo X` as `ims --repo X validate`. After `--` nothing is moved."""
    front: list[str] = []
    rest: list[str] = []
    words = iter(args)
    for arg in words:
        if arg == "--":
            rest += [arg, *words]
            break
        name = arg.split("=", 1)[0]
        if name not in GLOBAL_OPTIONS:
            rest.append(arg)
        elif GLOBAL_OPTIONS[name] and "=" not in arg:
            front += [arg, *([value] if (value := next(words, None)) is not None else [])]
        else:
            front.append(arg)
    return front + rest


_MESSAGES = [
    (r"^No such option: (.*)", r"ukjent valg: \1"),
    (r"^No such command '(.*)'\.", r"ukjent kommando «\1»."),
    (r"^Missing command\.", "mangler kommando."),
    (r"^Missing argument '(.*)'\.", r"mangler argumentet \1."),
    (r"^Missing option '(.*)'\.", r"mangler valget \1."),
    (r"^Got unexpected extra argument(?:s|\(s\))? \((.*)\)", r"uventet argument: \1"),
    (r"^Invalid value for (.*?): ", r"ugyldig verdi for \1: "),
    (r"^Option '(.*)' requires an argument\.", r"valget \1 trenger en verdi."),
    (r"Did you mean (.*)\?", r"Mente du \1?"),
    (r"\(Possible options: (.*)\)", r"(mulige valg: \1)"),
    (r"is not a valid (.*)\.", r"er ikke gyldig \1."),
    # typer 0.29 checks option values with pydantic, whose messages are English
    (r"Input should be a valid integer.*", "skriv et heltall"),
    (r"Input should be a valid number.*", "skriv et tall"),
    (r"Input should be greater than or equal to (\S+)", r"må være minst \1"),
    (r"Input should be less than or equal to (\S+)", r"kan være høyst \1"),
]


_USAGE_WORDS = [("[OPTIONS]", "[VALG]"), ("COMMAND [ARGS]...", "KOMMANDO [ARGUMENTER]...")]


def _norwegian_error_strings() -> None:
    """typer's own words in its error panels (help is ims's own: render/help.py); loaded only
    when an error is shown."""
    from typer import rich_utils

    rich_utils.ERRORS_PANEL_TITLE = "Feil"
    rich_utils.ABORTED_TEXT = "Avbrutt."
    rich_utils.RICH_HELP = "Skriv [blue]'{command_path} {help_option}'[/] for hjelp."


def _translate(error: click_exceptions.UsageError) -> click_exceptions.UsageError:
    message = error.format_message()
    for pattern, replacement in _MESSAGES:
        message = re.sub(pattern, replacement, message)
    _norwegian_error_strings()
    return click_exceptions.UsageError(message, error.ctx)


_COMPLETION_HELP = {
    "install_completion": "Installer fullføring av kommandoer med Tab i skallet (bash, zsh, fish).",
    "show_completion": "Vis skriptet for fullføring med Tab, for å legge det inn selv.",
}


class _Norwegian:
    """Mixed into typer's command and group classes."""

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        pieces = " ".join(self.collect_usage_pieces(ctx))  # type: ignore[attr-defined]
        for english, norwegian in _USAGE_WORDS:
            pieces = pieces.replace(english, norwegian)
        formatter.write_usage(ctx.command_path, pieces, prefix="Bruk: ")

    def format_help(self, ctx: Any, formatter: Any) -> None:
        from ims_cli.render.help import print_help

        print_help(self, ctx, _listed_filler(self, ctx))

    def get_help_option(self, ctx: Any) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = "Vis denne hjelpen og avslutt."
        return option

    def get_params(self, ctx: Any) -> list[Any]:
        params: list[Any] = super().get_params(ctx)  # type: ignore[misc]
        for param in params:  # typer's shell completion options, in Norwegian
            param.help = _COMPLETION_HELP.get(param.name, param.help)
        return params

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc, no-any-return]
        except click_exceptions.NoArgsIsHelpError:
            raise  # the help is shown; typer adds no error panel for this one
        except click_exceptions.UsageError as error:
            raise _translate(error) from None


# In an option's help, the values of a list under `verdier:` in ims.yaml (cli.options.listed),
# and a list the kinds and models give (cli.options.derived).
_LISTED = re.compile(r"\{verdier\.([a-z_]+)\}")
_DERIVED = re.compile(r"\{ims\.([a-z_]+)\}")


def _listed_filler(command: Any, ctx: Any) -> Any:
    """What fills in the lists of ims.yaml in the command's help: those of the repository's
    ims.yaml, or ims's own outside one. ims.yaml is read only for help that names a list."""
    helps = " ".join(getattr(p, "help", None) or "" for p in command.params)
    if not _LISTED.search(helps):
        return _derived_filler if _DERIVED.search(helps) else None
    from pathlib import Path

    from ims_cli.models.vocabulary import DEFAULT
    from ims_cli.rules.schema import VALIDATOR
    from ims_cli.store.load import load_config
    from ims_cli.store.root import find_root

    try:
        config, _ = load_config(find_root(Path.cwd(), ctx.find_root().obj), VALIDATOR)
        vocabulary = config.vocabulary()
    except UserError:
        vocabulary = DEFAULT
    return lambda text: _derived_filler(
        _LISTED.sub(lambda m: ", ".join(vocabulary.allowed(m[1])), text)
    )


def _derived_filler(text: str) -> str:
    from ims_cli.cli.options import derived_text

    return _DERIVED.sub(lambda m: derived_text(m[1]), text)


class Command(_Norwegian, TyperCommand):
    """A command with Norwegian help."""


class Group(_Norwegian, TyperGroup):
    """The command group: Norwegian help, and user errors and crashes handled in one place."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        if ctx.parent is None:  # ims itself: its options may stand after the command too
            args = global_first(args)
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except click_exceptions.NoArgsIsHelpError:
            raise
        except click_exceptions.UsageError as error:
            raise _translate(error) from None
        except UserError as error:
            fail(str(error))
        except (KeyboardInterrupt, typer.Abort):  # Ctrl-C, or Ctrl-D at a prompt
            print("\nAvbrutt.", file=sys.stderr)
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except (typer.Exit, click_exceptions.ClickException, BrokenPipeError):
            raise  # typer ends these itself; a closed pipe (ims … | head) is not a bug
        except Exception:
            print(
                "ims: beklager, dette er en feil i ims og ikke i postene dine. "
                "Meld den gjerne med teksten under.",
                file=sys.stderr,
            )
            traceback.print_exc()
            raise typer.Exit(EXIT_BUG) from None


def told(path: str, summary: str, warnings: tuple[str, ...], written: str = "") -> None:
    """What an edit wrote, and on stderr what the record now warns about (it was written)."""
    print(f"{written}{path}: {summary}")
    for warning in warnings:
        print(f"ims: merk: {warning}", file=sys.stderr)


def fail(message: str) -> NoReturn:
    """Stop with a user error: one line on stderr, exit code 2."""
    print(f"ims: {message}", file=sys.stderr)
    raise typer.Exit(EXIT_USAGE)


def new_app(help_text: str, name: str = "ims", completion: bool = False) -> typer.Typer:
    return typer.Typer(
        name=name,
        cls=Group,
        help=help_text,
        no_args_is_help=True,
        add_completion=completion,
        rich_markup_mode="rich",
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )
