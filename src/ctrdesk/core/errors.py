"""Typed, user-facing errors.

The core raises these with a translated message a user can act on; the CLI prints
the message to stderr and exits non-zero, the GUI shows it in a dialog or beside
the field. Any other exception reaching the user is a bug.
"""

from __future__ import annotations


class CtrdeskError(Exception):
    """Base of every error a user may see. ``message`` is already translated."""

    exit_code = 1

    def __init__(self, message: str, *, field: str | None = None, line: int | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        self.line = line

    def __str__(self) -> str:
        return self.message


class WorkspaceError(CtrdeskError):
    """A workspace file cannot be opened or used."""

    exit_code = 3


class NotAWorkspaceError(WorkspaceError):
    pass


class WorkspaceReadOnlyError(WorkspaceError):
    pass


class WorkspaceLockedError(WorkspaceError):
    pass


class WorkspaceTooNewError(WorkspaceError):
    pass


class PassphraseRequiredError(NotAWorkspaceError):
    """The file is (probably) an encrypted workspace and no passphrase was given."""


class WrongPassphraseError(WorkspaceError):
    """The passphrase does not open the workspace; nothing was changed."""


class ValidationError(CtrdeskError):
    """Input refused; ``field`` names what is wrong."""

    exit_code = 2


class NotFoundError(CtrdeskError):
    exit_code = 4


class ParseError(CtrdeskError):
    """A document could not be read as a program."""

    exit_code = 5


class Cancelled(CtrdeskError):
    """The user cancelled a long operation; nothing was stored."""

    exit_code = 130
