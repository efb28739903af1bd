"""Accounts of a workspace: who may sign in, with which role, and signing in.

A workspace starts without accounts: its one user may do everything. The first account
is the secretary's; once a workspace has one account, it opens as that account with the
passphrase alone; with several, a user signs in with a name and a password. Passwords
are kept only as argon2id hashes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ctrdesk.core.errors import CtrdeskError, NotFoundError, ValidationError
from ctrdesk.core.i18n import _
from ctrdesk.core.security.roles import ROLE_LABELS, SECRETARY, VIEWER, check_role
from ctrdesk.core.store import Workspace
from ctrdesk.core.store.models import Account, utc_now

if TYPE_CHECKING:
    from argon2 import PasswordHasher

MIN_PASSWORD = 8
MAX_NAME = 64


class SignInError(CtrdeskError):
    """The user could not be signed in; nothing was opened for writing."""

    exit_code = 3


@dataclass(frozen=True)
class AccountInfo:
    id: int
    name: str
    full_name: str
    role: str
    active: bool

    def as_json(self) -> dict[str, object]:
        return {"id": self.id, "name": self.name, "full_name": self.full_name,
                "role": self.role, "role_label": _(ROLE_LABELS[self.role]),
                "active": self.active}


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    return PasswordHasher(type=Type.ID)


def hash_password(password: str) -> str:
    return str(_hasher().hash(password))


def _password_matches(stored: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return bool(_hasher().verify(stored, password))
    except (VerificationError, InvalidHashError):
        return False


def _check_name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > MAX_NAME or any(c.isspace() for c in name):
        raise ValidationError(_("An account name is one word of up to {n} characters.").format(
            n=MAX_NAME), field="name")
    return name


def _check_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(_("A password needs at least {n} characters.").format(
            n=MIN_PASSWORD), field="password")
    return password


def _info(row: Account) -> AccountInfo:
    return AccountInfo(int(row.id), row.name, row.full_name, row.role, bool(row.active))


def list_accounts(ws: Workspace) -> list[AccountInfo]:
    with ws.reading():
        return [_info(r) for r in Account.select().order_by(Account.id)]


def get_account(ws: Workspace, name: str) -> AccountInfo:
    with ws.reading():
        return _info(_get(name))


def _get(name: str) -> Account:
    row = Account.get_or_none(Account.name == name)
    if row is None:
        raise NotFoundError(_("No account is called '{name}'.").format(name=name))
    return row


def add_account(ws: Workspace, name: str, role: str, password: str,
                full_name: str = "") -> AccountInfo:
    """Add an account; the first one of a workspace must be the secretary's."""
    name, role = _check_name(name), check_role(role)
    hashed = hash_password(_check_password(password))  # slow: outside the transaction
    with ws.writing("account.add"):
        if not Account.select().exists() and role != SECRETARY:
            raise ValidationError(_("The first account of a workspace is the secretary's "
                                    "(--role secretary)."), field="role")
        if Account.get_or_none(Account.name == name) is not None:
            raise ValidationError(_("An account called '{name}' already exists.").format(
                name=name), field="name")
        row = Account.create(name=name, role=role, password_hash=hashed,
                             full_name=full_name.strip())
        info = _info(row)
    if ws.user is None and info.role == SECRETARY and len(list_accounts(ws)) == 1:
        ws.user, ws.role = info.name, info.role  # the one user is now the secretary
    return info


def _keep_a_secretary(changing: Account) -> None:
    others = Account.select().where((Account.role == SECRETARY) & Account.active
                                    & (Account.id != changing.id)).exists()
    if changing.role == SECRETARY and changing.active and not others:
        raise ValidationError(_("'{name}' is the only secretary: give another account the "
                                "secretary's role first.").format(name=changing.name),
                              field="role")


def set_role(ws: Workspace, name: str, role: str) -> AccountInfo:
    role = check_role(role)
    with ws.writing("account.role"):
        row = _get(name)
        if role != SECRETARY:
            _keep_a_secretary(row)
        row.role, row.updated_at = role, utc_now()
        row.save()
        info = _info(row)
    if info.name == ws.user:  # one's own role: this session follows at once
        ws.role = info.role
    return info


def set_password(ws: Workspace, name: str, password: str) -> None:
    hashed = hash_password(_check_password(password))
    with ws.writing("account.password"):
        row = _get(name)
        row.password_hash, row.updated_at = hashed, utc_now()
        row.save()


def change_own_password(ws: Workspace, current: str, new: str) -> None:
    """The signed-in user changes their own password, giving the current one first
    (wrong tries slow down as at sign-in)."""
    ws.require("account.own_password")
    if ws.user is None:
        raise ValidationError(_("Nobody is signed in: a workspace without accounts has no "
                                "password to change."), field="user")
    hashed = hash_password(_check_password(new))
    with ws.reading():
        row = _get(ws.user)
    _check_sign_in(ws, row, lambda: current)
    with ws.writing("account.own_password"):
        row = _get(ws.user)
        row.password_hash, row.updated_at = hashed, utc_now()
        row.save()


def set_active(ws: Workspace, name: str, active: bool) -> AccountInfo:
    with ws.writing("account.disable" if not active else "account.enable"):
        row = _get(name)
        if not active and name == ws.user:
            raise ValidationError(_("'{name}' is the account signed in now: another "
                                    "secretary disables it.").format(name=name), field="name")
        if not active:
            _keep_a_secretary(row)
        row.active, row.updated_at = active, utc_now()
        row.save()
        return _info(row)


def _check_sign_in(ws: Workspace, row: Account,
                   password: Callable[[], str] | None) -> None:
    import time

    from ctrdesk.core.store.workspace import Tries

    if password is None:
        raise SignInError(_("Wrong password for '{name}'.").format(name=row.name))
    typed = password()
    tries = Tries(ws.path, ".signin-tries")
    time.sleep(tries.delay())
    if not _password_matches(row.password_hash, typed):
        tries.failed()
        raise SignInError(_("Wrong password for '{name}'.").format(name=row.name))
    tries.succeeded()


def default_user(ws: Workspace) -> None:
    """Who uses a workspace just opened, before anyone signs in: its one user (without
    accounts), its one account, or — with several — nobody, read only until sign-in."""
    with ws.reading():
        active = list(Account.select().where(Account.active).limit(2))
    if not active:
        ws.user, ws.role = None, SECRETARY
    elif len(active) == 1:
        ws.user, ws.role = active[0].name, active[0].role
    else:
        ws.user, ws.role = None, VIEWER


def sign_in(ws: Workspace, name: str | None, password: Callable[[], str] | None = None,
            *, check_password: bool = False) -> AccountInfo | None:
    """Make ``name`` the workspace's current user (its role then rules every write).

    Without accounts there is nothing to sign in to (``None``). With one account, it is
    the user without a password (the passphrase protects the file) unless
    ``check_password``. With several, the name is needed and ``password()`` is asked
    and checked.
    """
    with ws.reading():
        active = list(Account.select().where(Account.active).order_by(Account.id))
    if not active:
        if name:
            raise SignInError(_("This workspace has no accounts: open it without a user "
                                "name."))
        ws.user, ws.role = None, SECRETARY
        return None
    if name is None:
        if len(active) > 1:
            raise SignInError(_("This workspace has several accounts: sign in with --user "
                                "NAME (and --password-env VAR)."))
        row = active[0]
    else:
        found = [r for r in active if r.name == name]
        if not found:
            raise SignInError(_("No active account is called '{name}'.").format(name=name))
        row = found[0]
        if len(active) > 1 or check_password:
            _check_sign_in(ws, row, password)
    ws.user, ws.role = row.name, row.role
    return _info(row)
