"""What the subcommands share: the workspace from the global options, JSON out, key options."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ctrdesk.core.i18n import _

if TYPE_CHECKING:
    from datetime import date

    from ctrdesk.core.signing import Pkcs12Key, TokenKey
    from ctrdesk.core.store import Workspace


def print_json(data: Any) -> None:
    import json  # not imported when the window starts (it needs workspace_path only)

    json.dump(data, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


def print_out(args: argparse.Namespace, data: Any, lines: Iterable[object]) -> int:
    """A command's result: ``data`` as JSON with ``--json``, else ``lines``, one a line
    (a generator is fine: it is not run for JSON). Returns the exit status 0."""
    if args.json:
        print_json(data)
    else:
        for line in lines:
            print(line)
    return 0


def workspace_path(args: argparse.Namespace) -> Path:
    from ctrdesk.core import paths

    if args.db:
        return Path(args.db)
    return paths.demo_workspace_path() if args.demo else paths.default_workspace_path()


def passphrase_from_args(args: argparse.Namespace) -> str | None:
    """The workspace passphrase from ``--passphrase-env VAR`` (never an argument)."""
    name = getattr(args, "passphrase_env", None)
    return secret(name, "") if name else None


def open_from_args(args: argparse.Namespace, *, sign_in: bool = True) -> Workspace:
    """Open the workspace the global options name, building the demo if asked, and sign
    in the user ``--user`` names (the only account when there is one). An encrypted
    workspace opened without ``--passphrase-env`` asks for its passphrase in a terminal."""
    from ctrdesk.core.demo import open_for_use
    from ctrdesk.core.errors import PassphraseRequiredError
    from ctrdesk.core.security.accounts import sign_in as sign_in_user

    path = workspace_path(args)
    passphrase = passphrase_from_args(args)
    try:
        ws = open_for_use(path, demo=args.demo, passphrase=passphrase)
    except PassphraseRequiredError:
        if passphrase is not None or not sys.stdin.isatty():
            raise
        ws = open_for_use(path, demo=args.demo,
                          passphrase=secret(None, _("Passphrase of the workspace: ")))
    if not sign_in:
        return ws
    user = getattr(args, "user", None)
    password_env = getattr(args, "user_password_env", None)
    try:
        sign_in_user(ws, user, lambda: secret(password_env, _("Password of {user}: ").format(
            user=user)), check_password=bool(password_env))
    except BaseException:
        ws.close()
        raise
    return ws


def new_secret(env_name: str | None, prompt: str, again: str) -> str:
    """A new passphrase or password: from the environment variable, or asked twice."""
    from ctrdesk.core.errors import ValidationError

    value = secret(env_name, prompt)
    if not env_name and secret(None, again) != value:
        raise ValidationError(_("The two entries differ; nothing was changed."),
                              field="secret")
    return value


def find_unit(ws: Workspace, name: str) -> int:
    from ctrdesk.core.errors import NotFoundError, ValidationError
    from ctrdesk.core.units import UnitDirectory

    directory = UnitDirectory.from_workspace(ws)
    matches = sorted(directory.match(name))
    if not matches:
        raise NotFoundError(_("No unit of this workspace is called '{name}'.").format(name=name))
    if len(matches) > 1:
        raise ValidationError(_("'{name}' names several units: {units}.").format(
            name=name, units=", ".join(directory.units[m].name for m in matches)), field="unit")
    return matches[0]


def date_arg(text: str) -> date:
    """A date as users write it (dd/mm/yyyy) or ISO; an impossible one (31/02) refused."""
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.validation import parse_date

    try:
        return parse_date(text, label=_("Date"))
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc


def read_json_file(path: str) -> Any:
    import json

    from ctrdesk.core.errors import ValidationError

    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except OSError as exc:
        raise ValidationError(_("Cannot read {path}: {reason}").format(
            path=path, reason=exc.strerror), field="file") from exc
    except json.JSONDecodeError as exc:
        raise ValidationError(_("{path} is not valid JSON: {reason}").format(
            path=path, reason=exc), field="file") from exc


def secret(env_name: str | None, prompt: str) -> str:
    """A password or PIN: from the named environment variable, or asked for; never an
    argument (it would show in the process list and the shell history)."""
    import getpass
    import os

    from ctrdesk.core.errors import ValidationError

    if env_name:
        value = os.environ.get(env_name)
        if value is None:
            raise ValidationError(_("The environment variable {name} is not set.").format(
                name=env_name), field="secret")
        return value
    if not sys.stdin.isatty():
        raise ValidationError(_("No password given: use --password-env or --pin-env, or run "
                                "in a terminal to be asked."), field="secret")
    return getpass.getpass(prompt)


def key_from_args(args: argparse.Namespace) -> Pkcs12Key | TokenKey:
    """The signing key the options name: a key file or a USB token."""
    from ctrdesk.core.errors import ValidationError
    from ctrdesk.core.signing import Pkcs12Key, TokenKey

    if args.p12:
        return Pkcs12Key(Path(args.p12), secret(args.password_env, _("Key password: "))
                         .encode())
    if args.pkcs11_lib:
        if not (args.token_label and args.key_label):
            raise ValidationError(_("A token needs --token-label and --key-label."),
                                  field="token")
        return TokenKey(args.pkcs11_lib, args.token_label, args.key_label,
                        secret(args.pin_env, _("Token PIN: ")))
    raise ValidationError(_("Give --p12 FILE or --pkcs11-lib LIB."), field="key")


def add_key_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--p12", metavar="FILE", help=_("a PKCS#12 key file"))
    p.add_argument("--password-env", metavar="VAR",
                   help=_("the environment variable holding the key file's password"))
    p.add_argument("--pkcs11-lib", metavar="LIB", help=_("the token's PKCS#11 library"))
    p.add_argument("--token-label", metavar="L")
    p.add_argument("--key-label", metavar="K")
    p.add_argument("--pin-env", metavar="VAR",
                   help=_("the environment variable holding the token PIN"))
