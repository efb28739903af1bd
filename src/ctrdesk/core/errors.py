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


class Problem:
    """One wrong field: where (the internal path a form marks, e.g. ``attendance[1].person``),
    the message in the user's words (naming the field by its label), and a line or row."""

    __slots__ = ("field", "line", "message")

    def __init__(self, field: str, message: str, line: int | None = None):
        self.field = field
        self.message = message
        self.line = line

    def __repr__(self) -> str:
        return f"Problem({self.field!r}, {self.message!r}, {self.line!r})"

    def as_json(self) -> dict[str, object]:
        return {"field": self.field, "message": self.message, "line": self.line}


class InvalidInput(ValidationError):
    """Several fields refused at once: ``problems`` has one message per wrong field, in
    the order of the form; ``message`` is all of them, one per line, and ``field`` the
    first one, so code that shows one error still shows something right."""

    def __init__(self, problems: list[Problem]):
        assert problems
        self.problems = list(problems)
        first = self.problems[0]
        super().__init__("\n".join(p.message for p in self.problems), field=first.field,
                         line=first.line)


class AlreadyDerivedError(ValidationError):
    """The unit already has a program derived from this parent program: the GUI offers to
    open ``program_id`` instead of making a second, identical one."""

    def __init__(self, message: str, *, program_id: int, unit_id: int):
        super().__init__(message, field="unit")
        self.program_id = program_id
        self.unit_id = unit_id
