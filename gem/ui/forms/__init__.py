"""Record forms: one per aggregate, opened by list name.

``open_form(ctx, kind, record_id, parent)`` returns a RecordForm (a QWidget) for an existing
record, or an empty one when ``record_id`` is None. The main window's document area
(gem/ui/documents.py) shows it in a tab and listens to its signals: ``saved(id)``,
``save_failed(exc)``, ``closed()`` (Esc or close: remove the tab), ``title_changed(str)``,
``dirty_changed(bool)`` and ``open_requested(kind, id)`` (a linked record to open). Child
records (hearings, invoice lines...) open in a ``FormDialog`` over their parent.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QDialog, QVBoxLayout, QWidget

from gem.ui.forms.base import RecordForm


def _registry() -> dict[str, type[RecordForm]]:
    from gem.ui.forms.agreement import AgreementForm, FollowUpForm
    from gem.ui.forms.arbitration import ArbitrationForm, HearingForm
    from gem.ui.forms.grievance import GrievanceForm
    from gem.ui.forms.institution import BargainingUnitForm, InstitutionForm
    from gem.ui.forms.leave import InvoiceLineForm, LeaveInvoiceForm, UnionLeaveForm
    from gem.ui.forms.member import EmploymentRecordForm, MemberForm
    from gem.ui.forms.recourse import RecourseForm

    return {
        "members": MemberForm, "institutions": InstitutionForm, "grievances": GrievanceForm,
        "arbitrations": ArbitrationForm, "agreements": AgreementForm,
        "union_leaves": UnionLeaveForm, "leave_invoices": LeaveInvoiceForm,
        "recourses": RecourseForm,
        # child records, opened from their parent's form
        "bargaining_units": BargainingUnitForm, "hearings": HearingForm,
        "invoice_lines": InvoiceLineForm, "follow_ups": FollowUpForm,
        "employment_records": EmploymentRecordForm,
    }


FORM_KINDS: tuple[str, ...] = ("members", "institutions", "grievances", "arbitrations",
                               "agreements", "union_leaves", "leave_invoices", "recourses",
                               "bargaining_units", "hearings", "invoice_lines", "follow_ups",
                               "employment_records")


def form_class(kind: str) -> type[RecordForm]:
    try:
        return _registry()[kind]
    except KeyError:
        raise ValueError(f"no form for {kind!r}; known: {', '.join(FORM_KINDS)}") from None


def open_form(ctx: Any, kind: str, record_id: int | None = None,
              parent: QWidget | None = None, *, fixed: dict[str, Any] | None = None
              ) -> RecordForm:
    """The form for the record ``record_id`` of the list ``kind`` (a new record when None).
    ``fixed`` holds values a new child record inherits (``{"arbitration_id": 12}``)."""
    return form_class(kind)(ctx, record_id, parent, fixed=fixed)


class FormDialog(QDialog):
    """A form in its own dialog (child records). Esc and the close button go through the
    form, so unsaved typing is never dropped without asking."""

    def __init__(self, form: RecordForm, parent: QWidget | None = None):
        super().__init__(parent)
        self.form = form
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(form)
        self.setWindowTitle(form.windowTitle())
        form.title_changed.connect(self.setWindowTitle)
        form.closed.connect(lambda: QDialog.reject(self))
        self.resize(760, 560)

    def reject(self) -> None:
        self.form.cancel()

    def closeEvent(self, event: Any) -> None:  # noqa: N802 - Qt override
        if self.result() == QDialog.DialogCode.Accepted or not self.form.is_dirty():
            event.accept()
            return
        self.form.cancel()
        event.ignore()


__all__ = ["FORM_KINDS", "FormDialog", "RecordForm", "form_class", "open_form"]
