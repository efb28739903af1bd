"""Who may do what: the roles of a workspace's accounts and the actions they allow.

Every write names its action (``Workspace.writing(action)``); an action belongs to one
*capability*, and a role is a set of capabilities. The check runs in the core's one write
path, so the command line and the window obey the same rules. A few actions that write
nothing to the workspace but still matter (signing a file, sending a package upward,
restoring a backup) are checked with :func:`require` before they start.

This module imports nothing from the store: the window asks :func:`may` to grey out what
the current user cannot do.
"""

from __future__ import annotations

from ctrdesk.core.errors import CtrdeskError
from ctrdesk.core.i18n import N_, _

SECRETARY, DEPUTY, MEMBER, CLERK, VIEWER = "secretary", "deputy", "member", "clerk", "viewer"
ROLES: tuple[str, ...] = (SECRETARY, DEPUTY, MEMBER, CLERK, VIEWER)

ROLE_LABELS: dict[str, str] = {
    SECRETARY: N_("secretary (bí thư)"),
    DEPUTY: N_("deputy secretary (phó bí thư)"),
    MEMBER: N_("committee member (chi ủy viên / đảng ủy viên)"),
    CLERK: N_("clerk (văn thư)"),
    VIEWER: N_("viewer (read only)"),
}

# Capabilities: what an action needs.
RECORD = "record"  # meetings, dialogues, inspections, ratings, progress, readings, files
DRAFT = "draft"  # drafting and editing documents (a correction starts as a draft)
PROGRAM = "program"  # programs, items, targets, organizations, people, packages received
ISSUE = "issue"  # give a document its number and freeze it
SIGN = "sign"  # sign an issued document, keep the signed PDF
SEND = "send"  # make this unit's package for the level above
ACCOUNTS = "accounts"  # add, change or disable accounts
PROTECT = "protect"  # encrypt the workspace, change its passphrase
RESTORE = "restore"  # replace the workspace by a backup
BACKUP = "backup"  # make a backup copy
OWN_PASSWORD = "own_password"  # change one's own password (every signed-in user)

_ALL = frozenset({RECORD, DRAFT, PROGRAM, ISSUE, SIGN, SEND, ACCOUNTS, PROTECT, RESTORE,
                  BACKUP, OWN_PASSWORD})
ROLE_CAPABILITIES: dict[str, frozenset[str]] = {
    SECRETARY: _ALL,
    # The deputy stands in for the secretary in everything except managing who may use
    # the workspace (accounts and the passphrase stay with the secretary).
    DEPUTY: _ALL - {ACCOUNTS, PROTECT},
    MEMBER: frozenset({RECORD, DRAFT, BACKUP, OWN_PASSWORD}),
    CLERK: frozenset({RECORD, DRAFT, PROGRAM, BACKUP, OWN_PASSWORD}),
    VIEWER: frozenset({OWN_PASSWORD}),  # writes nothing of the workspace's data
}

# Actions by prefix, longest prefix first; an action not listed needs PROGRAM (a general
# write), so a new command is never open to the viewer or the member by mistake.
_ACTION_CAPABILITY: tuple[tuple[str, str], ...] = (
    ("account.own_password", OWN_PASSWORD),
    ("account.", ACCOUNTS),
    ("workspace.encrypt", PROTECT),
    ("workspace.passphrase", PROTECT),
    ("backup.restore", RESTORE),
    ("backup.", BACKUP),
    ("document.issue", ISSUE),
    ("document.keep_signed", SIGN),
    ("document.sign", SIGN),
    ("sign", SIGN),
    ("program.package.sign", SIGN),  # a program sent down, signed with the level's key
    ("submission.export", SEND),
    ("document.draft", DRAFT),
    ("document.edit", DRAFT),
    ("document.sections", DRAFT),  # a draft report's narrative sections
    ("document.correct", DRAFT),
    ("record.", RECORD),
    ("records.", RECORD),
    ("attachment.", RECORD),
    ("item.progress", RECORD),
    ("target.reading", RECORD),
)

ACTION_LABELS: dict[str, str] = {
    ACCOUNTS: N_("manage accounts"),
    OWN_PASSWORD: N_("change their own password"),
    PROTECT: N_("encrypt the workspace or change its passphrase"),
    RESTORE: N_("restore a backup"),
    BACKUP: N_("make a backup"),
    ISSUE: N_("issue documents"),
    SIGN: N_("sign documents"),
    SEND: N_("send packages upward"),
    DRAFT: N_("draft documents"),
    RECORD: N_("add or change records"),
    PROGRAM: N_("change programs and the workspace's data"),
}


class PermissionDeniedError(CtrdeskError):
    """The current user's role does not allow the action; nothing was changed."""

    exit_code = 6


def capability_of(action: str) -> str:
    """The capability an action needs."""
    for prefix, capability in _ACTION_CAPABILITY:
        if action == prefix or (prefix.endswith(".") and action.startswith(prefix)) \
                or action.startswith(prefix + "."):
            return capability
    return PROGRAM


def may(role: str | None, action: str) -> bool:
    """May a user with ``role`` do ``action``? ``None`` is a workspace without accounts,
    where the one user is the secretary."""
    return capability_of(action) in ROLE_CAPABILITIES.get(role or SECRETARY, frozenset())


def why_not(role: str | None, action: str, user: str | None = None) -> str:
    """Why a user with ``role`` may not do ``action``, for a greyed-out button's tooltip
    (empty when they may)."""
    if may(role, action):
        return ""
    role = role or SECRETARY
    return _("{user} ({role}) may not {what}.").format(
        user=user or _("this user"), role=_(ROLE_LABELS.get(role, role)),
        what=_(ACTION_LABELS[capability_of(action)]))


def require(role: str | None, action: str, user: str | None = None) -> None:
    """Refuse, with a message naming the user, the role and what was refused."""
    if may(role, action):
        return
    role = role or SECRETARY
    raise PermissionDeniedError(
        _("{user} ({role}) may not {what}; nothing was changed.").format(
            user=user or _("this user"), role=_(ROLE_LABELS.get(role, role)),
            what=_(ACTION_LABELS[capability_of(action)])))


def check_role(text: str) -> str:
    """A role name from outside, validated."""
    from ctrdesk.core.errors import ValidationError

    if text not in ROLES:
        raise ValidationError(_("Unknown role '{role}': use one of {roles}.").format(
            role=text, roles=", ".join(ROLES)), field="role")
    return text
