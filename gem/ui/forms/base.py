"""The record form every aggregate shares.

What it guarantees, whatever the record:

* nothing is read or written on the GUI thread (``ctx.read`` / ``ctx.write``);
* typed data is never cleared by an error: a refused save shows each service message under its
  field and leaves every widget as it was; a save conflict opens the conflict dialog;
* Ctrl+S saves, Esc cancels (asking first when something is unsaved), and the tab order
  follows the order the fields were added in, which each form makes the paper form's order;
* a read-only user gets read-only fields and no save, move, attach or delete buttons (the
  services refuse anyway; the window should not offer what will be refused);
* status moves are the ones the state machine allows for the stored status, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from shiboken6 import isValid

from gem import clock
from gem.i18n import N_, tr
from gem.services import audit
from gem.services import documents as document_service
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import (
    ConflictError,
    FieldError,
    GemError,
    ValidationError,
)
from gem.services.workflow import status_label
from gem.ui.forms.fields import DisplayField, Field, PickerField
from gem.ui.widgets.sources import source as picker_source

_BANNER_STYLES = {
    "error": "background: #fdecea; color: #922b21; border: 1px solid #e6b0aa;",
    "warning": "background: #fef5e7; color: #7e5109; border: 1px solid #f5cba7;",
    "info": "background: #eaf2f8; color: #1b4f72; border: 1px solid #aed6f1;",
}
# The services' own message for an empty required field (their catalogue, not Qt's).
_REQUIRED = N_("ce champ est obligatoire.")


def ask(parent: QWidget, title: str, question: str, yes: str, no: str) -> bool:
    """A yes/no question whose safe answer ("no") is the default and Esc's answer.
    Module-level so tests can answer it without a modal loop."""
    box = QMessageBox(QMessageBox.Icon.Question, title, question, parent=parent)
    yes_button = box.addButton(yes, QMessageBox.ButtonRole.DestructiveRole)
    no_button = box.addButton(no, QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(no_button)
    box.setEscapeButton(no_button)
    box.exec()
    return box.clickedButton() is yes_button


@dataclass
class RecordData:
    """A record as read in a worker thread: plain values only, safe to hand to the GUI."""

    id: int
    version: int | None
    values: dict[str, Any]
    labels: dict[str, str] = field(default_factory=dict)
    status: str | None = None
    allowed: list[str] = field(default_factory=list)
    deadlines: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    more: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class FieldSpec:
    """What the worker needs to know about a field (never the widget itself)."""

    key: str
    extra: bool
    source: str | None


def read_deadlines(session: Any, actor: Actor, owner_type: str,
                   owner_id: int) -> list[dict[str, Any]]:
    """The file's deadlines with their one-sentence explanations, in the user's language."""
    from gem.labels import label as code_label
    from gem.services.deadlines import effective_due, explain_deadline, file_deadlines
    from gem.services.deadlines.calendar import load_calendar
    from gem.services.deadlines.files import label_text

    rows = []
    calendar = None
    for d in file_deadlines(session, owner_type, owner_id):
        calendar = calendar or load_calendar(session)
        rows.append({"id": d.id, "version": d.version, "label": label_text(d.label,
                                                                             actor.language),
                     "due": d.due_date, "effective": effective_due(d), "status": d.status,
                     "status_label": code_label("deadline_status", d.status, actor.language),
                     "met_on": d.met_on, "waived_reason": d.waived_reason,
                     "explanation": explain_deadline(session, d, actor.language, calendar)})
    return rows


def preview_deadlines(session: Any, actor: Actor, owner_type: str,
                      attrs: dict[str, Any]) -> list[str]:
    """The deadlines a save would compute from what is typed, through the very plan the
    deadline service follows on save (gem.services.deadlines.files.plans_for)."""
    from types import SimpleNamespace

    from gem.services.deadlines import compute_rule
    from gem.services.deadlines.files import label_text, plans_for

    lang = actor.language
    lines = []
    for plan in plans_for(session, owner_type, SimpleNamespace(id=None, **attrs)):
        if plan.trigger_date is None:
            continue
        label = label_text(plan.label, lang)
        if plan.rule_code is None:
            due = plan.manual_due.isoformat() if plan.manual_due else "?"
            lines.append(f"{label} : {due}")
            continue
        result = compute_rule(session, plan.rule_code, plan.trigger_date,
                              plan.cap_trigger_date, agreement_id=plan.agreement_id, lang=lang)
        lines.append(f"{label} : {result.due_date.isoformat()} — {result.explain(lang)}")
    return lines


def read_documents(session: Any, actor: Actor, owner_type: str,
                   owner_id: int) -> list[dict[str, Any]]:
    return [{"id": d.id, "name": d.name, "size": d.size, "mime": d.mime_type,
             "sha256": d.sha256, "uploaded_at": d.uploaded_at}
            for d in document_service.documents_of(session, actor, owner_type, owner_id)]


def read_history(session: Any, entity: str, ident: int) -> list[dict[str, Any]]:
    return [{"at": e.at, "user": e.user_login, "action": e.action, "before": e.before or {},
             "after": e.after or {}} for e in audit.history(session, entity, ident)]


class RecordForm(QWidget):
    """Subclasses set the class attributes and implement ``build_fields``."""

    entity: ClassVar[str]                     # audit/document owner name ("grievance")
    service_class: ClassVar[type[EntityService]]
    workflow: ClassVar[str | None] = None     # state machine name, for status moves
    has_deadlines: ClassVar[bool] = False
    has_attachments: ClassVar[bool] = True
    has_history: ClassVar[bool] = True

    saved = Signal(int)          # the record's id, after every successful save or move
    loaded = Signal()
    closed = Signal()            # the form is done (cancelled or closed): remove its tab
    title_changed = Signal(str)
    dirty_changed = Signal(bool)

    def __init__(self, ctx: Any, record_id: int | None = None, parent: QWidget | None = None,
                 *, fixed: dict[str, Any] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor = ctx.actor
        self.lang = self.actor.language
        self.record_id = record_id
        self.fixed = dict(fixed or {})       # parent keys of a child record, sent on create
        self.can_edit = self.actor.can_write
        self.fields: list[Field] = []
        self._by_key: dict[str, Field] = {}
        self._version: int | None = None
        self._base: dict[str, Any] = {}
        self._data: RecordData | None = None
        self._loading = False
        self._busy = False
        self._discarding = False
        self._dirty = False
        self._sections: list[QWidget] = []
        self._move_buttons: dict[str, QPushButton] = {}
        self.deadlines: Any = None   # a DeadlinesPanel, for files that have deadlines
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(300)
        self._preview_timer.timeout.connect(self.preview_deadline)
        self.conflict_dialog: Any = None
        self.move_dialog: Any = None
        self._build_frame()
        self.build_fields()
        self._finish_fields()
        self.build_tabs()
        self._add_common_tabs()
        QShortcut(QKeySequence.StandardKey.Save, self, self.save,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.cancel,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        if record_id is None:
            self._apply_new()
        else:
            self.reload()

    # ================================================================ to implement
    def build_fields(self) -> None:
        raise NotImplementedError

    def build_tabs(self) -> None:
        """Tabs after the main one (hearings, lines, timeline...)."""

    def heading(self) -> str:
        raise NotImplementedError

    def move_fields(self, target: str) -> list[Field]:
        """Fields a status move asks for (closing date, outcome...)."""
        return []

    @classmethod
    def read_extras(cls, session: Any, actor: Actor, obj: Any) -> dict[str, Any]:
        """Values of the extra (non-column) fields, in their stored form."""
        return {}

    @classmethod
    def read_more(cls, session: Any, actor: Actor, obj: Any) -> dict[str, Any]:
        """Anything else a form shows (a timeline...)."""
        return {}

    def show_more(self, data: RecordData) -> None:
        """Put ``read_more``'s result on screen."""

    def before_save(self, proceed: Callable[[], None]) -> None:
        """A chance to check or ask before writing (duplicate members); call ``proceed``."""
        proceed()

    # ================================================================ layout
    def _build_frame(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        top = QHBoxLayout()
        self.title_label = QLabel()
        self.title_label.setObjectName("form_title")
        font = self.title_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.title_label.setFont(font)
        self.title_label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                       QSizePolicy.Policy.Preferred)
        self.title_label.setWordWrap(True)
        top.addWidget(self.title_label, 1)
        self.status_label = QLabel()
        self.status_label.setObjectName("form_status")
        top.addWidget(self.status_label)
        self.moves_box = QHBoxLayout()
        self.moves_box.setSpacing(4)
        top.addLayout(self.moves_box)
        outer.addLayout(top)

        self.banner = QLabel()
        self.banner.setObjectName("form_banner")
        self.banner.setWordWrap(True)
        self.banner.setContentsMargins(8, 4, 8, 4)
        self.banner.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.banner.hide()
        outer.addWidget(self.banner)

        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        outer.addWidget(self.tabs, 1)
        self.main_page = QWidget()
        self.columns = QHBoxLayout(self.main_page)
        self.columns.setSpacing(12)
        self._column_layouts: list[QVBoxLayout] = []
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.main_page)
        self.tabs.addTab(scroll, self.tr("Fiche"))

        bottom = QHBoxLayout()
        self.state_label = QLabel()
        self.state_label.setObjectName("form_state")
        bottom.addWidget(self.state_label, 1)
        self.cancel_button = QPushButton(self.tr("Fermer (Échap)"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.cancel_button.clicked.connect(self.cancel)
        self.save_button = QPushButton(self.tr("Enregistrer (Ctrl+S)"))
        self.save_button.setObjectName("save_button")
        self.save_button.setAutoDefault(False)
        self.save_button.clicked.connect(self.save)
        bottom.addWidget(self.cancel_button)
        bottom.addWidget(self.save_button)
        outer.addLayout(bottom)

    def column(self, index: int) -> QVBoxLayout:
        while len(self._column_layouts) <= index:
            layout = QVBoxLayout()
            layout.setSpacing(8)
            self.columns.addLayout(layout, 1)
            self._column_layouts.append(layout)
        return self._column_layouts[index]

    def section(self, title: str, column: int = 0) -> QFormLayout:
        box = QGroupBox(title)
        form = QFormLayout(box)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setVerticalSpacing(4)
        self.column(column).addWidget(box)
        self._sections.append(box)
        return form

    def add(self, layout: QFormLayout, f: Field) -> Field:
        widget = f.make(self)
        holder = QWidget()
        box = QVBoxLayout(holder)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(1)
        box.addWidget(widget)
        box.addWidget(f.error)
        text = f.label + (" *" if f.required else "")
        label = QLabel(text)
        label.setBuddy(f.focus_widget())
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        label.setContentsMargins(0, 4, 0, 0)
        f.label_widget = label
        f.container = holder
        layout.addRow(label, holder)
        self.fields.append(f)
        self._by_key[f.key] = f
        return f

    def field(self, key: str) -> Field:
        return self._by_key[key]

    def _finish_fields(self) -> None:
        for layout in self._column_layouts:
            layout.addStretch(1)
        focusable = [f.focus_widget() for f in self.fields if not isinstance(f, DisplayField)]
        for first, second in zip(focusable, focusable[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for f in self.fields:
            f.connect_changed(self._changed)
        if focusable:
            self.setFocusProxy(focusable[0])

    def _add_common_tabs(self) -> None:
        from gem.ui.forms.panels import AttachmentsPanel, HistoryPanel

        self.attachments: AttachmentsPanel | None = None
        self.history: HistoryPanel | None = None
        if self.has_attachments:
            self.attachments = AttachmentsPanel(self)
            self.tabs.addTab(self.attachments, self.tr("Pièces jointes"))
        if self.has_history:
            self.history = HistoryPanel(self)
            self.tabs.addTab(self.history, self.tr("Historique"))

    def specs(self) -> list[FieldSpec]:
        return [FieldSpec(f.key, f.extra, getattr(f, "source_kind", None))
                for f in self.fields]

    # ================================================================ reading
    @classmethod
    def read_record(cls, session: Any, actor: Actor, ident: int,
                    specs: list[FieldSpec]) -> RecordData:
        service = cls.service_class()
        obj = service.get(session, actor, ident)
        values: dict[str, Any] = {}
        labels: dict[str, str] = {}
        for spec in specs:
            if spec.extra:
                continue
            value = getattr(obj, spec.key, None)
            values[spec.key] = value
            if spec.source and value is not None:
                labels[spec.key] = picker_source(spec.source).label(session, actor, value)
        values.update(cls.read_extras(session, actor, obj))
        data = RecordData(id=obj.id, version=getattr(obj, "version", None), values=values,
                          labels=labels, status=getattr(obj, "status", None))
        if cls.workflow:
            data.allowed = list(service.allowed_moves(obj))  # type: ignore[attr-defined]
        if cls.has_deadlines:
            data.deadlines = read_deadlines(session, actor, cls.entity, obj.id)
        if cls.has_attachments:
            data.documents = read_documents(session, actor, cls.entity, obj.id)
        if cls.has_history:
            data.history = read_history(session, cls.entity, obj.id)
        data.more = cls.read_more(session, actor, obj)
        return data

    def reload(self) -> None:
        if self.record_id is None:
            return
        self._set_busy(True, self.tr("Chargement…"))
        cls, actor, ident, specs = type(self), self.actor, self.record_id, self.specs()
        self.ctx.read(lambda s, _c: cls.read_record(s, actor, ident, specs)) \
            .on_success(self._guard(self._loaded)) \
            .on_failure(self._guard(self._load_failed)).run()

    def _loaded(self, data: RecordData) -> None:
        self._set_busy(False)
        self.banner.hide()
        self._apply(data)
        self.loaded.emit()

    def _load_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        self.set_banner(self._message(exc), "error")
        for f in self.fields:
            f.set_read_only(True)
        self.save_button.setEnabled(False)

    def _apply_new(self) -> None:
        self._loading = True
        for f in self.fields:
            if f.default is not None:
                f.show_stored(f.default)
        self._base = {f.key: f.canonical() for f in self.fields}
        self._loading = False
        self._refresh_chrome()

    def _apply(self, data: RecordData, keep: set[str] | None = None) -> None:
        """Show a stored record. Fields in ``keep`` were typed into while the record was being
        saved: they keep what is on screen and stay unsaved."""
        keep = keep or set()
        self._loading = True
        self.record_id = data.id
        self._version = data.version
        self._data = data
        for f in self.fields:
            stored = data.values.get(f.key)
            if f.key not in keep:
                f.show_stored(stored, data.labels.get(f.key))
                f.show_error(None)
            if f.only_new and f.container is not None and f.label_widget is not None:
                f.container.hide()
                f.label_widget.hide()
        self._base = {f.key: f.canonical_stored(data.values.get(f.key))
                      if f.key in keep else f.canonical() for f in self.fields}
        self._loading = False
        if self.attachments is not None:
            self.attachments.set_documents(data.documents)
        if self.history is not None:
            self.history.set_entries(data.history)
        if self.deadlines is not None:
            self.deadlines.set_rows(data.deadlines)
            self.deadlines.set_preview(None)
        self.show_more(data)
        self._refresh_chrome()

    # ================================================================ state
    def is_dirty(self) -> bool:
        return any(f.canonical() != self._base.get(f.key) for f in self.fields
                   if not isinstance(f, DisplayField))

    def changed_fields(self) -> list[str]:
        return [f.key for f in self.fields if not isinstance(f, DisplayField)
                and f.canonical() != self._base.get(f.key)]

    def _changed(self) -> None:
        if self._loading:
            return
        self._refresh_chrome()
        self.on_field_changed()

    def on_field_changed(self) -> None:
        """React to typing: the deadline preview follows the dates it depends on."""
        if not self.preview_keys:
            return
        if any(self._by_key[k].canonical() != self._base.get(k) for k in self.preview_keys):
            self._preview_timer.start()
        elif self.deadlines is not None:
            self.deadlines.set_preview(None)

    # ================================================================ deadline preview
    preview_keys: ClassVar[tuple[str, ...]] = ()

    def preview_attrs(self) -> dict[str, Any] | None:
        """The file as typed, for ``plans_for``; None while a date cannot be read."""
        return None

    def preview_deadline(self) -> None:
        attrs = self.preview_attrs()
        panel = self.deadlines
        if panel is None:
            return
        if attrs is None:
            panel.set_preview(None)
            return
        actor, owner = self.actor, self.entity

        def shown(lines: list[str]) -> None:
            if isValid(panel):
                panel.set_preview(lines)

        self.ctx.read(lambda s, _c: preview_deadlines(s, actor, owner, attrs)) \
            .on_success(shown).on_failure(lambda _e: isValid(panel) and
                                          panel.set_preview(None)).run()

    def typed_dates(self, *keys: str) -> dict[str, Any] | None:
        from gem.services.values import BadValue, parse_date

        result = {}
        for key in keys:
            try:
                result[key] = parse_date(self._by_key[key].raw())
            except BadValue:
                return None
        return result

    def _refresh_chrome(self) -> None:
        dirty = self.is_dirty()
        heading = self.heading()
        self.title_label.setText(heading + (" *" if dirty else ""))
        if self._data is not None and self._data.status and self.workflow:
            self.status_label.setText(self.tr("Statut : {status}").format(
                status=status_label(self.workflow, self._data.status, self.lang)))
        editable = self.can_edit and not self._busy
        for f in self.fields:
            f.set_read_only(not editable)
        self.save_button.setEnabled(editable and (dirty or self.record_id is None))
        if not self.can_edit:
            self.state_label.setText(self.tr("Lecture seule : votre rôle ne permet pas de "
                                             "modifier cette fiche."))
        elif dirty:
            self.state_label.setText(self.tr("Modifications non enregistrées."))
        elif self.record_id is None:
            self.state_label.setText(self.tr("Nouvelle fiche."))
        else:
            self.state_label.setText("")
        self._build_moves(dirty)
        if dirty != self._dirty:
            self._dirty = dirty
            self.dirty_changed.emit(dirty)
        self.title_changed.emit(heading)
        self.setWindowTitle(heading)

    def _build_moves(self, dirty: bool) -> None:
        """One button per move the state machine allows from the stored status; rebuilt
        only when that set changes, enabled only on a saved, untouched form."""
        targets = list(self._data.allowed) if (self.workflow and self._data is not None
                                               and self.can_edit) else []
        if targets != list(self._move_buttons):
            for button in self._move_buttons.values():
                self.moves_box.removeWidget(button)
                button.setParent(None)
                button.deleteLater()
            self._move_buttons = {}
            for target in targets:
                button = QPushButton("→ " + status_label(self.workflow or "", target, self.lang))
                button.setObjectName(f"move_{target}")
                button.setAutoDefault(False)
                button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
                button.clicked.connect(lambda _c=False, t=target: self.start_move(t))
                self.moves_box.addWidget(button)
                self._move_buttons[target] = button
        for button in self._move_buttons.values():
            button.setEnabled(not dirty and not self._busy)
            button.setToolTip(self.tr("Enregistrez d'abord vos modifications.") if dirty
                              else "")

    def move_targets(self) -> list[str]:
        """The moves offered on screen right now (for tests and the shell's menus)."""
        return list(self._move_buttons)

    def _set_busy(self, busy: bool, message: str = "") -> None:
        self._busy = busy
        if message:
            self.state_label.setText(message)
        self.save_button.setEnabled(not busy and self.can_edit)
        if not busy:
            self._refresh_chrome()

    def set_banner(self, text: str, kind: str = "info") -> None:
        self.banner.setStyleSheet(_BANNER_STYLES[kind])
        self.banner.setProperty("kind", kind)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

    def _guard(self, fn: Callable[[Any], None]) -> Callable[[Any], None]:
        """A worker's answer may arrive after the form was closed and deleted."""
        def call(value: Any) -> None:
            if isValid(self):
                fn(value)
        return call

    def _message(self, exc: BaseException) -> str:
        if isinstance(exc, GemError):
            return exc.message(self.lang)
        return self.tr("La base de données n'a pas répondu ({error}). Vos saisies sont "
                       "conservées : réessayez (Ctrl+S).").format(error=str(exc).splitlines()[0]
                                                                  if str(exc) else
                                                                  type(exc).__name__)

    # ================================================================ saving
    def collect(self) -> dict[str, Any]:
        """What to send: every field for a new record, only what changed for an update."""
        data: dict[str, Any] = {}
        for f in self.fields:
            if isinstance(f, DisplayField) or f.always_read_only:
                continue
            if self.record_id is not None:
                if f.only_new or f.canonical() == self._base.get(f.key):
                    continue
            data[f.key] = f.raw()
        if self.record_id is None:
            data.update(self.fixed)
        return data

    def save(self) -> None:
        if self._busy or not self.can_edit:
            return
        focus = self.focusWidget()
        if focus is not None and hasattr(focus, "normalise"):
            focus.normalise()  # show the date or amount as it will be read
        self.clear_errors()
        local = [(f, message) for f in self.fields if (message := self.local_error(f))]
        if local:
            for f, message in local:
                f.show_error(message)
            self.set_banner(self.tr("Corrigez les champs signalés ; rien n'a été enregistré."),
                            "error")
            local[0][0].focus_widget().setFocus()
            return
        if self.record_id is not None and not self.is_dirty():
            self.set_banner(self.tr("Aucune modification à enregistrer."), "info")
            return
        self.before_save(self._write)

    def local_error(self, f: Field) -> str | None:
        """What can be said without the database: an unreadable date or amount, a name typed
        in a picker but never chosen (saving would drop it silently), an empty required
        field. The service checks everything again; these only spare a round trip, and are
        all shown at once."""
        if isinstance(f, DisplayField) or (f.only_new and self.record_id is not None):
            return None
        message = f.local_error()
        if message is None and f.required and f.canonical() in ("", None, ()):
            message = tr(_REQUIRED, self.lang)
        return message

    def _write(self) -> None:
        data = self.collect()
        sent = {f.key: f.canonical() for f in self.fields}
        cls, actor, ident, version, specs = (type(self), self.actor, self.record_id,
                                             self._version, self.specs())

        def job(session: Any, _control: Any) -> RecordData:
            service = cls.service_class()
            if ident is None:
                obj = service.create(session, actor, data)
            else:
                obj = service.update(session, actor, ident, data, version)
            session.flush()
            return cls.read_record(session, actor, obj.id, specs)

        self._set_busy(True, self.tr("Enregistrement…"))
        self.ctx.write(job).on_success(self._guard(lambda d: self._saved(d, sent))) \
            .on_failure(self._guard(self._save_failed)).run()

    def _saved(self, data: RecordData, sent: dict[str, Any]) -> None:
        self._busy = False
        typed_meanwhile = {f.key for f in self.fields if f.canonical() != sent.get(f.key)}
        self._apply(data, keep=typed_meanwhile)
        self.set_banner(self.tr("Enregistré à {time}.").format(
            time=clock.local_now().strftime("%H:%M:%S")), "info")
        self.ctx.announce(self.entity, data.id)
        self.saved.emit(data.id)

    def _save_failed(self, exc: BaseException) -> None:
        self._set_busy(False)
        if isinstance(exc, ConflictError):
            self._start_conflict(exc)
        elif isinstance(exc, ValidationError):
            self.show_errors(exc.errors)
        else:
            self.set_banner(self._message(exc), "error")

    def clear_errors(self) -> None:
        for f in self.fields:
            f.show_error(None)
        self.banner.hide()

    def show_errors(self, errors: list[FieldError]) -> None:
        """Each message under its field; what has no field on screen goes in the banner."""
        loose = []
        first: Field | None = None
        for error in errors:
            f = self._by_key.get(error.field)
            problem = tr(error.msgid, self.lang, **error.params)
            if f is not None and (f.container is None or not f.container.isHidden()
                                  or f.only_new):
                f.show_error(problem)
                first = first or f
            else:
                loose.append(error.message(self.lang))
        text = self.tr("Rien n'a été enregistré : corrigez les champs signalés.")
        if loose:
            text += "\n" + "\n".join(loose)
        self.set_banner(text, "error")
        if first is not None:
            self.tabs.setCurrentIndex(0)
            first.focus_widget().setFocus()

    # ================================================================ conflicts
    def _start_conflict(self, exc: ConflictError) -> None:
        actor = self.actor
        pickers = [(f.key, f.source_kind) for f in self.fields if isinstance(f, PickerField)]
        theirs = exc.theirs

        def job(session: Any, _control: Any) -> dict[str, str]:
            return {key: picker_source(kind).label(session, actor, theirs[key])
                    for key, kind in pickers if theirs.get(key) is not None}

        self.ctx.read(job).on_success(self._guard(lambda labels: self._show_conflict(
            exc, labels))).on_failure(self._guard(lambda _e: self._show_conflict(exc, {}))).run()

    def conflict_rows(self, exc: ConflictError, labels: dict[str, str]) -> list[Any]:
        from gem.ui.forms.conflict_dialog import ConflictRow

        rows = []
        for f in self.fields:
            if f.extra or isinstance(f, DisplayField) or f.only_new or f.key not in exc.theirs:
                continue
            mine = f.canonical()
            theirs = f.canonical_stored(exc.theirs[f.key])
            if mine == theirs:
                continue
            base = self._base.get(f.key)
            rows.append(ConflictRow(f.key, f.label, f.display_current(),
                                    f.display_stored(exc.theirs[f.key], labels.get(f.key)),
                                    mine_changed=mine != base, theirs_changed=theirs != base))
        return rows

    def _show_conflict(self, exc: ConflictError, labels: dict[str, str]) -> None:
        from gem.ui.forms.conflict_dialog import ConflictDialog

        rows = self.conflict_rows(exc, labels)
        if not rows:
            # they changed nothing that is on this screen differently: save on their version
            self._resolve(exc, labels, {})
            return
        dialog = ConflictDialog(self, self.heading(), exc.changed_by, exc.changed_at, rows)
        dialog.resolved.connect(lambda choices: self._resolve(exc, labels, choices))
        dialog.finished.connect(lambda _r: setattr(self, "conflict_dialog", None))
        self.conflict_dialog = dialog
        self.set_banner(exc.message(self.lang), "warning")
        dialog.open()

    def _resolve(self, exc: ConflictError, labels: dict[str, str],
                 choices: dict[str, str]) -> None:
        """Take the other version where chosen, adopt their version number, save again."""
        self._loading = True
        for key, choice in choices.items():
            if choice == "theirs":
                self._by_key[key].show_stored(exc.theirs.get(key), labels.get(key))
        for f in self.fields:
            if not f.extra and f.key in exc.theirs:
                self._base[f.key] = f.canonical_stored(exc.theirs[f.key])
        self._version = exc.theirs.get("version", self._version)
        self._loading = False
        self._refresh_chrome()
        who = exc.changed_by
        if self.is_dirty():
            self.set_banner(self.tr("Version de {user} fusionnée avec la vôtre ; "
                                    "enregistrement…").format(user=who), "warning")
            self.save()
        else:
            self.set_banner(self.tr("La version de {user} est conservée.").format(user=who),
                            "info")
            self.reload()

    # ================================================================ status moves
    def start_move(self, target: str) -> None:
        from gem.ui.forms.dialogs import MoveDialog

        if self.record_id is None or self.is_dirty() or self._busy:
            return
        dialog = MoveDialog(self, target, self.move_fields(target))
        dialog.submitted.connect(lambda values: self._run_move(dialog, target, values))
        dialog.finished.connect(lambda _r: setattr(self, "move_dialog", None))
        self.move_dialog = dialog
        dialog.open()

    def _run_move(self, dialog: Any, target: str, values: dict[str, Any]) -> None:
        cls, actor, ident, version, specs = (type(self), self.actor, self.record_id,
                                             self._version, self.specs())

        def job(session: Any, _control: Any) -> RecordData:
            service: Any = cls.service_class()
            service.transition(session, actor, ident, target, version, values)
            session.flush()
            return cls.read_record(session, actor, ident, specs)

        def done(data: RecordData) -> None:
            if isValid(dialog):
                dialog.accept()
            self._apply(data)
            self.set_banner(self.tr("Statut : {status}.").format(
                status=status_label(self.workflow or "", target, self.lang)), "info")
            self.ctx.announce(self.entity, data.id)
            self.saved.emit(data.id)

        def failed(exc: BaseException) -> None:
            if isinstance(exc, ValidationError) and isValid(dialog) and dialog.show_errors(
                    exc.errors):
                return
            if isValid(dialog):
                dialog.reject()
            if isinstance(exc, ConflictError):
                self.set_banner(exc.message(self.lang), "warning")
                self.reload()
            else:
                self.set_banner(self._message(exc), "error")

        self.ctx.write(job).on_success(self._guard(done)).on_failure(self._guard(failed)).run()

    # ================================================================ closing
    def cancel(self) -> None:
        """Esc: close, after asking when something typed is not saved."""
        if self.is_dirty() and not ask(
                self, self.tr("Modifications non enregistrées"),
                self.tr("Des modifications ne sont pas enregistrées. Les abandonner ?"),
                self.tr("Abandonner les modifications"), self.tr("Continuer la saisie")):
            return
        self._discarding = True
        self.closed.emit()
        if self.isWindow():
            self.close()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt override
        if not self._discarding and self.can_edit and self.is_dirty() and not ask(
                self, self.tr("Modifications non enregistrées"),
                self.tr("Des modifications ne sont pas enregistrées. Les abandonner ?"),
                self.tr("Abandonner les modifications"), self.tr("Continuer la saisie")):
            event.ignore()
            return
        if not self._discarding:
            self._discarding = True
            self.closed.emit()
        event.accept()

    def debounce(self, interval: int, fn: Callable[[], None]) -> QTimer:
        timer = QTimer(self)
        timer.setSingleShot(True)
        timer.setInterval(interval)
        timer.timeout.connect(fn)
        return timer
