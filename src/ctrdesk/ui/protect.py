"""The window's side of protecting a workspace: File → New workspace / Back up / Restore,
the Workspace menu (encrypt, change the passphrase, its history, locking), what the
signed-in user's role allows (the rest greyed out, with the reason in a tooltip) and the
idle lock.

Every check and every write is the core's; refusals reach the window's one error display.
"""

from __future__ import annotations

import weakref
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QWidget

from ctrdesk.core.errors import CtrdeskError, WrongPassphraseError
from ctrdesk.core.i18n import _
from ctrdesk.ui.lock import IdleLock

if TYPE_CHECKING:
    # The dialogs are imported where they are opened: PySide makes each class, with its
    # enums, when it is first imported, and the window is shown without them.
    from PySide6.QtWidgets import QDialog

    from ctrdesk.core.security.backup import BackupInfo
    from ctrdesk.core.store import Workspace
    from ctrdesk.ui.main_window import MainWindow

ACTION_PROPERTY = "ctrdeskAction"  # a widget's write action, for greying it out by role
REFUSED_PROPERTY = "ctrdeskRefused"  # why the signed-in user may not use it ("" if they may)
TOOLTIP_PROPERTY = "ctrdeskToolTip"  # its own tooltip, shown again when it is allowed


def refusal(ws: Workspace, action: str) -> str:
    """Why the signed-in user may not do ``action`` (empty when they may)."""
    from ctrdesk.core.security.roles import why_not

    return why_not(ws.role, action, ws.user)


# The guarded buttons and actions (a handful): walking every child of the window for
# them made PySide wrap each widget at each page change.
_GUARDED: weakref.WeakSet[QObject] = weakref.WeakSet()


def guard(widget: QWidget | QAction, action: str) -> None:
    """Name the write ``widget`` starts, so it is greyed out for roles that may not."""
    widget.setProperty(ACTION_PROPERTY, action)
    _GUARDED.add(widget)


def _inside(target: QObject, root: QObject) -> bool:
    parent: QObject | None = target
    while parent is not None:
        if parent is root:
            return True
        parent = parent.parent()
    return False


def guard_all(ws: Workspace | None, root: QObject, guards: dict[Any, str]) -> None:
    """Guard each widget or action of ``guards`` with its action, then grey out under
    ``root`` what the signed-in user may not do (a page or dialog made after the window
    applied the roles)."""
    for widget, action in guards.items():
        guard(widget, action)
    if ws is not None:
        apply_roles(ws, root)


def set_enabled(widget: QWidget | QAction, enabled: bool) -> None:
    """Enable ``widget`` (e.g. a form's Save once it is filled in) unless the signed-in
    user's role keeps it greyed out."""
    widget.setEnabled(enabled and not widget.property(REFUSED_PROPERTY))


def apply_roles(ws: Workspace, root: QObject) -> None:
    """Enable or grey out (with the reason as tooltip) every guarded button and action
    under ``root``."""
    from shiboken6 import isValid

    targets: list[Any] = [t for t in list(_GUARDED) if isValid(t) and _inside(t, root)]
    for target in targets:
        action = target.property(ACTION_PROPERTY)
        if not action:
            continue
        why = refusal(ws, str(action))
        was_refused = bool(target.property(REFUSED_PROPERTY))
        target.setProperty(REFUSED_PROPERTY, why)
        if why:
            if not was_refused:  # its own tooltip, for when it is allowed again
                target.setProperty(TOOLTIP_PROPERTY, target.toolTip())
            target.setEnabled(False)
            target.setToolTip(why)
        elif was_refused:  # allowed again (another user signed in): as it was
            target.setEnabled(True)
            target.setToolTip(str(target.property(TOOLTIP_PROPERTY) or ""))


class WindowProtection(QObject):
    """Adds the protection menus to ``window`` and keeps them in step with its workspace."""

    def __init__(self, window: MainWindow):
        super().__init__(window)
        self.window = window
        self.lock = IdleLock(window)
        self._build_menus()
        window.stack.currentChanged.connect(lambda _i: self.apply_roles())

    # -- menus -------------------------------------------------------------------
    def _action(self, text: str, handler: Any, name: str, action: str = "") -> QAction:
        item = QAction(text, self.window)
        item.setObjectName(name)
        item.triggered.connect(lambda _checked=False: handler())
        if action:
            guard(item, action)
        return item

    def _build_menus(self) -> None:
        w = self.window
        self.new_action = self._action(_("&New workspace…"), self.choose_new_workspace,
                                       "newWorkspaceAction")
        self.backup_action = self._action(_("&Back up…"), self.choose_backup,
                                          "backupAction", "backup.create")
        self.restore_action = self._action(_("&Restore…"), self.choose_restore,
                                           "restoreAction", "backup.restore")
        file_menu = w.file_menu
        file_menu.setToolTipsVisible(True)
        file_menu.insertAction(file_menu.actions()[1], self.new_action)
        separator = [a for a in file_menu.actions() if a.isSeparator()][-1]
        file_menu.insertSeparator(separator)
        file_menu.insertAction(separator, self.backup_action)
        file_menu.insertAction(separator, self.restore_action)
        guard(w.import_action, "program.import")

        self.encrypt_action = self._action(_("&Encrypt…"), self.choose_encrypt,
                                           "encryptAction", "workspace.encrypt")
        self.passphrase_action = self._action(_("Change &passphrase…"),
                                              self.choose_new_passphrase, "passphraseAction",
                                              "workspace.passphrase")
        self.history_action = self._action(_("&History of the workspace…"),
                                           self.show_history, "workspaceHistoryAction")
        self.lock_action = self._action(_("&Lock now"), self.lock_now, "lockAction")
        self.lock_action.setShortcuts([QKeySequence("Ctrl+L")])  # see MainWindow._build_menus
        self.idle_action = self._action(_("Lock after &idle time…"), self.choose_idle_time,
                                        "idleTimeAction")
        help_menu = w.menuBar().actions()[-1]
        menu = w.menuBar().addMenu(_("&Workspace"))
        w.menuBar().insertMenu(help_menu, menu)
        menu.setObjectName("workspaceMenu")
        menu.setToolTipsVisible(True)
        for item in (self.encrypt_action, self.passphrase_action, None, self.history_action,
                     None, self.lock_action, self.idle_action):
            if item is None:
                menu.addSeparator()
            else:
                menu.addAction(item)
        self.workspace_menu = menu
        self.workspace_attached()

    # -- state -------------------------------------------------------------------
    def workspace_attached(self) -> None:
        """The workspace (or who is signed in) changed: menus and buttons follow."""
        ws = self.window.ws
        for item in (self.backup_action, self.restore_action, self.encrypt_action,
                     self.passphrase_action, self.history_action, self.lock_action):
            item.setEnabled(ws is not None)
        self.lock.watch()  # the idle time counts while there is a secret to unlock with
        if ws is None:
            return
        self.apply_roles()
        if ws.encrypted:
            self.encrypt_action.setEnabled(False)
            self.encrypt_action.setToolTip(_("The workspace is already encrypted."))
        elif self.passphrase_action.isEnabled():
            self.passphrase_action.setEnabled(False)
            self.passphrase_action.setToolTip(_("The workspace is not encrypted: encrypt it "
                                                "first."))
        from ctrdesk.ui.lock import lock_secret

        self.lock_action.setEnabled(lock_secret(ws) is not None)
        self.lock_action.setToolTip("" if lock_secret(ws) else _(
            "A clear workspace without accounts has nothing to lock with."))
        if ws.user:
            self.window.unit_label.setToolTip(_("Signed in as {user}").format(user=ws.user))

    def apply_roles(self) -> None:
        if self.window.ws is not None:
            apply_roles(self.window.ws, self.window)

    # -- opening -----------------------------------------------------------------
    def choose_new_workspace(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        start = str(self.window.ws.path.parent) if self.window.ws else str(Path.home())
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("New workspace"), start, _("ctrdesk workspaces (*.sqlite)"))
        if path:
            self.window.open_workspace(Path(path))

    # -- backups -----------------------------------------------------------------
    def choose_backup(self) -> None:
        from datetime import datetime

        from PySide6.QtWidgets import QFileDialog

        from ctrdesk.core.security.backup import SUFFIX, backup_folder

        ws = self.window.ws
        if ws is None:
            return
        folder = backup_folder(ws) or ws.path.parent
        name = f"{ws.path.stem}-{datetime.now():%Y%m%d-%H%M%S}{SUFFIX}"
        path, _filter = QFileDialog.getSaveFileName(
            self.window, _("Back up the workspace"), str(folder / name),
            _("ctrdesk backups (*{suffix})").format(suffix=SUFFIX))
        if path:
            self.back_up_to(Path(path))

    def back_up_to(self, path: Path) -> None:
        from ctrdesk.core.security.backup import create_backup

        ws = self.window.ws
        if ws is None:
            return

        def done(info: object) -> None:
            self.window.statusBar().showMessage(
                _("Backup written: {path}").format(path=getattr(info, "path", path)), 10000)

        self.window.operations.run(lambda _p: create_backup(ws, path), done,
                                   label=_("Backing up the workspace…"))

    def choose_restore(self) -> None:
        from PySide6.QtWidgets import QFileDialog

        from ctrdesk.core.security.backup import SUFFIX, backup_folder

        ws = self.window.ws
        if ws is None:
            return
        folder = backup_folder(ws) or ws.path.parent
        path, _filter = QFileDialog.getOpenFileName(
            self.window, _("Restore a backup"), str(folder),
            _("ctrdesk backups (*{suffix})").format(suffix=SUFFIX))
        if path:
            self.restore_from(Path(path))

    def restore_from(self, backup: Path, *, confirm: bool = True) -> bool:
        """Check ``backup`` whole, show what was checked, and with the user's consent
        replace the workspace (the replaced one kept aside), then reopen it."""
        from ctrdesk.core.security.backup import check_backup, restore_backup

        ws = self.window.ws
        if ws is None:
            return False
        try:
            ws.require("backup.restore")
        except CtrdeskError as exc:
            self.window.show_error(exc.message)
            return False
        passphrase = ws.db.passphrase
        try:
            with _Busy():
                info = check_backup(backup, passphrase)
        except CtrdeskError as exc:
            self.window.show_error(exc.message)
            return False
        if confirm and not self._confirm_restore(info):
            return False
        self.window.operations.wait_for_done()
        path = ws.path
        try:
            with _Busy():
                restored = restore_backup(ws, backup, passphrase)
        except CtrdeskError as exc:
            self.window.show_error(exc.message)
            return False
        reopened = self._reopen(path, passphrase)
        if reopened is None:
            self.window.ws = None
            self.window.unit_label.setText(_("No workspace open"))
            self.workspace_attached()
            return False
        self.window.attach_workspace(reopened)
        self.window.statusBar().showMessage(_(
            "The backup was restored; the replaced workspace is kept as {path}.").format(
                path=restored.replaced), 15000)
        return True

    def _confirm_restore(self, info: BackupInfo) -> bool:
        from PySide6.QtWidgets import QMessageBox

        from ctrdesk.ui.dialogs.history import local_time

        checks = "\n".join("• " + line for line in (
            _("every file in it matches the hash written when it was made"),
            _("its workspace opens{key} and is whole (integrity check)").format(
                key=_(" with the passphrase") if info.encrypted else ""),
            _("it was made by this or an older ctrdesk (schema {n})").format(
                n=info.schema_version),
        ))
        created = info.created.replace("T", " ")
        box = QMessageBox(QMessageBox.Icon.Question, _("Restore a backup"), _(
            "The backup of {name} made on {created} ({files} stored files) was checked:\n"
            "{checks}\n\nReplace the current workspace by it? The current workspace is kept "
            "aside, beside it, and can be opened again.").format(
                name=info.workspace, created=local_time(created) if " " in created
                else created, files=info.files, checks=checks), parent=self.window)
        box.setObjectName("restoreBox")
        yes = box.addButton(_("Restore"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(_("Cancel"), QMessageBox.ButtonRole.RejectRole)
        box.exec()
        return box.clickedButton() is yes

    def _reopen(self, path: Path, passphrase: str | None) -> Workspace | None:
        from ctrdesk.core.store import open_workspace
        from ctrdesk.core.store.workspace import is_encrypted_file
        from ctrdesk.ui.opening import open_interactively, sign_in_interactively

        if passphrase is not None and is_encrypted_file(path):
            try:
                ws = open_workspace(path, passphrase=passphrase)
            except WrongPassphraseError:
                return open_interactively(self.window, path, ask_new=False)
            if not sign_in_interactively(self.window, ws):
                ws.close()
                return None
            return ws
        return open_interactively(self.window, path, ask_new=False)

    # -- encryption ----------------------------------------------------------------
    def _new_passphrase(self, title: str, intro: str) -> str | None:
        """The new passphrase typed twice, or None when the user cancels."""
        from PySide6.QtWidgets import QDialog

        from ctrdesk.ui.dialogs.passphrase import NewPassphraseDialog

        dialog = NewPassphraseDialog(self.window, title=title, intro=intro)
        if dialog.exec() == QDialog.DialogCode.Accepted and dialog.value():
            return str(dialog.value())
        return None

    def choose_encrypt(self) -> None:
        passphrase = self._new_passphrase(_("Encrypt the workspace"), _(
            "The workspace will be encrypted with this passphrase (a clear copy is made "
            "first, beside it). Keep the passphrase safe: it cannot be recovered."))
        if passphrase:
            self.encrypt(passphrase)

    def encrypt(self, passphrase: str) -> None:
        from ctrdesk.core.security.encryption import encrypt_workspace

        ws = self.window.ws
        if ws is None:
            return

        # The conversion replaces the file under the connection: it runs on the thread
        # that holds the window's connection, once the workspace thread is done.
        self.window.operations.wait_for_done()
        try:
            with _Busy():
                converted = encrypt_workspace(ws, passphrase)
        except CtrdeskError as exc:
            self.window.show_error(exc.message)
            return
        self.workspace_attached()
        self.window.statusBar().showMessage(_(
            "The workspace is encrypted. Its clear copy {path} should be deleted once "
            "a backup is safe.").format(path=converted.backup), 15000)

    def choose_new_passphrase(self) -> None:
        passphrase = self._new_passphrase(_("Change the passphrase"),
                                          _("Type the new passphrase twice."))
        if passphrase:
            self.change_passphrase(passphrase)

    def change_passphrase(self, passphrase: str) -> None:
        from ctrdesk.core.security.encryption import change_passphrase

        ws = self.window.ws
        if ws is None:
            return
        self.window.operations.wait_for_done()
        try:
            with _Busy():
                change_passphrase(ws, passphrase)
        except CtrdeskError as exc:
            self.window.show_error(exc.message)
            return
        self.window.statusBar().showMessage(_("The passphrase was changed."), 10000)

    # -- history and locking -------------------------------------------------------
    def show_history(self) -> QDialog | None:
        from PySide6.QtCore import Qt

        from ctrdesk.ui.dialogs.history import HistoryDialog

        if self.window.ws is None:
            return None
        dialog = HistoryDialog(self.window.ws, self.window, title=self.window.ws.path.name)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.history_dialog = dialog
        return dialog

    def lock_now(self) -> None:
        self.lock.lock()

    def choose_idle_time(self) -> None:
        from PySide6.QtWidgets import QInputDialog

        minutes, ok = QInputDialog.getInt(
            self.window, _("Lock after idle time"),
            _("Lock the window after this many minutes without use (0: never):"),
            self.lock.minutes(), 0, 24 * 60)
        if ok:
            self.lock.set_minutes(minutes)


class _Busy:
    def __enter__(self) -> None:
        from PySide6.QtCore import Qt

        QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)

    def __exit__(self, *exc: object) -> None:
        QGuiApplication.restoreOverrideCursor()
