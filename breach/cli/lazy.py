"""Build typer's command group lazily: each command is built only when it runs or its help is asked.

Typer builds every command's parameters up front (signatures, type hints, converters): a third of the
start-up of `breach --help` and of each TAB. This module is the one place that reaches past typer's
public API to avoid that; each private use is listed here and pinned by the parity tests in
`tests/cli/test_lazy.py` (help text, errors and "did you mean" equal to typer's eager build):

- `typer.main.get_command_from_info`, `get_group_from_info`, `solve_typer_info_defaults`,
  `get_command_name`: typer's own builders, called per command instead of all at once;
- `typer._coercion.PassThroughRuntimeParam` and `param._runtime_param`, `param.type_descriptor`: the
  pass-through coercion typer uses for a plain value, set ahead so no pydantic adapter is built.
"""

from __future__ import annotations

import typer
from typer.core import TyperGroup


class LazyGroup(TyperGroup):
    """A group whose sub-commands may be stubs (name and help text, all that the help listing and shell
    completion read) until one runs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.builders: dict = {}  # name -> build the real command, for the sub-commands still stubs

    def get_params(self, ctx):
        params = super().get_params(ctx)
        for param in params:
            _uncoerced(param)
        return params

    def resolve_command(self, ctx, args):
        if args and args[0] in self.builders:
            self.commands[args[0]] = self.builders.pop(args[0])()
        name, command, rest = super().resolve_command(ctx, args)
        if command is not None:
            for param in command.get_params(ctx):
                _uncoerced(param)
        return name, command, rest


def lazy_group(typer_app: typer.Typer) -> LazyGroup:
    """The click group typer would build for `typer_app`, except that each command and sub-group is
    built only when it runs. Typer builds every command's parameters up front (signatures, type
    hints, converters): a third of the start-up of `breach --help` and of each TAB."""
    import copy
    import inspect
    from functools import partial

    from typer.core import TyperCommand
    from typer.main import (
        get_command,
        get_command_from_info,
        get_command_name,
        get_group_from_info,
        solve_typer_info_defaults,
    )

    shell = copy.copy(typer_app)
    shell.registered_commands, shell.registered_groups = [], []
    group = get_command(shell)
    options = {"pretty_exceptions_short": typer_app.pretty_exceptions_short, "rich_markup_mode": typer_app.rich_markup_mode}
    for info in typer_app.registered_commands:
        name = info.name or get_command_name(info.callback.__name__)
        text = inspect.getdoc(info.callback) if info.help is None else inspect.cleandoc(info.help)
        group.commands[name] = TyperCommand(name=name, help=text, short_help=info.short_help, hidden=info.hidden,
                                            deprecated=info.deprecated, rich_markup_mode=typer_app.rich_markup_mode)
        group.builders[name] = partial(get_command_from_info, info, **options)
    for info in typer_app.registered_groups:
        solved = solve_typer_info_defaults(info)
        if not solved.name:  # merged into this group: its commands are typer's to place
            return get_command(typer_app)
        group.commands[solved.name] = TyperGroup(
            name=solved.name, help=solved.help, short_help=solved.short_help, hidden=solved.hidden,
            deprecated=solved.deprecated, rich_markup_mode=typer_app.rich_markup_mode,
        )
        group.builders[solved.name] = partial(get_group_from_info, info, suggest_commands=typer_app.suggest_commands, **options)
    return group


def _uncoerced(param) -> None:
    """typer coerces an option's value through a pydantic TypeAdapter that it builds on first use, even
    for an option not given: on every TAB that imports pydantic for the group's own options alone (a
    tenth of a second), and each command pays for the adapters of `--help` and its flags. Text and
    flags need no coercion: they get typer's pass-through, which checks the type."""
    from typer._coercion import PassThroughRuntimeParam

    descriptor = getattr(param, "type_descriptor", None)
    if descriptor is not None and descriptor.annotation in (str, bool) and descriptor.file_annotation is None \
            and param._runtime_param is None:
        param._runtime_param = PassThroughRuntimeParam(parameter_info=descriptor.parameter_info,
                                                       annotation=descriptor.annotation)
