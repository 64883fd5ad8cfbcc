"""Someone saved the record after this form was opened: show both versions, field by field.

Nothing was written (the service refused the stale save). The dialog lists every field where
the two versions differ, says who changed the record and when, and marks which side changed
each field since the form was opened. The user keeps their version, takes the other one, or
picks per field; the form then saves again on the other version's number, so the result is
exactly what the user chose and nothing typed is thrown away without being seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gem.formatting import format_date

MINE = "mine"
THEIRS = "theirs"


@dataclass(frozen=True)
class ConflictRow:
    key: str
    label: str
    mine: str             # as displayed in the form now
    theirs: str           # as stored by the other person
    mine_changed: bool    # the user changed this field since opening the form
    theirs_changed: bool  # the other person changed it


class ConflictDialog(QDialog):
    resolved = Signal(dict)   # field key -> "mine" | "theirs"

    def __init__(self, parent: QWidget, record: str, user: str, when: datetime | None,
                 rows: list[ConflictRow]):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Conflit d'enregistrement"))
        self.setObjectName("conflict_dialog")
        self.rows = rows
        self._groups: dict[str, QButtonGroup] = {}
        self._buttons: dict[tuple[str, str], QRadioButton] = {}
        when_text = format_date(when) if when else "?"
        layout = QVBoxLayout(self)
        intro = QLabel(self.tr("Depuis l'ouverture de votre fiche, <b>{user}</b> a enregistré "
                               "une autre version de <b>{record}</b> le {when}. Rien n'a été "
                               "écrasé. Choisissez, champ par champ, la valeur à garder.")
                       .format(record=record, user=user, when=when_text))
        intro.setWordWrap(True)
        layout.addWidget(intro)

        grid_host = QWidget()
        grid = QGridLayout(grid_host)
        grid.setHorizontalSpacing(12)
        headers = [self.tr("Champ"), self.tr("Votre version"),
                   self.tr("Version de {user}").format(user=user)]
        for column, text in enumerate(headers):
            header = QLabel(f"<b>{text}</b>")
            grid.addWidget(header, 0, column)
        for row_index, row in enumerate(rows, start=1):
            name = QLabel(row.label)
            if row.mine_changed and row.theirs_changed:
                name.setText(row.label + " ⚠")
                name.setToolTip(self.tr("Modifié des deux côtés."))
            grid.addWidget(name, row_index, 0, Qt.AlignmentFlag.AlignTop)
            group = QButtonGroup(self)
            for column, (choice, text) in enumerate(((MINE, row.mine), (THEIRS, row.theirs)),
                                                    start=1):
                radio = QRadioButton(self._shown(text))
                radio.setObjectName(f"{choice}_{row.key}")
                radio.setToolTip(text)
                group.addButton(radio)
                grid.addWidget(radio, row_index, column, Qt.AlignmentFlag.AlignTop)
                self._buttons[(row.key, choice)] = radio
            self._groups[row.key] = group
            # default: whoever changed the field since the form was opened
            default = THEIRS if row.theirs_changed and not row.mine_changed else MINE
            self._buttons[(row.key, default)].setChecked(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(grid_host)
        layout.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        self.mine_button = QPushButton(self.tr("Garder toute ma version"))
        self.theirs_button = QPushButton(self.tr("Prendre toute l'autre version"))
        self.merge_button = QPushButton(self.tr("Fusionner selon mes choix"))
        self.cancel_button = QPushButton(self.tr("Annuler (mes saisies restent à l'écran)"))
        self.merge_button.setDefault(True)
        self.mine_button.clicked.connect(self.keep_mine)
        self.theirs_button.clicked.connect(self.take_theirs)
        self.merge_button.clicked.connect(self.merge)
        self.cancel_button.clicked.connect(self.reject)
        for button in (self.mine_button, self.theirs_button, self.merge_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        layout.addLayout(buttons)
        self.resize(760, min(220 + 36 * len(rows), 640))

    @staticmethod
    def _shown(text: str) -> str:
        text = text.replace("\n", " ⏎ ")
        if not text:
            return "—"
        return text if len(text) <= 70 else text[:67] + "…"

    def choose(self, key: str, choice: str) -> None:
        self._buttons[(key, choice)].setChecked(True)

    def choices(self) -> dict[str, str]:
        return {row.key: MINE if self._buttons[(row.key, MINE)].isChecked() else THEIRS
                for row in self.rows}

    def keep_mine(self) -> None:
        self._finish({row.key: MINE for row in self.rows})

    def take_theirs(self) -> None:
        self._finish({row.key: THEIRS for row in self.rows})

    def merge(self) -> None:
        self._finish(self.choices())

    def _finish(self, choices: dict[str, str]) -> None:
        self.accept()
        self.resolved.emit(choices)
