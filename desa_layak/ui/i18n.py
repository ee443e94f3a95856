"""Translation set-up. Bahasa Indonesia is the source language of every string in the UI, so
nothing needs loading for it; another language is a ``resources/i18n/desa_layak_<lang>.qm``
file (made with ``pyside6-lupdate`` / ``pyside6-lrelease``) picked by the system locale or by
``$DESA_LAYAK_LANG``. Qt's own texts (text field menus, standard buttons) have no Indonesian in
Qt: ``resources/i18n/qtbase_id.ts`` holds the ones users see, built into ``qtbase_id.qm``."""

from __future__ import annotations

import os

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desa_layak.resources import resources_dir

SOURCE_LANGUAGE = "id"


def tr(context: str, text: str) -> str:
    """Translate outside a QObject: ``tr("state", "Lengkap")``."""
    return QCoreApplication.translate(context, text)


def chosen_language() -> str:
    """The UI language: ``$DESA_LAYAK_LANG`` if set, else the system locale's language."""
    lang = os.environ.get("DESA_LAYAK_LANG")
    if lang:
        return lang.split("_")[0].lower()
    return QLocale.system().name().split("_")[0].lower() or SOURCE_LANGUAGE


def install_translators(app: QCoreApplication) -> list[QTranslator]:
    """Install the app's and Qt's own translators for the chosen language.

    A language without a shipped translation of the app falls back to Indonesian (on an
    English Windows the app still speaks Indonesian, with Indonesian dates). Returns the
    translators (keep a reference: Qt does not own them)."""
    lang = chosen_language()
    installed: list[QTranslator] = []
    if lang != SOURCE_LANGUAGE:
        own = QTranslator(app)
        if own.load(f"desa_layak_{lang}", str(resources_dir() / "i18n")):
            app.installTranslator(own)
            installed.append(own)
        else:
            lang = SOURCE_LANGUAGE
    qt_tr = QTranslator(app)
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    # Qt has no Indonesian of its own: the texts of Qt's that users see (text field and
    # scroll bar menus, standard buttons) come from resources/i18n/qtbase_id.qm.
    if qt_tr.load(f"qtbase_{lang}", qt_dir) or \
            qt_tr.load(f"qtbase_{lang}", str(resources_dir() / "i18n")):
        app.installTranslator(qt_tr)
        installed.append(qt_tr)
    if lang == SOURCE_LANGUAGE:
        QLocale.setDefault(QLocale(QLocale.Language.Indonesian, QLocale.Country.Indonesia))
    else:
        QLocale.setDefault(QLocale(lang))
    return installed
