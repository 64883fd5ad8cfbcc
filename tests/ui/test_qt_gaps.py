"""Qt's own file dialog in French (gem.ui.qt_gaps): the two labels qtbase_fr.qm lacks are
French, and every other text of the dialog still comes from Qt's catalogue (a gap filler
that answered "" for the rest blanked the buttons)."""

from __future__ import annotations

from PySide6.QtWidgets import QFileDialog, QLabel, QPushButton

from gem.ui.app import install_translators


def _texts(qtbot, tmp_path) -> tuple[list[str], list[str]]:
    dialog = QFileDialog(None, "x", str(tmp_path))
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog)  # Qt's own, as under X11
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    buttons = [button.text() for button in dialog.findChildren(QPushButton)]
    dialog.close()
    return labels, buttons


def test_the_file_dialog_speaks_french(qapp, qtbot, tmp_path):
    try:
        install_translators(qapp, "fr")
        labels, buttons = _texts(qtbot, tmp_path)
        assert labels == ["&Voir dans\u00a0:", "&Nom de fichier\u00a0:",
                          "&Type de fichier\u00a0:"]
        assert buttons == ["&Ouvrir", "Annuler"]
        install_translators(qapp, "en")
        labels, _buttons = _texts(qtbot, tmp_path)
        assert labels == ["&Look in:", "File &name:", "Files of &type:"]
    finally:
        install_translators(qapp, "fr")
