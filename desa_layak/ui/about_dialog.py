"""Tentang Desa Layak: version, purpose, data sources and their licences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from desa_layak import APP_NAME, __version__
from desa_layak.core.wilayah import ATTRIBUTION
from desa_layak.ui import style


class AboutDialog(QDialog):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tentang Desa Layak"))
        layout = QVBoxLayout(self)
        head = QHBoxLayout()
        icon = QLabel(self)
        icon.setPixmap(QApplication.windowIcon().pixmap(64, 64))
        head.addWidget(icon)
        title = QLabel(f"<h2>{APP_NAME}</h2>")
        head.addWidget(title, 1)
        layout.addLayout(head)
        self.version_label = QLabel(self.tr("Versi {version}").format(version=__version__))
        layout.addWidget(self.version_label)
        body = QLabel(self.tr(
            "Membantu sekretaris desa/kelurahan menyimpan kelengkapan Desa/Kelurahan Layak Anak "
            "dan DRPPA (butir A–H) beserta dokumennya, tanpa perlu internet, dan membantu "
            "kecamatan menghimpun data desa-desanya."))
        body.setWordWrap(True)
        layout.addWidget(body)
        self.attribution_label = QLabel(
            self.tr("Sumber data: {attribution}. Daftar kode wilayah mengikuti Kemendagri."
                    ).format(attribution=ATTRIBUTION))
        self.attribution_label.setWordWrap(True)
        self.attribution_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.attribution_label)
        privacy = QLabel(self.tr(
            "Aplikasi ini hanya menyimpan angka agregat dan dokumen resmi, tidak pernah data "
            "pribadi anak."))
        privacy.setWordWrap(True)
        style.muted(privacy)
        layout.addWidget(privacy)
        buttons = QDialogButtonBox(self)
        close = buttons.addButton(self.tr("Tutup"), QDialogButtonBox.ButtonRole.AcceptRole)
        close.clicked.connect(self.accept)
        layout.addWidget(buttons)
        self.setMinimumWidth(460)
