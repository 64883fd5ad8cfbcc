"""Guard for the PySide6 pin (pyproject.toml).

PySide6 6.12.0 on CPython 3.11 drops one reference to None/True on every signal emission and
every Python ``data()`` that returns None when C++ calls it; after enough of them the
interpreter dies with "Fatal Python error: bool_dealloc". This test repeats both 100,000 times
and checks the reference counts did not drift, so the pin can be lifted the day a release
passes it. (On 3.12+ None and True are immortal and the counts never move.)
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, Qt, Signal

ROUNDS = 100_000


class _Emitter(QObject):
    any_value = Signal(object)
    flag = Signal(bool)


class _EmptyModel(QAbstractTableModel):
    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 1

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008
        return 1

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        return None


def test_signals_and_data_keep_none_and_true_alive(qapp):
    emitter = _Emitter()
    received: list[int] = [0]

    def slot(_value) -> None:
        received[0] += 1

    emitter.any_value.connect(slot)
    emitter.flag.connect(slot)
    model = _EmptyModel()
    index = model.index(0, 0)

    none_before, true_before = sys.getrefcount(None), sys.getrefcount(True)
    for _ in range(ROUNDS):
        emitter.any_value.emit(None)
        emitter.flag.emit(True)
        index.data(Qt.ItemDataRole.DisplayRole)  # C++ -> Python data() returning None
    none_after, true_after = sys.getrefcount(None), sys.getrefcount(True)

    assert received[0] == 2 * ROUNDS
    # Allow small noise from the interpreter itself; the defect loses one per call (100,000+).
    assert abs(none_after - none_before) < 1000, (none_before, none_after)
    assert abs(true_after - true_before) < 1000, (true_before, true_after)
