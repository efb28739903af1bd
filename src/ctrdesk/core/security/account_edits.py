"""Undoable changes of accounts, as the window's undo stack uses them: each is one core
write in one transaction that returns the change undoing it (see
:mod:`ctrdesk.core.programs.edits`). Adding an account and setting a password are not
undone this way: an account once added is disabled, and a password is set again."""

from __future__ import annotations

from dataclasses import dataclass

from ctrdesk.core.programs.edits import Edit
from ctrdesk.core.security.accounts import get_account, set_active, set_role
from ctrdesk.core.store import Workspace


@dataclass(frozen=True)
class SetRole(Edit):
    """Give account ``name`` the role ``role``."""

    name: str
    role: str

    def apply(self, ws: Workspace) -> Edit:
        with ws.writing("account.role"):
            before = get_account(ws, self.name).role
            set_role(ws, self.name, self.role)
        return SetRole(self.name, before)


@dataclass(frozen=True)
class SetActive(Edit):
    """Enable (``active``) or disable account ``name``."""

    name: str
    active: bool

    def apply(self, ws: Workspace) -> Edit:
        action = "account.enable" if self.active else "account.disable"
        with ws.writing(action):
            before = get_account(ws, self.name).active
            set_active(ws, self.name, self.active)
        return SetActive(self.name, before)
