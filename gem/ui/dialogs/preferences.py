"""Outils › Préférences: this workstation's own choices (kept in gem.ini, gem.ui.settings).

For now one: after how many minutes without the keyboard or the mouse the window locks and asks
for the password again (gem.ui.idle_lock; 15 by default, 0 = never). IT may pre-seed it in
gem.ini (``[session] idle_lock_minutes=10``).
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from gem.ui.settings import MAX_IDLE_LOCK_MINUTES, Settings


class PreferencesDialog(QDialog):
    def __init__(self, settings: Settings, parent: QWidget | None = None):
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle(self.tr("GEM — Préférences"))
        layout = QVBoxLayout(self)
        form = QFormLayout()
        self.idle_minutes = QSpinBox()
        self.idle_minutes.setObjectName("idle_lock_minutes")
        self.idle_minutes.setRange(0, MAX_IDLE_LOCK_MINUTES)
        self.idle_minutes.setSuffix(self.tr(" minutes d'inactivité"))
        self.idle_minutes.setSpecialValueText(self.tr("Jamais"))
        self.idle_minutes.setValue(settings.idle_lock_minutes)
        form.addRow(self.tr("&Verrouiller après"), self.idle_minutes)
        layout.addLayout(form)
        hint = QLabel(self.tr("Après ce délai sans clavier ni souris, GEM masque ses fenêtres "
                              "et redemande votre mot de passe; les fiches ouvertes restent "
                              "telles quelles. 0 = jamais."))
        hint.setObjectName("hint")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok |
                                   QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def accept(self) -> None:
        self.settings.idle_lock_minutes = self.idle_minutes.value()
        self.settings.sync()
        super().accept()
