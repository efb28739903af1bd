"""Qt's own words in Vietnamese: file dialogs, standard buttons, context menus, undo texts.

PySide6 ships no ``qtbase_vi.qm``; ``translations/qtbase_vi.ts`` holds the strings the app
shows (by their Qt context) and ``tools/qt_translations.sh`` compiles it with
``pyside6-lrelease`` into the committed ``qtbase_vi.qm`` (a test checks both agree).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from ctrdesk.core.i18n import current_language
from ctrdesk.core.paths import translations_dir

_installed: list[QTranslator] = []  # kept alive: Qt does not own installed translators


def install_qt_translation(app: QCoreApplication, language: str | None = None) -> bool:
    """Install Qt's translation for the UI language (Vietnamese by default) on ``app``,
    replacing one installed before; the default locale follows, so calendars, month
    names and numbers read the Vietnamese way. Returns whether a translation is active."""
    language = language or current_language()
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    if language != "vi":
        QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
        return False
    QLocale.setDefault(QLocale(QLocale.Language.Vietnamese, QLocale.Country.Vietnam))
    translator = QTranslator(app)
    if not translator.load(str(translations_dir() / "qtbase_vi.qm")):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True
