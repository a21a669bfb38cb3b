"""The command line in Danish: help screens and usage errors.

Typer (and the Click inside it) writes its own words in English: "Usage:", "Options", "[required]",
"Show this message and exit.", "Missing option '--year'", "No such command". Børnetal's users read
Danish, so the words are replaced (``data/danish.toml``): the help screens' labels through the
settings of Typer's rich help, and the rest through Typer's extension point for commands (``cls=``):
``DanishGroup`` and ``DanishCommand`` write the usage line and the help option in Danish and raise
usage errors that say in Danish what is wrong. A value's type is shown in Danish too (``<tal>``,
not ``<int>``), and a flag shows none (``--publish``, not ``--publish <bool>``: it takes no value).
"""

from __future__ import annotations

import difflib
import tomllib
from functools import cache
from importlib import resources
from typing import Any, get_args, get_origin

import typer.rich_utils as rich_help
from babel.lists import format_list
from typer._click import Context, HelpFormatter
from typer._click.exceptions import (
    BadOptionUsage,
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
)
from typer.core import TyperArgument, TyperCommand, TyperGroup, TyperOption

#: how Click begins the message of too many arguments (it has no exception class of its own)
EXTRA_ARGUMENTS = "Got unexpected extra argument"


@cache
def words() -> dict[str, dict[str, str]]:
    return tomllib.loads(resources.files(__package__).joinpath("data/danish.toml").read_text("utf-8"))


def use_danish_help() -> None:
    """Set the labels of Typer's rich help screens and error panels to Danish."""
    for setting, text in words()["help"].items():
        setattr(rich_help, setting, text)


def in_danish(error: UsageError, ctx: Context, args: list[str]) -> UsageError:
    """The usage error said in Danish (as it was, if it is one Børnetal does not know); ``args``:
    the command line the command ``ctx`` was given."""
    said = words()["errors"]
    if isinstance(error, MissingParameter) and error.param is not None:
        if isinstance(error.param, TyperOption):
            message = said["missing_option"].format(option=" / ".join(error.param.opts))
        else:
            name = error.param.metavar or (error.param.name or "").upper()
            message = said["missing_argument"].format(argument=name)
    elif isinstance(error, BadParameter) and error.param is not None:
        expected = words()["expected"].get(value_type(error.param)[0])
        if expected is None:
            return error
        message = said["bad_value"].format(option=" / ".join(error.param.opts), expected=expected)
    elif isinstance(error, BadOptionUsage) and error.message.endswith("requires an argument."):
        message = said["option_needs_value"].format(option=error.option_name)
    elif isinstance(error, NoSuchOption):
        message = said["unknown_option"].format(option=error.option_name)
        if error.possibilities:
            message += " " + said["did_you_mean"].format(suggestions=either(sorted(error.possibilities)))
    elif type(error) is UsageError and error.message.startswith(EXTRA_ARGUMENTS):
        extra = error.message.split(" (", 1)[1].removesuffix(")")  # "...argument(s) (b c)"
        message = said["extra_arguments"].format(arguments=extra)
        flag = flag_before(ctx, args, extra.split(" ")[0])
        if flag:
            message += " " + said["flag_takes_no_value"].format(flag=flag)
    else:
        return error
    return UsageError(message, error.ctx or ctx)


def flag_before(ctx: Context, args: list[str], value: str) -> str | None:
    """The flag (an option without a value) that ``value`` follows on the command line, if any."""
    if value not in args:
        return None
    at = args.index(value)
    flags = {opt for p in ctx.command.params if getattr(p, "is_flag", False) for opt in p.opts}
    return args[at - 1] if at > 0 and args[at - 1] in flags else None


def value_type(param: Any) -> tuple[str, bool]:
    """The name of the Python type of a parameter's values (``int``, ``Path``), and whether it
    takes several."""
    annotation = getattr(getattr(param, "type_descriptor", None), "annotation", None)
    several = get_origin(annotation) is list
    if several:
        annotation = get_args(annotation)[0]
    return getattr(annotation, "__name__", ""), several


def danish_metavar(param: Any) -> str | None:
    """What the help shows after an option: nothing for a flag, else its type in Danish."""
    if getattr(param, "is_flag", False):
        return ""
    name, several = value_type(param)
    shown = words()["metavar"].get(name)
    return None if shown is None else shown + ("..." if several else "")


class InDanish:
    """What a command and the group share: the usage line, the help option and the usage errors
    in Danish (a mixin before Typer's command class)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.options_metavar = words()["usage"]["options"]
        for param in self.params:  # type: ignore[attr-defined]
            if isinstance(param, TyperOption) and param.metavar is None:
                param.metavar = danish_metavar(param)
            elif isinstance(param, TyperArgument):  # its metavar is its name; the type shown apart
                shown = danish_metavar(param)
                if shown is not None:
                    param.display_type_rich = lambda ctx, shown=shown: shown  # type: ignore[method-assign]

    def parse_args(self, ctx: Context, args: list[str]) -> list[str]:
        given = list(args)
        try:
            return super().parse_args(ctx, args)  # type: ignore[misc]
        except UsageError as error:
            raise in_danish(error, ctx, given) from None

    def format_usage(self, ctx: Context, formatter: HelpFormatter) -> None:
        pieces = self.collect_usage_pieces(ctx)  # type: ignore[attr-defined]
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=words()["usage"]["prefix"])

    def get_help_option(self, ctx: Context) -> Any:
        option = super().get_help_option(ctx)  # type: ignore[misc]
        if option is not None:
            option.help = words()["usage"]["help_option"]
            option.metavar = ""
        return option


class DanishCommand(InDanish, TyperCommand):
    """A command whose help and usage errors are in Danish."""


class DanishGroup(InDanish, TyperGroup):
    """The ``boernetal`` command: its help and usage errors in Danish, an unknown command named."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.subcommand_metavar = words()["usage"]["command"]

    def resolve_command(self, ctx: Context, args: list[str]) -> Any:
        name = args[0]
        if not name.startswith("-") and self.get_command(ctx, name) is None and not ctx.resilient_parsing:
            said = words()["errors"]
            message = said["unknown_command"].format(command=name)
            close = difflib.get_close_matches(name, list(self.commands))
            if close:
                message += " " + said["did_you_mean"].format(suggestions=either([f"'{c}'" for c in close]))
            raise UsageError(message, ctx)
        return super().resolve_command(ctx, args)


def either(choices: list[str]) -> str:
    """'a', 'b' eller 'c'."""
    return format_list(choices, style="or", locale="da")
