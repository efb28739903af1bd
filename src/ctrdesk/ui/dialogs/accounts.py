"""Settings → Accounts: who may use the workspace, with which role.

The list of accounts with their role and state; adding an account (the first is the
secretary's), changing a role, resetting a password, disabling or enabling an account
(asked first) and changing one's own password. Only the secretary manages the others:
for everyone else those buttons are greyed out with the reason. Every change runs through
the window's operations runner and is checked by the core; a role change and disabling
or enabling are undone with Undo.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from ctrdesk.core.i18n import _
from ctrdesk.core.security.roles import ROLE_LABELS, ROLES, SECRETARY
from ctrdesk.ui.operations import operations_of
from ctrdesk.ui.protect import guard_all, set_enabled
from ctrdesk.ui.widgets.buttons import button_row
from ctrdesk.ui.widgets.messages import error_label

if TYPE_CHECKING:
    from ctrdesk.core.programs.edits import Edit
    from ctrdesk.core.security.accounts import AccountInfo
    from ctrdesk.core.store import Workspace
    from ctrdesk.ui.main_window import MainWindow

ADD, ROLE, RESET, OWN = "add", "role", "reset", "own"


def _secret(parent: QWidget, name: str) -> QLineEdit:
    field = QLineEdit(parent)
    field.setObjectName(name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AccountDialog(QDialog):
    """One form for the four changes (``mode``): a new account, a role, a password set
    by the secretary, one's own password. ``submit(dialog)`` runs the change; the dialog
    closes when it succeeded and shows the core's refusal otherwise."""

    def __init__(self, mode: str, parent: QWidget, submit: Callable[[AccountDialog], None],
                 *, name: str = "", role: str = "", first: bool = False):
        super().__init__(parent)
        from ctrdesk.core.security.accounts import MIN_PASSWORD

        self.setObjectName("accountDialog")
        self.mode, self.min_password, self._submit = mode, MIN_PASSWORD, submit
        self.setWindowTitle({
            ADD: _("New account"), ROLE: _("Role of {name}").format(name=name),
            RESET: _("New password of {name}").format(name=name),
            OWN: _("Change my password")}[mode])
        self.message = error_label(self, "message")
        self.name = QLineEdit(name, self)
        self.name.setObjectName("accountName")
        self.full_name = QLineEdit(self)
        self.full_name.setObjectName("accountFullName")
        self.role = QComboBox(self)
        self.role.setObjectName("accountRole")
        for key in ROLES:
            self.role.addItem(_(ROLE_LABELS[key]), key)
        default = SECRETARY if first else (role or "clerk")
        self.role.setCurrentIndex(max(0, self.role.findData(default)))
        self.role.setEnabled(not first)  # the first account is the secretary's
        self.current = _secret(self, "currentPassword")
        self.password = _secret(self, "accountPassword")
        self.again = _secret(self, "accountPasswordAgain")
        form = QFormLayout()
        if mode == ADD:
            form.addRow(_("Account name (one word):"), self.name)
            form.addRow(_("Full name:"), self.full_name)
        if mode in (ADD, ROLE):
            form.addRow(_("Role:"), self.role)
        if mode == OWN:
            form.addRow(_("Current password:"), self.current)
        if mode != ROLE:
            form.addRow(_("New password:") if mode != ADD else _("Password:"), self.password)
            form.addRow(_("Again:"), self.again)
        for field in (self.name, self.full_name, self.role, self.current, self.password,
                      self.again):
            if form.indexOf(field) < 0:  # not asked in this mode: not shown either
                field.hide()
        buttons = QDialogButtonBox(self)
        self.ok_button = buttons.addButton(_("Add the account") if mode == ADD else _("Save"),
                                           QDialogButtonBox.ButtonRole.AcceptRole)
        self.ok_button.setObjectName("okButton")
        buttons.addButton(_("Cancel"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        if first:
            intro = QLabel(_("The first account is the secretary's. Once a workspace has "
                             "several accounts, each user signs in with their own name "
                             "and password."), self)
            intro.setWordWrap(True)
            layout.addWidget(intro)
        layout.addWidget(self.message)
        layout.addLayout(form)
        layout.addWidget(buttons)
        from ctrdesk.ui.dialogs.passphrase import MIN_WIDTH

        self.setMinimumWidth(MIN_WIDTH)

    def problem(self) -> str:
        """What is wrong with what was typed before asking the core (empty if nothing)."""
        if self.mode == ROLE:
            return ""
        if len(self.password.text()) < self.min_password:
            return _("A password needs at least {n} characters.").format(n=self.min_password)
        if self.password.text() != self.again.text():
            return _("The two passwords differ: type the same one twice.")
        return ""

    def show_message(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()
        self.adjustSize()
        self.ok_button.setEnabled(True)

    def accept(self) -> None:
        problem = self.problem()
        if problem:
            self.again.clear()
            self.show_message(problem)
            return
        self.ok_button.setEnabled(False)  # once: the change runs off the UI thread
        self._submit(self)

    def done_ok(self) -> None:
        super().accept()


class AccountsPanel(QWidget):
    """The accounts of the workspace and what the signed-in user may change of them."""

    def __init__(self, window: MainWindow, parent: QWidget):
        super().__init__(parent)
        self.setObjectName("accountsPanel")
        self._window = window
        self.accounts: list[AccountInfo] = []
        self.dialog: AccountDialog | None = None
        self.intro = QLabel(self)
        self.intro.setObjectName("accountsIntro")
        self.intro.setWordWrap(True)
        self.table = QTableWidget(0, 4, self)
        self.table.setObjectName("accountsTable")
        self.table.setHorizontalHeaderLabels([_("Account"), _("Full name"), _("Role"),
                                              _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the full name
        self.table.currentCellChanged.connect(lambda *_a: self._update_buttons())
        row, self.buttons = button_row(self, "accounts", (
            ("add", _("Add an account…"), self.ask_add),
            ("role", _("Change the role…"), self.ask_role),
            ("reset", _("Set a new password…"), self.ask_reset),
            ("toggle", _("Disable"), self.toggle_selected),
            ("own", _("Change my password…"), self.ask_own),
        ))
        self.history: Any = None
        ws = window.ws
        if ws is not None:
            from ctrdesk.ui.undo import EditHistory

            self.history = EditHistory(self, ws, lambda _e, _i: self._changed())
            for action, name in ((self.history.undo_action, "undoAccounts"),
                                 (self.history.redo_action, "redoAccounts")):
                action.setObjectName(name)
                tool = QToolButton(self)
                tool.setDefaultAction(action)
                row.addWidget(tool)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        guard_all(ws, self, {self.buttons["add"]: "account.add",
                             self.buttons["role"]: "account.role",
                             self.buttons["reset"]: "account.password",
                             self.buttons["toggle"]: "account.disable",
                             self.buttons["own"]: "account.own_password"})
        if ws is not None:
            self.reload(ws)

    # -- showing ------------------------------------------------------------------
    def reload(self, ws: Workspace) -> None:
        from ctrdesk.core.security.accounts import list_accounts

        current = self.selected()
        self.accounts = list_accounts(ws)
        self.table.setRowCount(len(self.accounts))
        for row, account in enumerate(self.accounts):
            state = _("in use") if account.active else _("disabled")
            for column, text in enumerate((account.name, account.full_name,
                                           _(ROLE_LABELS[account.role]), state)):
                self.table.setItem(row, column, QTableWidgetItem(text))
        names = [a.name for a in self.accounts]
        if current is not None and current.name in names:
            self.table.setCurrentCell(names.index(current.name), 0)
        if not self.accounts:
            self.intro.setText(_(
                "This workspace has no accounts: whoever opens it may do everything. Add "
                "the secretary's account first; then an account for each person who uses "
                "the workspace, with the role that fits (the clerk drafts and records, the "
                "viewer only reads)."))
        elif ws.user:
            self.intro.setText(_("Signed in as {user} ({role}). Only the secretary adds "
                                 "accounts, changes roles and disables accounts.").format(
                user=ws.user, role=_(ROLE_LABELS.get(ws.role, ws.role))))
        else:
            self.intro.setText(_("Nobody is signed in: the workspace is read only."))
        self._update_buttons()

    def selected(self) -> AccountInfo | None:
        row = self.table.currentRow()
        return self.accounts[row] if 0 <= row < len(self.accounts) else None

    def select(self, name: str) -> None:
        names = [a.name for a in self.accounts]
        if name in names:
            self.table.setCurrentCell(names.index(name), 0)

    def _update_buttons(self) -> None:
        chosen = self.selected()
        ws = self._window.ws
        for key in ("role", "reset", "toggle"):
            set_enabled(self.buttons[key], chosen is not None)
        toggle = self.buttons["toggle"]
        toggle.setText(_("Enable again") if chosen is not None and not chosen.active
                       else _("Disable…"))
        set_enabled(self.buttons["own"], ws is not None and ws.user is not None)

    def _changed(self) -> None:
        """After a change: the list, and the window's greyed-out buttons (a role may have
        changed, or the first account made the user the secretary)."""
        ws = self._window.ws
        if ws is not None:
            self._window.protection.workspace_attached()
            self.reload(ws)

    # -- running the changes -----------------------------------------------------------
    def _open(self, dialog: AccountDialog) -> AccountDialog:
        self.dialog = dialog
        dialog.open()
        return dialog

    def _run(self, dialog: AccountDialog, work: Callable[[Workspace], object],
             message: str) -> None:
        ws = self._window.ws
        if ws is None:
            return

        def done(_result: object) -> None:
            dialog.done_ok()
            self._changed()
            self._window.statusBar().showMessage(message, 8000)

        operations_of(self, ws).run(lambda _p: work(ws), done,
                                    on_error=lambda exc: dialog.show_message(exc.message),
                                    origin=self)

    def ask_add(self) -> AccountDialog:
        from ctrdesk.core.security.accounts import add_account

        def submit(d: AccountDialog) -> None:
            name = d.name.text().strip()
            self._run(d, lambda ws: add_account(ws, name, str(d.role.currentData()),
                                                d.password.text(), d.full_name.text()),
                      _("The account {name} was added.").format(name=name))

        return self._open(AccountDialog(ADD, self, submit, first=not self.accounts))

    def ask_reset(self) -> AccountDialog | None:
        from ctrdesk.core.security.accounts import set_password

        chosen = self.selected()
        if chosen is None:
            return None
        name = chosen.name

        def submit(d: AccountDialog) -> None:
            self._run(d, lambda ws: set_password(ws, name, d.password.text()),
                      _("The password of {name} was set.").format(name=name))

        return self._open(AccountDialog(RESET, self, submit, name=name))

    def ask_own(self) -> AccountDialog:
        from ctrdesk.core.security.accounts import change_own_password

        def submit(d: AccountDialog) -> None:
            self._run(d, lambda ws: change_own_password(ws, d.current.text(),
                                                        d.password.text()),
                      _("Your password was changed."))

        return self._open(AccountDialog(OWN, self, submit))

    def ask_role(self) -> AccountDialog | None:
        chosen = self.selected()
        if chosen is None:
            return None
        name = chosen.name

        def submit(d: AccountDialog) -> None:
            role = str(d.role.currentData())
            d.done_ok()
            if role != chosen.role:
                self.change_role(name, role)

        return self._open(AccountDialog(ROLE, self, submit, name=name, role=chosen.role))

    def change_role(self, name: str, role: str) -> None:
        from ctrdesk.core.security.account_edits import SetRole

        self._perform(_("Role of {name}: {role}").format(name=name,
                                                          role=_(ROLE_LABELS[role])),
                      SetRole(name, role))

    def toggle_selected(self) -> None:
        """Enable a disabled account at once; disabling is asked first."""
        from ctrdesk.ui.confirm import ask

        chosen = self.selected()
        if chosen is None:
            return
        if not chosen.active:
            self.set_active(chosen.name, True)
            return
        ask(self, _("Disable the account {name}? It can no longer sign in until it is "
                    "enabled again; what it did stays in the history.").format(
                        name=chosen.name),
            [(_("Disable"), lambda: self.set_active(chosen.name, False))],
            name="disableAccountBox")

    def set_active(self, name: str, active: bool) -> None:
        from ctrdesk.core.security.account_edits import SetActive

        label = (_("Enable {name}") if active else _("Disable {name}")).format(name=name)
        self._perform(label, SetActive(name, active))

    def _perform(self, label: str, edit: Edit) -> None:
        if self.history is not None:
            self.history.perform(label, edit)
