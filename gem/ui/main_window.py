"""The main window: navigation on the left, one screen at a time on the right.

Why it is shaped this way: secretaries and counsellors live in a handful of lists and one
caseload screen, so the navigation is a plain list always in view (Ctrl+1…Ctrl+0 jump to a
screen), and Ctrl+K finds any member, institution or file from anywhere. Screens are built the
first time they are shown, so the window is usable right after sign-in without querying nine
lists it may never show. The window gets everything it needs (context, settings) passed in: no
global state for tests to patch. Geometry and the last screen come back at the next start.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QActionGroup, QCloseEvent, QKeySequence
from PySide6.QtWidgets import (
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QWidget,
)

from gem import __version__, clock
from gem.i18n import current_language
from gem.labels import label
from gem.services import policy
from gem.ui import errors
from gem.ui.context import AppContext
from gem.ui.documents import DocumentArea
from gem.ui.idle_lock import IdleLock
from gem.ui.list_view import ListView, can_create
from gem.ui.live_refresh import LiveRefresh
from gem.ui.quick_search import QuickSearch
from gem.ui.settings import Settings, display_url
from gem.ui.warmup import CaseloadPrefetch

CASELOAD = "caseload"
LISTS = ("members", "institutions", "grievances", "arbitrations", "agreements",
         "union_leaves", "leave_invoices", "recourses")
REPORTS = "reports"
USERS = "users"
REFERENCE = "reference"
# What the Tables de référence screen changes: offered to whoever the policy lets change them.
REFERENCE_AGGREGATES = (policy.JOB_TITLE, policy.ARBITRATOR, policy.HOLIDAY,
                        policy.DEADLINE_RULE, policy.CALENDAR)


def screens_for(actor) -> list[str]:
    """The screens of the navigation, in order: those gem.services.policy lets ``actor``
    use (every list is readable by every role)."""
    order = [CASELOAD, *LISTS]
    if policy.may(actor, policy.Action.EXPORT, policy.REPORT):
        order.append(REPORTS)
    if policy.may(actor, policy.Action.MANAGE_USERS, policy.USER):
        order.append(USERS)
    if any(policy.may(actor, policy.Action.CHANGE_RULES, a) for a in REFERENCE_AGGREGATES):
        order.append(REFERENCE)
    return order


class MainWindow(QMainWindow):
    screen_changed = Signal(str)
    language_requested = Signal(str)  # the app rebuilds the window in that language
    export_requested = Signal(str, object, object)  # relayed from every list
    sign_out_requested = Signal()  # every open form settled: back to the sign-in dialog

    def __init__(self, ctx: AppContext, settings: Settings, database_text: str = "",
                 parent: QWidget | None = None, prefetch: CaseloadPrefetch | None = None):
        super().__init__(parent)
        self.ctx = ctx
        self.settings = settings
        self._prefetch = prefetch  # the caseload read during sign-in (gem.ui.warmup)
        self._lang = current_language()
        self.screens: dict[str, QWidget] = {}
        self._order: list[str] = screens_for(ctx.actor)
        self.setWindowTitle(self.tr("GEM — Relations du travail"))
        self.setMinimumSize(QSize(760, 480))
        self._build_navigation()
        self._build_menus()
        self._build_status(database_text)
        self.quick_search = QuickSearch(ctx, self)
        self.quick_search.chosen.connect(self.open_record)
        self.export_requested.connect(self.export_list)
        self._restore()
        # After settings.idle_lock_minutes without the keyboard or the mouse (gem.ui.idle_lock)
        self.idle_lock = IdleLock(self, settings.idle_lock_minutes)
        # What other desks save shows here (gem.ui.live_refresh): from sign-in (this window
        # exists once someone is signed in) to sign-out or close.
        self.live = LiveRefresh(ctx.engine, self)
        self.live.changed.connect(self.changed_elsewhere)
        self.live.trouble.connect(self._live_trouble)
        self.live.start()

    # ------------------------------------------------------------------ layout
    def _titles(self) -> dict[str, str]:
        return {CASELOAD: self.tr("Mon portefeuille"), "members": self.tr("Membres"),
                "institutions": self.tr("Établissements"), "grievances": self.tr("Griefs"),
                "arbitrations": self.tr("Arbitrages"), "agreements": self.tr("Ententes"),
                "union_leaves": self.tr("Libérations syndicales"),
                "leave_invoices": self.tr("Factures"), "recourses": self.tr("Recours"),
                REPORTS: self.tr("Rapports"), USERS: self.tr("Utilisateurs"),
                REFERENCE: self.tr("Tables de référence")}

    def _build_navigation(self) -> None:
        titles = self._titles()
        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setAccessibleName(self.tr("Navigation"))
        for i, key in enumerate(self._order):
            item = QListWidgetItem(titles[key])
            item.setData(Qt.ItemDataRole.UserRole, key)
            if i < 10:
                item.setToolTip(self.tr("{title} (Ctrl+{n})").format(title=titles[key],
                                                                     n=(i + 1) % 10))
            self.nav.addItem(item)
        width = max(self.nav.sizeHintForColumn(0), 150) + 28
        self.nav.setFixedWidth(width)
        self.stack = QStackedWidget()
        self.documents = DocumentArea(self.ctx, self.stack, self)
        self.documents.currentChanged.connect(lambda _i: self._sync_actions())
        splitter = QSplitter()
        splitter.addWidget(self.nav)
        splitter.addWidget(self.documents)
        splitter.setStretchFactor(1, 1)
        splitter.setCollapsible(0, False)
        self.setCentralWidget(splitter)
        self.nav.currentRowChanged.connect(self._row_changed)

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Fichier"))
        self.new_action = QAction(self.tr("&Nouveau"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.triggered.connect(self.new_record)
        self.new_action.setVisible(any(can_create(self.ctx.actor, k) for k in LISTS))
        file_menu.addAction(self.new_action)
        self.search_action = QAction(self.tr("&Recherche rapide…"), self)
        self.search_action.setShortcut(QKeySequence("Ctrl+K"))
        self.search_action.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)
        self.search_action.triggered.connect(self.show_quick_search)
        file_menu.addAction(self.search_action)
        self.export_action = QAction(self.tr("&Exporter la liste…"), self)
        self.export_action.setShortcut(QKeySequence("Ctrl+E"))
        self.export_action.triggered.connect(self.export_current)
        file_menu.addAction(self.export_action)
        # Fichier › Importer… (issue 14): offered to the roles that import members.
        self.import_action: QAction | None = None
        if policy.may(self.ctx.actor, policy.Action.IMPORT, policy.MEMBER):
            self.import_action = QAction(self.tr("&Importer…"), self)
            self.import_action.triggered.connect(lambda: self.show_import())
            file_menu.addAction(self.import_action)
        self.import_history_action = QAction(self.tr("Imports &précédents…"), self)
        self.import_history_action.triggered.connect(lambda: self.show_import_history())
        self.import_history_action.setVisible(
            policy.may(self.ctx.actor, policy.Action.READ, policy.IMPORT_BATCH))
        file_menu.addAction(self.import_history_action)
        self.close_action = QAction(self.tr("&Fermer la fiche"), self)
        self.close_action.setShortcuts(QKeySequence.StandardKey.Close)  # Ctrl+W, Ctrl+F4
        self.close_action.triggered.connect(self.documents.close_current)
        file_menu.addAction(self.close_action)
        file_menu.addSeparator()
        self.refresh_action = QAction(self.tr("&Actualiser"), self)
        self.refresh_action.setShortcut(QKeySequence.StandardKey.Refresh)
        self.refresh_action.triggered.connect(self.refresh_current)
        file_menu.addAction(self.refresh_action)
        file_menu.addSeparator()
        self.lock_action = QAction(self.tr("&Verrouiller"), self)
        self.lock_action.setShortcut(QKeySequence("Ctrl+L"))
        self.lock_action.triggered.connect(self.lock_now)
        file_menu.addAction(self.lock_action)
        self.sign_out_action = QAction(self.tr("Se &déconnecter"), self)
        self.sign_out_action.setShortcut(QKeySequence("Ctrl+Shift+Q"))
        self.sign_out_action.triggered.connect(self.sign_out)
        file_menu.addAction(self.sign_out_action)
        quit_action = QAction(self.tr("&Quitter"), self)
        quit_action.setShortcut(QKeySequence("Ctrl+Q"))
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = bar.addMenu(self.tr("&Affichage"))
        titles = self._titles()
        self.screen_actions: dict[str, QAction] = {}
        for i, key in enumerate(self._order):
            action = QAction(titles[key], self)
            if i < 10:
                action.setShortcut(QKeySequence(f"Ctrl+{(i + 1) % 10}"))
            action.triggered.connect(lambda _checked=False, k=key: self.go_to_screen(k))
            view_menu.addAction(action)
            self.screen_actions[key] = action
        view_menu.addSeparator()
        language_menu = view_menu.addMenu(self.tr("&Langue"))
        group = QActionGroup(self)
        for code, text in (("fr", "Français"), ("en", "English")):
            action = QAction(text, self)
            action.setCheckable(True)
            action.setChecked(code == self._lang)
            action.triggered.connect(lambda _c=False, c=code: self._choose_language(c))
            group.addAction(action)
            language_menu.addAction(action)

        tools_menu = bar.addMenu(self.tr("&Outils"))
        calculator = QAction(self.tr("&Calculatrice de délais…"), self)
        calculator.setShortcut(QKeySequence("Ctrl+D"))
        calculator.triggered.connect(self.show_deadline_calculator)
        tools_menu.addAction(calculator)
        self.calculator_action = calculator
        self.preferences_action = QAction(self.tr("&Préférences…"), self)
        self.preferences_action.triggered.connect(self.show_preferences)
        tools_menu.addAction(self.preferences_action)

        self.backup_action: QAction | None = None
        if policy.may(self.ctx.actor, policy.Action.EXPORT, policy.DATABASE):
            admin_menu = bar.addMenu(self.tr("Ad&ministration"))
            self.backup_action = QAction(self.tr("&Sauvegarder la base de données…"), self)
            self.backup_action.setToolTip(self.tr(
                "Une copie complète et vérifiable de la base, prise pendant que les autres "
                "travaillent (comme « gem db backup »)"))
            self.backup_action.triggered.connect(lambda: self.back_up())
            admin_menu.addAction(self.backup_action)

        help_menu = bar.addMenu(self.tr("&Aide"))
        keys = QAction(self.tr("&Raccourcis clavier"), self)
        keys.setShortcut(QKeySequence.StandardKey.HelpContents)
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        self.log_action = QAction(self.tr("&Journal…"), self)
        self.log_action.setToolTip(self.tr("Ouvrir le dossier du journal de GEM (erreurs, "
                                           "détails pour le soutien informatique)"))
        self.log_action.triggered.connect(errors.open_log_folder)
        help_menu.addAction(self.log_action)
        about = QAction(self.tr("À &propos de GEM"), self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def _build_status(self, database_text: str) -> None:
        actor = self.ctx.actor
        self.user_label = QLabel(self.tr("Connecté : {login} ({role})").format(
            login=actor.login, role=label("role", actor.role, self._lang)))
        self.database_label = QLabel(database_text or display_url(str(self.ctx.engine.url)))
        self.statusBar().addWidget(self.user_label)
        if clock.is_shifted():
            # GEM_CLOCK (training, a trial "as of" a day): deadlines count from that day, and
            # nobody should mistake it for today.
            self.clock_label = QLabel(self.tr("Date simulée : {date}").format(
                date=clock.today().isoformat()))
            self.clock_label.setObjectName("simulated_date")
            self.clock_label.setStyleSheet("color: #b45309; font-weight: bold;")
            self.statusBar().addPermanentWidget(self.clock_label)
        self.live_label = QLabel()
        self.live_label.setObjectName("live_refresh_state")
        self.live_label.setStyleSheet("color: #b45309;")
        self.live_label.hide()
        self.statusBar().addPermanentWidget(self.live_label)
        self.statusBar().addPermanentWidget(self.database_label)

    # ------------------------------------------------------------------ screens
    def screen_for(self, key: str) -> QWidget:
        """The screen ``key``, built on first use (not ``screen``: QWidget.screen() is the
        monitor the window is on)."""
        if key not in self.screens:
            widget = self._make_screen(key)
            widget.setObjectName(f"screen_{key}")
            self.screens[key] = widget
            self.stack.addWidget(widget)
        return self.screens[key]

    def _make_screen(self, key: str) -> QWidget:
        if key == CASELOAD:
            from gem.ui.caseload_view import CaseloadView

            prefetch, self._prefetch = self._prefetch, None
            caseload = CaseloadView(self.ctx, self, prefetch=prefetch)
            caseload.open_requested.connect(self.open_record)
            return caseload
        if key == REPORTS:
            from gem.ui.reports_view import ReportsView

            return ReportsView(self.ctx, self)
        if key == REFERENCE:
            from gem.ui.reference_view import ReferenceView

            return ReferenceView(self.ctx, self)
        if key == USERS:
            from gem.ui.users_view import UsersView

            view: ListView = UsersView(self.ctx, self.settings, self)
        else:
            view = ListView(self.ctx, key, self.settings, self)
        view.export_requested.connect(self.export_requested)
        view.open_requested.connect(self._open_from_list)
        return view

    def show_screen(self, key: str) -> None:
        if key not in self._order:
            key = CASELOAD
        row = self._order.index(key)
        if self.nav.currentRow() != row:
            self.nav.setCurrentRow(row)  # _row_changed does the rest
        else:
            self._row_changed(row)

    def go_to_screen(self, key: str) -> None:
        """Ctrl+1…Ctrl+0 (Affichage): the screen, with the keyboard on its main widget (a
        list's table on a current row), so that Ctrl+2, Down, Enter opens a member. Clicking
        or arrowing through the navigation leaves the keyboard there, to go on choosing."""
        self.show_screen(key)
        self.focus_screen()

    def focus_screen(self) -> None:
        """The keyboard to the screen in view: its ``focus_main()`` when it has one (lists,
        the caseload), else its first widget that takes the keyboard."""
        widget = self.stack.currentWidget()
        if widget is None:
            return
        focus_main = getattr(widget, "focus_main", None)
        if callable(focus_main):
            focus_main()
            return
        candidate = widget.nextInFocusChain()
        while candidate is not None and candidate is not widget:
            if widget.isAncestorOf(candidate) and candidate.isVisibleTo(widget) and \
                    candidate.isEnabled() and \
                    candidate.focusPolicy() & Qt.FocusPolicy.TabFocus:
                candidate.setFocus(Qt.FocusReason.ShortcutFocusReason)
                return
            candidate = candidate.nextInFocusChain()

    def _row_changed(self, row: int) -> None:
        if row < 0:
            return
        key = self._order[row]
        widget = self.screen_for(key)
        self.stack.setCurrentWidget(widget)
        self.documents.set_home_title(self._titles()[key])
        self.documents.show_home()
        self.settings.last_screen = key
        self._sync_actions()
        self.screen_changed.emit(key)

    def _sync_actions(self) -> None:
        """What the menus offer follows what is in view: the screen, or an open record."""
        widget = self.stack.currentWidget()
        form = self.current_form()
        self.export_action.setEnabled(form is None and isinstance(widget, ListView)
                                      and widget.can_export())
        self.new_action.setEnabled(self._new_kind() is not None)
        self.close_action.setEnabled(form is not None)

    def current_key(self) -> str:
        row = self.nav.currentRow()
        return self._order[row] if row >= 0 else CASELOAD

    def current_screen(self) -> QWidget | None:
        return self.stack.currentWidget()

    def current_form(self) -> QWidget | None:
        """The record form in view, or None when the screen tab is."""
        widget = self.documents.currentWidget()
        return None if widget is self.stack else widget

    # ------------------------------------------------------------------ actions
    def _new_kind(self) -> str | None:
        """What Ctrl+N creates: a record of the kind in view, if the role may."""
        form = self.current_form()
        if form is not None:
            key = self.documents.key_of(form)
            kind = key[0] if key else None
            return kind if kind in LISTS and can_create(self.ctx.actor, kind) else None
        widget = self.current_screen()
        if isinstance(widget, ListView) and widget.can_create():
            return widget.list_name
        return None

    def new_record(self) -> None:
        if self.current_form() is None:
            widget = self.current_screen()
            if isinstance(widget, ListView):
                widget.new_record()  # the users screen opens its account dialog
            return
        kind = self._new_kind()
        if kind is not None:
            self.documents.open(kind, None)

    def _open_from_list(self, kind: str, ident: int | None) -> None:
        if ident is None:
            if can_create(self.ctx.actor, kind):
                self.documents.open(kind, None)
        else:
            self.documents.open(kind, int(ident))

    def export_current(self) -> None:
        widget = self.current_screen()
        if isinstance(widget, ListView):
            widget.request_export()

    def export_list(self, list_name: str, filters: Mapping[str, Any] | None,
                    order: tuple[str, bool] | None) -> None:
        """A list's "Exporter": the rows as filtered and sorted on screen, in a worker with a
        progress bar and Cancel (gem.ui.reports_view)."""
        from gem.ui.reports_view import export_list

        key, descending = order if isinstance(order, tuple) else (None, None)
        export_list(self.ctx, list_name, dict(filters or {}), key, descending, self)

    def show_deadline_calculator(self) -> None:
        """"What is 30 days after this date?": the same engine as `gem deadline compute`."""
        from gem.ui.forms.deadline_calculator import DeadlineCalculator

        dialog = DeadlineCalculator(self.ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.show()

    def refresh_current(self) -> None:
        widget = self.current_screen()
        refresh = getattr(widget, "refresh", None)
        if callable(refresh):
            refresh()

    def show_quick_search(self) -> None:
        self.quick_search.popup(self)

    def open_record(self, kind: str, ident: int) -> QWidget:
        """The record's form in its tab (brought forward if it is already open)."""
        return self.documents.open(kind, int(ident))

    def _choose_language(self, code: str) -> None:
        if code == self._lang:
            return
        if not self.documents.close_all():  # the window is rebuilt in the other language
            return
        self.settings.language = code
        self.language_requested.emit(code)

    def sign_out(self) -> None:
        """Fichier › Se déconnecter: every open form is settled first; the start-up then
        shows the sign-in dialog on the same database."""
        if self.documents.close_all():
            self.live.stop()
            self.sign_out_requested.emit()

    # ------------------------------------------------------------------ live refresh
    def changed_elsewhere(self, changes: list) -> None:
        """Writes announced by the database (other desks, psql): every screen built and
        every open form decides whether they concern what it shows."""
        for widget in self.screens.values():
            react = getattr(widget, "changed_elsewhere", None)
            if callable(react):
                react(changes)
        for form in self.documents.forms():
            react = getattr(form, "changed_elsewhere", None)
            if callable(react):
                react(changes)

    def _live_trouble(self, trouble: tuple[BaseException, float] | None) -> None:
        """The feed failed (logged by gem.ui.live_refresh) and retries by itself: the status
        bar says so until it works again."""
        if trouble is None:
            self.live_label.hide()
            return
        _exc, seconds = trouble
        self.live_label.setText(self.tr("Mises à jour en direct interrompues ; nouvel essai "
                                        "dans {seconds} s").format(seconds=f"{seconds:g}"))
        self.live_label.setToolTip(self.tr("Les changements faits sur les autres postes "
                                           "n'apparaissent qu'après Actualiser (F5) tant que "
                                           "la connexion n'est pas rétablie."))
        self.live_label.show()

    def lock_now(self) -> None:
        """Fichier › Verrouiller (and the idle timer): the window empties itself and asks for
        the password again; everything open stays as it is."""
        self.idle_lock.lock_now()

    @property
    def is_locked(self) -> bool:
        return self.idle_lock.is_locked

    def show_preferences(self) -> None:
        from gem.ui.dialogs.preferences import PreferencesDialog

        if PreferencesDialog(self.settings, self).exec() == PreferencesDialog.DialogCode.Accepted:
            self.idle_lock.set_minutes(self.settings.idle_lock_minutes)

    def show_shortcuts(self) -> None:
        rows = [("Ctrl+K", self.tr("Recherche rapide")),
                ("Ctrl+1 … Ctrl+0", self.tr("Aller à un écran")),
                ("Ctrl+N", self.tr("Nouvel enregistrement dans la liste affichée")),
                (self.tr("Entrée"), self.tr("Ouvrir l'enregistrement choisi")),
                ("Ctrl+F", self.tr("Rechercher dans la liste")),
                ("F5", self.tr("Actualiser")), ("Ctrl+E", self.tr("Exporter la liste")),
                ("Ctrl+L", self.tr("Verrouiller la session")),
                ("Ctrl+Q", self.tr("Quitter"))]
        text = "<table>" + "".join(f"<tr><td><b>{k}</b>&nbsp;&nbsp;</td><td>{v}</td></tr>"
                                   for k, v in rows) + "</table>"
        QMessageBox.information(self, self.tr("Raccourcis clavier"), text)

    def back_up(self, path: str | None = None):
        """Administration › Sauvegarder (gem.ui.backup_dialog); returns its progress dialog."""
        from gem.ui.backup_dialog import back_up

        return back_up(self.ctx, self, path)

    def show_import(self):
        """Fichier › Importer… (gem.ui.import_dialog); returns the dialog."""
        from gem.ui.import_dialog import open_import

        return open_import(self.ctx, self)

    def show_import_history(self):
        """Fichier › Imports précédents… (gem.ui.import_history); returns the dialog."""
        from gem.ui.import_history import open_history

        return open_history(self.ctx, self)

    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("À propos de GEM"),
                          self.tr("GEM {version}\nDossiers de relations du travail.")
                          .format(version=__version__))

    # ------------------------------------------------------------------ state
    def _restore(self) -> None:
        geometry = self.settings.geometry
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1280, 800)
        state = self.settings.window_state
        if state is not None:
            self.restoreState(state)
        self.show_screen(self.settings.last_screen or CASELOAD)

    def save_state(self) -> None:
        self.settings.geometry = self.saveGeometry()
        self.settings.window_state = self.saveState()
        self.settings.last_screen = self.current_key()
        for widget in self.screens.values():
            if isinstance(widget, ListView):
                widget.save_state()
        self.settings.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.documents.close_all():
            event.ignore()  # Annuler on a form: the window stays, on that form
            return
        self.live.stop()
        self.save_state()
        super().closeEvent(event)
