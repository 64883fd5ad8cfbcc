"""The record form every aggregate shares: it lays fields out and shows what it is given.

The record itself (its id, its stored version, the last read) and every job about it live in
a :class:`~gem.ui.forms.controller.RecordController`, each job being one call of
:mod:`gem.services.records`. What the form guarantees, whatever the record:

* nothing is read or written on the GUI thread;
* typed data is never cleared by an error: a refused save shows each service message under its
  field and leaves every widget as it was; a save conflict opens the conflict dialog;
* a record that could not be read says so, stays that record (never a "new" one), claims no
  unsaved changes and offers nothing to type into or save;
* Ctrl+S saves, Esc cancels (asking first when something is unsaved), and the tab order
  follows the order the fields were added in, which each form makes the paper form's order;
* a read-only user gets read-only fields and no save, move, attach or delete buttons (the
  services refuse anyway; the window should not offer what will be refused), but may open
  every linked record (``open_requested``);
* status moves are the ones the state machine allows for the stored status, nothing else.
"""

from __future__ import annotations

from collections.abc import Callable
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
from gem.services import policy, records
from gem.services.actor import Actor
from gem.services.entity import EntityService
from gem.services.errors import ConflictError, FieldError, ValidationError
from gem.services.records import FieldSpec, RecordData
from gem.services.workflow import status_label
from gem.ui.errors import message_for
from gem.ui.forms.controller import LOAD, MOVE, Conflict, Failure, RecordController
from gem.ui.forms.fields import DisplayField, Field, PickerField

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


class RecordForm(QWidget):
    """Subclasses set ``entity`` (a key of gem.services.records.KINDS, which says the
    service, the workflow and the tabs) and implement ``build_fields`` and the headings."""

    entity: ClassVar[str]                     # audit/document owner name ("grievance")
    # from records.KINDS[entity], set for each subclass (one source for the form and its reads)
    service_class: ClassVar[type[EntityService[Any]]]
    workflow: ClassVar[str | None] = None     # state machine name, for status moves
    has_deadlines: ClassVar[bool] = False
    has_attachments: ClassVar[bool] = True
    has_history: ClassVar[bool] = True

    saved = Signal(int)          # the record's id, after every successful save or move
    loaded = Signal()
    closed = Signal()            # the form is done (cancelled or closed): remove its tab
    title_changed = Signal(str)
    dirty_changed = Signal(bool)
    # a linked record to open in its own tab: list name ("members", "grievances"...) and id
    open_requested = Signal(str, int)
    # the exception of a refused or failed save (not a move); None when the person declined
    save_failed = Signal(object)
    load_failed = Signal(str)     # the record could not be read: the message shown
    busy_changed = Signal(bool)   # a read or a write of this form is under way

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        if "entity" in cls.__dict__:
            kind = records.kind(cls.entity)
            service = kind.service
            # RecordKind types it as a factory, but KINDS names the service classes: the
            # heading reads the class's label without making a service
            assert isinstance(service, type) and issubclass(service, EntityService)
            cls.service_class = service
            cls.workflow = kind.workflow
            cls.has_deadlines = kind.has_deadlines
            cls.has_attachments = kind.has_attachments
            cls.has_history = kind.has_history

    def __init__(self, ctx: Any, record_id: int | None = None, parent: QWidget | None = None,
                 *, fixed: dict[str, Any] | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.actor: Actor = ctx.actor
        self.lang = self.actor.language
        self.fixed = dict(fixed or {})       # parent keys of a child record, sent on create
        self.fields: list[Field] = []
        self._by_key: dict[str, Field] = {}
        self._base: dict[str, Any] = {}
        self._sent: dict[str, Any] = {}
        self._checking = False       # a check before saving (before_save) is under way
        self._loading = False
        self._discarding = False
        self._dirty = False
        self._sections: list[QWidget] = []
        self._move_buttons: dict[str, QPushButton] = {}
        self.controller = RecordController(ctx, self.entity, record_id, self.specs,
                                           self.picker_sources, self)
        self.controller.loaded.connect(self._loaded)
        self.controller.saved.connect(self._saved)
        self.controller.moved.connect(self._moved)
        self.controller.failed.connect(self._failed)
        self.controller.conflict.connect(self._conflict)
        self.controller.busy_changed.connect(self._busy_changed)
        self.deadlines: Any = None   # a DeadlinesPanel, for files that have deadlines
        self._preview_timer = QTimer(self)
        self._preview_timer.setSingleShot(True)
        self._preview_timer.setInterval(300)
        self._preview_timer.timeout.connect(self.preview_deadline)
        self.conflict_dialog: Any = None
        self.move_dialog: Any = None
        self._moving: Any = None     # the move dialog whose move is under way
        # the parts that show more than the record's row (deadlines, attachments, history,
        # child tables) and follow what other desks write there (changed_elsewhere)
        self._followers: list[Any] = []
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

    def new_heading(self) -> str:
        """The title of an empty form ("Nouveau grief")."""
        raise NotImplementedError

    def record_heading(self, data: RecordData) -> str:
        """The title of a stored record ("Grief G-2026-0001 — Prime de soir")."""
        raise NotImplementedError

    def move_fields(self, target: str) -> list[Field]:
        """Fields a status move asks for (closing date, outcome...)."""
        return []

    def show_more(self, data: RecordData) -> None:
        """Put ``data.more`` (records.KINDS[entity].more) on screen."""

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
        # « Modifié par … à 14:02 — Recharger · Comparer »: someone else saved this record
        from gem.ui.live_refresh import ChangedBanner

        banner = self.changed_banner = ChangedBanner(self)
        controller = self.controller

        def caught_up(data: RecordData) -> None:
            if isValid(banner):
                banner.caught_up(data.version)

        def moved(data: RecordData, _target: str) -> None:
            caught_up(data)

        def busy_changed(busy: bool) -> None:
            if isValid(banner):
                banner.busy_changed(busy)

        for signal in (controller.loaded, controller.saved):
            signal.connect(caught_up)
        controller.moved.connect(moved)
        controller.busy_changed.connect(busy_changed)
        outer.addWidget(banner)

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
        self.retry_button = QPushButton(self.tr("Relire la fiche"))
        self.retry_button.setObjectName("retry_button")
        self.retry_button.setAutoDefault(False)
        self.retry_button.clicked.connect(self.reload)
        self.retry_button.hide()
        bottom.addWidget(self.retry_button)
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
        focusable = [w for f in self.fields if not isinstance(f, DisplayField)
                     for w in f.tab_widgets()]
        for first, second in zip(focusable, focusable[1:], strict=False):
            QWidget.setTabOrder(first, second)
        for f in self.fields:
            f.connect_changed(self._changed)
            f.connect_open(self.request_open)
        if focusable:
            self.setFocusProxy(focusable[0])
        # what an untouched form holds, so that a record still loading (or that failed to
        # load) never counts as typed into
        self._base = {f.key: f.canonical() for f in self.fields}

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
        """The fields as a read needs them (what to read, and how to name a link)."""
        return [FieldSpec(f.key, f.extra, getattr(f, "source_kind", None))
                for f in self.fields]

    def picker_sources(self) -> list[tuple[str, str]]:
        """(key, source) of the link fields: the names a conflict dialog shows."""
        return [(f.key, f.source_kind) for f in self.fields if isinstance(f, PickerField)]

    # ================================================================ the record's state
    @property
    def record_id(self) -> int | None:
        """The record shown (None for a new one until its first save)."""
        return self.controller.record_id

    @record_id.setter
    def record_id(self, ident: int | None) -> None:
        self.controller.record_id = ident

    def may(self, action: policy.Action | str, aggregate: str | None = None) -> bool:
        """Whether the policy lets this user do ``action`` on this form's record (or on
        ``aggregate``): what the form offers follows it, as the service enforces it."""
        return policy.may(self.actor, action, aggregate or self.entity)

    @property
    def can_edit(self) -> bool:
        """Whether the fields are editable and Save offered: creating a new record, or
        updating this one."""
        return self.may(policy.Action.CREATE if self.record_id is None
                        else policy.Action.UPDATE)

    @property
    def data(self) -> RecordData | None:
        """The record as last read or saved; None for a new record or one not read."""
        return self.controller.data

    @property
    def version(self) -> int | None:
        """The stored version the next save is checked against."""
        return self.controller.version

    def is_loaded(self) -> bool:
        """An existing record whose values are on screen, with no job under way."""
        return self.data is not None and not self.is_busy()

    def is_busy(self) -> bool:
        """A job of this record, or a check before saving, is under way."""
        return self.controller.busy or self._checking

    def begin_check(self) -> None:
        """``before_save`` asks the database first (duplicates): the save is under way."""
        if not self._checking:
            self._checking = True
            self._busy_changed(True)

    def end_check(self) -> None:
        if self._checking:
            self._checking = False
            self._busy_changed(False)

    def load_error(self) -> str | None:
        """Why the record could not be read, or None."""
        failure = self.controller.load_failure
        return failure.message if failure is not None else None

    def banner_is_error(self) -> bool:
        return self.banner.isVisible() and self.banner.property("kind") == "error"

    def usable(self) -> bool:
        """A new record, or an existing one that was read: the only forms one may type in."""
        return self.record_id is None or self.data is not None

    def is_dirty(self) -> bool:
        if not self.usable():
            return False
        return any(f.canonical() != self._base.get(f.key) for f in self.fields
                   if not isinstance(f, DisplayField))

    def changed_fields(self) -> list[str]:
        if not self.usable():
            return []
        return [f.key for f in self.fields if not isinstance(f, DisplayField)
                and f.canonical() != self._base.get(f.key)]

    def message(self, exc: BaseException) -> str:
        """The sentence for a failure, worded once for the whole window (gem.ui.errors)."""
        return message_for(exc, self.lang)

    def request_open(self, kind: str, ident: Any) -> None:
        """A linked record was asked for (a picker's Ouvrir, a row of a table): the shell
        opens it in its own tab."""
        if ident is not None:
            self.open_requested.emit(kind, int(ident))

    # ================================================================ reading
    def reload(self) -> None:
        """Read the record again (also the retry after a failed read)."""
        if self.record_id is None:
            return
        self._refresh_chrome()
        if self.controller.load():
            self.state_label.setText(self.tr("Chargement…"))

    def _loaded(self, data: RecordData) -> None:
        self.banner.hide()
        self._apply(data)
        self.loaded.emit()

    def _load_failed(self, failure: Failure) -> None:
        """The record stays what it is (an existing record, not a new one), shows nothing of
        itself, and offers nothing to save: there is nothing typed to keep."""
        self.set_banner(self.tr("Cette fiche n'a pas pu être ouverte. {reason}").format(
            reason=failure.message), "error")
        self._refresh_chrome()
        self.load_failed.emit(failure.message)

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

    # ================================================================ typing
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

        # a preview that cannot be computed is simply not shown (the save computes again)
        self.ctx.read(lambda s, _c: records.preview_deadlines(s, actor, owner, attrs)) \
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

    # ================================================================ chrome
    def heading(self) -> str:
        """An existing record that is not (or could not be) read is never titled as a new
        one: its tab would invite typing into a record that does not exist."""
        data = self.data
        if data is not None:
            return self.record_heading(data)
        if self.record_id is None:
            return self.new_heading()
        kind = tr(self.service_class.label, self.lang)
        if self.load_error() is not None:
            return self.tr("{kind} {ident} : ouverture impossible").format(
                kind=kind, ident=self.record_id)
        return self.tr("{kind} {ident}").format(kind=kind, ident=self.record_id)

    def _refresh_chrome(self) -> None:
        dirty = self.is_dirty()
        heading = self.heading()
        data = self.data
        self.title_label.setText(heading + (" *" if dirty else ""))
        if data is not None and data.status and self.workflow:
            self.status_label.setText(self.tr("Statut : {status}").format(
                status=status_label(self.workflow, data.status, self.lang)))
        editable = self.can_edit and not self.is_busy() and self.usable()
        for f in self.fields:
            f.set_read_only(not editable)
        self.save_button.setEnabled(editable and (dirty or self.record_id is None))
        failed = self.load_error() is not None
        self.retry_button.setVisible(failed)
        if failed:
            self.state_label.setText(self.tr("Fiche non chargée : rien n'y est modifiable."))
        elif not self.usable():
            self.state_label.setText(self.tr("Chargement…"))
        elif not self.can_edit:
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
        data = self.data
        targets = list(data.allowed) if (self.workflow and data is not None
                                         and self.may(policy.Action.MOVE)) else []
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
            button.setEnabled(not dirty and not self.is_busy())
            button.setToolTip(self.tr("Enregistrez d'abord vos modifications.") if dirty
                              else "")

    def move_targets(self) -> list[str]:
        """The moves offered on screen right now (for tests and the shell's menus)."""
        return list(self._move_buttons)

    def _busy_changed(self, busy: bool) -> None:
        self.save_button.setEnabled(not busy and self.can_edit and self.usable())
        if not busy:
            self._refresh_chrome()
        self.busy_changed.emit(busy)

    def set_banner(self, text: str, kind: str = "info") -> None:
        self.banner.setStyleSheet(_BANNER_STYLES[kind])
        self.banner.setProperty("kind", kind)
        self.banner.setText(text)
        self.banner.setVisible(bool(text))

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
        if self.is_busy() or not self.can_edit or not self.usable():
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
        changes = self.collect()
        sent = {f.key: f.canonical() for f in self.fields}
        if self.controller.save(changes):
            self._sent = sent
            self.state_label.setText(self.tr("Enregistrement…"))

    def _saved(self, data: RecordData) -> None:
        typed_meanwhile = {f.key for f in self.fields if f.canonical() != self._sent.get(f.key)}
        since = self._typed_since_made(data) if data.replayed else set()
        self._apply(data, keep=typed_meanwhile | since)
        if data.replayed:
            text = self.tr("Enregistré : votre essai précédent avait abouti, seule sa réponse "
                           "s'était perdue ; la fiche n'a pas été créée une seconde fois.")
            if since:
                text += " " + self.tr("Ce que vous avez modifié depuis reste à enregistrer.")
            self.set_banner(text, "info")
        else:
            self.set_banner(self.tr("Enregistré à {time}.").format(
                time=clock.local_now().strftime("%H:%M:%S")), "info")
        self.saved.emit(data.id)

    def _typed_since_made(self, data: RecordData) -> set[str]:
        """A new record's save found it already made by an earlier attempt whose answer was
        lost: the fields filled in differently since then stay on screen, unsaved, rather
        than being replaced by what that attempt stored (an empty one took the stored value,
        a file number for instance)."""
        return {f.key for f in self.fields
                if not isinstance(f, DisplayField) and not f.only_new and not f.always_read_only
                and f.canonical() not in ("", None, ())
                and f.canonical() != f.canonical_stored(data.values.get(f.key))}

    def _failed(self, failure: Failure) -> None:
        if failure.action == LOAD:
            self._load_failed(failure)
        elif failure.action == MOVE:
            self._move_failed(failure)
        else:
            if isinstance(failure.error, ValidationError):
                self.show_errors(failure.error.errors)
            else:
                self.set_banner(failure.message, "error")
            self.save_failed.emit(failure.error)

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
    def _conflict(self, conflict: Conflict) -> None:
        self._show_conflict(conflict.error, conflict.labels)
        self.save_failed.emit(conflict.error)

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
        self.controller.adopt_version(exc.theirs.get("version"))
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

    # ================================================================ changed elsewhere
    def changed_elsewhere(self, changes: list[Any]) -> None:
        """Writes other desks announced (gem.ui.live_refresh): the banner checks whether this
        record is among them and, if its stored version is newer than this form's, says who
        saved it and when; the deadlines, attachments, history and child tables read theirs
        again in place when the writes may touch them (nothing there is typed into), and
        pass the news on to a dialog open on one of their rows."""
        self.changed_banner.consider(changes)
        for part in list(self._followers):
            if isValid(part):
                part.changed_elsewhere(changes)

    def follow_changes(self, part: Any) -> None:
        """``part`` (a panel of this form) hears every announcement the form hears."""
        self._followers.append(part)

    def show_their_version(self, exc: ConflictError, labels: dict[str, str]) -> None:
        """« Comparer » on that banner: the conflict dialog with their stored version beside
        what the form holds, typing included; what is chosen there is saved as after a
        refused save. When no field on screen differs there is nothing to choose: the
        stored record is read again, or, under unsaved typing, its version is taken as the
        one the typing changes (nothing is saved)."""
        if self.conflict_dialog is not None or self.is_busy():
            return
        if self.conflict_rows(exc, labels):
            self._show_conflict(exc, labels)
            return
        if not self.is_dirty():
            self.reload()
            return
        for f in self.fields:
            if not f.extra and f.key in exc.theirs:
                self._base[f.key] = f.canonical_stored(exc.theirs[f.key])
        self.controller.adopt_version(exc.theirs.get("version"))
        self._refresh_chrome()

    # ================================================================ status moves
    def start_move(self, target: str) -> None:
        from gem.ui.forms.dialogs import MoveDialog

        if self.data is None or self.is_dirty() or self.is_busy() or \
                not self.may(policy.Action.MOVE):
            return
        dialog = MoveDialog(self, target, self.move_fields(target))
        dialog.submitted.connect(lambda values: self._run_move(dialog, target, values))
        dialog.finished.connect(lambda _r: setattr(self, "move_dialog", None))
        self.move_dialog = dialog
        dialog.open()

    def _run_move(self, dialog: Any, target: str, values: dict[str, Any]) -> None:
        if self.controller.move(target, values):
            self._moving = dialog

    def _moved(self, data: RecordData, target: str) -> None:
        dialog, self._moving = self._moving, None
        if dialog is not None and isValid(dialog):
            dialog.accept()
        self._apply(data)
        self.set_banner(self.tr("Statut : {status}.").format(
            status=status_label(self.workflow or "", target, self.lang)), "info")
        self.saved.emit(data.id)

    def _move_failed(self, failure: Failure) -> None:
        dialog, self._moving = self._moving, None
        exc = failure.error
        if dialog is not None and isValid(dialog):
            if isinstance(exc, ValidationError) and dialog.show_errors(exc.errors):
                return
            dialog.reject()
        if isinstance(exc, ConflictError):
            self.set_banner(failure.message, "warning")
            self.reload()
        else:
            self.set_banner(failure.message, "error")

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


__all__ = ["FieldSpec", "RecordData", "RecordForm", "ask"]
