"""Administration › Sauvegarder: a backup of the database from the window (issue 13).

The same backup as ``gem db backup`` (gem.backup), run in a worker thread with a progress
dialog whose Annuler stops it (no file is left); colleagues keep working meanwhile. Offered
to the roles the policy lets back up the database (gem.services.policy, DATABASE/export).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QProgressDialog, QWidget

from gem.formatting import format_number
from gem.i18n import current_language, tr
from gem.ui.context import AppContext
from gem.ui.errors import message_for
from gem.ui.workers import Background

translate = QCoreApplication.translate  # lupdate reads translate("BackupProgress", …)


class BackupProgress(QProgressDialog):
    """One backup running: its step, Annuler, then what was written (or why not)."""

    def __init__(self, ctx: AppContext, target: Path, parent: QWidget | None = None,
                 on_done: Callable[[Any], None] | None = None):
        super().__init__(translate("BackupProgress", "Sauvegarde de la base de données…"),
                         translate("BackupProgress", "Annuler"), 0, 0, parent)
        self.setWindowTitle(translate("BackupProgress", "Sauvegarder la base de données"))
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setMinimumDuration(0)
        self.setAutoClose(False)
        self.setAutoReset(False)
        self.target = target
        # Not ``result``/``done``: an attribute would shadow QDialog's methods of those names.
        self.taken: Any = None  # a gem.backup result once written
        self.error: BaseException | None = None
        self.ended = False  # succeeded, failed or cancelled
        self._on_done = on_done
        from gem import backup

        engine, actor = ctx.engine, ctx.actor

        def job(report: Callable[[str, Any], None]) -> None:
            taken = backup.backup(engine, target, actor=actor,
                                  cancelled=lambda: self.op.is_cancelled,
                                  progress=lambda step: report("step", step))
            report("taken", taken)

        self.op = Background(job, self)
        self.canceled.connect(self.op.cancel)
        self.op.reported.connect(self._reported)
        self.op.failed.connect(self._failed)
        self.op.run()

    def _reported(self, name: str, value: Any) -> None:
        if name == "step":
            self.setLabelText(tr(value, current_language()))
            return
        self.taken = value
        self.ended = True
        self.close()
        if self._on_done is not None:
            self._on_done(value)
            return
        manifest = value.manifest
        QMessageBox.information(self.parentWidget(), translate(
            "BackupProgress", "Sauvegarde terminée"), translate(
            "BackupProgress", "Sauvegarde écrite :\n%1\n\n%2 tables, %3 lignes, schéma %4.\n"
            "Gardez-en une copie hors de ce poste.").replace("%1", str(value.path))
            .replace("%2", str(len(manifest.tables))).replace("%3", format_number(manifest.rows, 0))
            .replace("%4", manifest.revision or "∅"))

    def _failed(self, exc: BaseException) -> None:
        self.error = exc
        self.ended = True
        cancelled = self.op.is_cancelled  # before close(), which emits canceled
        self.close()
        if cancelled:
            return  # Annuler: nothing written, nothing to say
        QMessageBox.warning(self.parentWidget(),
                            translate("BackupProgress", "Sauvegarde impossible"),
                            message_for(exc))


def back_up(ctx: AppContext, parent: QWidget | None = None,
            path: str | Path | None = None) -> BackupProgress | None:
    """Ask where (unless ``path`` is given), then run the backup; None if the person closed
    the file dialog."""
    if path is None:
        from gem import backup

        folder = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation) or str(Path.home())
        chosen, _ = QFileDialog.getSaveFileName(
            parent, translate("BackupProgress", "Sauvegarder la base de données"),
            str(Path(folder) / backup.default_name(ctx.engine)),
            translate("BackupProgress", "Sauvegardes de GEM (*.gembackup)"))
        if not chosen:
            return None
        path = chosen
    target = Path(path)
    if target.suffix.lower() != ".gembackup":
        target = target.with_name(target.name + ".gembackup")
    dialog = BackupProgress(ctx, target, parent)
    dialog.show()
    return dialog
