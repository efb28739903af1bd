"""The ``ctrdesk`` command: the GUI when called alone, a scriptable tool with subcommands.

Machine output is JSON on stdout; errors go to stderr with a non-zero exit code and
no traceback. Heavy libraries are imported by the commands that use them.
"""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Callable, Sequence
from types import ModuleType

from ctrdesk import __version__
from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import _, set_language

Handler = Callable[[argparse.Namespace], int]


def _command_groups() -> tuple[ModuleType, ...]:
    """The modules that add the subcommands, in the order the help lists them: imported
    only when a command line names a command or asks for help (the window needs none)."""
    from ctrdesk.cli import (
        audit,
        backup,
        documents,
        exchange,
        guide,
        members,
        org,
        programs,
        records,
        setup,
        terms,
        units,
        users,
        workspace,
    )

    return (org, setup, members, programs, records, documents, exchange, units, terms,
            workspace, users, audit, backup, guide)


def _global_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"ctrdesk {__version__}")
    parser.add_argument("--db", metavar="PATH", help=_("workspace file to use"))
    parser.add_argument(
        "--demo", action="store_true",
        help=_("use the demo workspace (built on first use; with --db, built in PATH)"),
    )
    parser.add_argument("--lang", choices=["vi", "en"], help=_("language of messages"))
    parser.add_argument("--verbose", action="store_true",
                        help=_("also write what ctrdesk does to stderr (for diagnosis)"))
    parser.add_argument("--passphrase-env", metavar="VAR",
                        help=_("the environment variable holding the workspace's passphrase "
                               "(a new workspace is then created encrypted)"))
    parser.add_argument("--user", metavar="NAME", help=_("the account to sign in as"))
    parser.add_argument("--password-env", dest="user_password_env", metavar="VAR",
                        help=_("the environment variable holding the account's password"))


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctrdesk",
        description=_("Implementing programs, records and signed reports of Party committees."),
    )
    _global_options(parser)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_groups():
        module.register(commands)
    return parser


# The global options the window takes (their destinations), as _global_options names them.
_WINDOW_SWITCHES = {"--demo": "demo", "--verbose": "verbose"}
_WINDOW_VALUES = {"--db": "db", "--lang": "lang", "--passphrase-env": "passphrase_env",
                  "--user": "user", "--password-env": "user_password_env"}


def _window_arguments(argv: list[str]) -> argparse.Namespace | None:
    """The global options when ``argv`` names no command: the window starts without
    building a parser (argparse's own looks up its catalogs of messages). Only the plain
    forms are read here ("--db PATH", "--db=PATH", "--demo"...); anything else — a
    command, --help, --version, an abbreviation, a value that is not allowed — is None,
    for the full parser to read or to report with the usage of every command."""
    values: dict[str, object] = {"db": None, "demo": False, "lang": None, "verbose": False,
                                 "passphrase_env": None, "user": None,
                                 "user_password_env": None}
    rest = iter(argv)
    for arg in rest:
        name, equals, value = arg.partition("=")
        if arg in _WINDOW_SWITCHES:
            values[_WINDOW_SWITCHES[arg]] = True
        elif name in _WINDOW_VALUES:
            if not equals:
                value = next(rest, "-")
                if value.startswith("-"):  # missing, or an option: argparse decides
                    return None
            values[_WINDOW_VALUES[name]] = value
        else:
            return None
    if values["lang"] not in (None, "vi", "en"):
        return None
    return argparse.Namespace(**values, command=None)


def _report_crash(exc: BaseException) -> int:
    from ctrdesk.core.logs import log_exception

    log = log_exception(type(exc), exc, exc.__traceback__, where="ctrdesk.cli")
    where = _(" Details were written to {path}.").format(path=log) if log else ""
    print(_("ctrdesk: internal error: {error}.").format(error=exc) + where, file=sys.stderr)
    return 70


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    # The language must be known before the parser's help texts are built.
    lang = None
    for i, arg in enumerate(argv):
        if arg == "--lang" and i + 1 < len(argv):
            lang = argv[i + 1]
        elif arg.startswith("--lang="):
            lang = arg.split("=", 1)[1]
    set_language(lang)
    window_args = _window_arguments(argv)
    args = window_args if window_args is not None else build_parser().parse_args(argv)
    from ctrdesk.core.logs import setup_logging

    setup_logging(verbose=args.verbose)
    try:
        if args.command is None:
            # Start-up allocates much and frees little: the cyclic garbage collector
            # waits until the first screen is in view (run_gui turns it back on).
            gc.disable()
            from ctrdesk.cli.common import workspace_path
            from ctrdesk.ui.app import run_gui

            return run_gui(workspace_path(args), demo=args.demo)
        handler: Handler = args.handler
        return handler(args)
    except CtrdeskError as exc:
        print(f"ctrdesk: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(_("ctrdesk: interrupted."), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:
        return _report_crash(exc)


def main_gui() -> int:
    return main([*sys.argv[1:]])
