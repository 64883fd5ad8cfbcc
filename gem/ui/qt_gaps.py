"""French for the few strings of Qt's own widgets that Qt's catalogue (qtbase_fr.qm, as
shipped with PySide6 6.11) lacks: Qt 6 added mnemonics to two labels of its file dialog
(« &Look in: », « Files of &type: »), the French catalogue still translates the old texts,
and the dialog under X11 showed them in English amid French (seen by the Xvfb walk of the
import window's « Parcourir… »). Installed after qtbase_fr, so Qt's catalogue wins for
everything it does translate."""

from __future__ import annotations

from PySide6.QtCore import QTranslator

FRENCH = {
    ("QFileDialog", "&Look in:"): "&Voir dans\u00a0:",  # Qt's French: a no-break space
    ("QFileDialog", "Files of &type:"): "&Type de fichier\u00a0:",
}


class QtFrenchGaps(QTranslator):
    """A catalogue of the entries above; everything else is left to the next translator
    (None, a null QString for Qt, means « not here »: an empty string would be taken as the
    translation and blank every other button).

    Why a QTranslator subclass rather than a .ts/.qm: two entries of Qt's own contexts,
    which tools/ui_translations.py (lupdate over GEM's sources) would drop as obsolete."""

    def translate(self, context: str, source_text: str, disambiguation: str | None = None,
                  n: int = -1) -> str | None:
        return FRENCH.get((str(context), str(source_text)))

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False
