"""Screenshots of the application shell for docs/screenshots/ (README).

    gem demo --members 2000 --grievances 5000 --database sqlite:////tmp/shots.sqlite3
    xvfb-run -a -s "-screen 0 1600x1000x24" python tools/shell_screenshots.py [fr|en]

Works on a copy of the demo database, to which it adds five draft grievances for the
counsellor "asauve" through GrievanceService, so Mon portefeuille shows overdue (red) and
upcoming (orange) deadlines: the demo itself computes none.
"""
# ruff: noqa: E402, E501, E701, E702
import os
import shutil
import sys
import time

for stale in ("/tmp/shots_settings.ini", "/tmp/shots_settings_admin.ini"):
    if os.path.exists(stale): os.remove(stale)  # start on Mon portefeuille
shutil.copyfile("/tmp/shots.sqlite3", "/tmp/shots_ui.sqlite3")
for ext in ("-wal", "-shm"):
    if os.path.exists("/tmp/shots_ui.sqlite3" + ext): os.remove("/tmp/shots_ui.sqlite3" + ext)
URL = "sqlite:////tmp/shots_ui.sqlite3"
OUT = "/work/main/docs/screenshots"
from sqlalchemy import select

from gem.db import make_engine, session_factory, transaction
from gem.models import Institution
from gem.services.grievance import GrievanceService
from gem.services.users import UserService

e = make_engine(URL); S = session_factory(e)
with transaction(S) as s:
    counsellor = UserService().authenticate(s, "asauve", "demo-gem-2026")
    inst = s.scalars(select(Institution.id).order_by(Institution.id)).all()
    for title, knowledge, i in [("Refus de congé pour affaires syndicales", "2026-09-15", 3),
                                ("Abolition de poste sans préavis", "2026-10-02", 7),
                                ("Prime de disponibilité non versée", "2026-10-28", 11),
                                ("Modification unilatérale de l'horaire", "2026-11-03", 5),
                                ("Mutation imposée", "2026-11-10", 9)]:
        GrievanceService().create(s, counsellor, {"kind": "union", "nature": "schedule",
            "institution_id": inst[i], "title": title, "event_date": knowledge,
            "knowledge_date": knowledge, "status": "draft", "counsellor_id": counsellor.id})

from gem.ui.app import create_application, install_translators
from gem.ui.context import AppContext
from gem.ui.dialogs.database import DatabaseDialog
from gem.ui.dialogs.sign_in import SignInDialog
from gem.ui.main_window import MainWindow
from gem.ui.settings import Settings

app = create_application(); install_translators(app, sys.argv[1] if len(sys.argv) > 1 else "fr")
suffix = "" if len(sys.argv) < 2 or sys.argv[1] == "fr" else "-" + sys.argv[1]
def pump(sec):
    t = time.perf_counter()
    while time.perf_counter() - t < sec: app.processEvents(); time.sleep(0.01)
with transaction(S) as s:
    c = UserService().authenticate(s, "asauve", "demo-gem-2026")
    admin = UserService().authenticate(s, "vdupuis", "demo-gem-2026")
settings = Settings("/tmp/shots_settings.ini")
w = MainWindow(AppContext(e, c), settings, "SQLite /tmp/shots_ui.sqlite3")
w.resize(1366, 800); w.show(); pump(2.5)
w.grab().save(f"{OUT}/caseload{suffix}.png")
for key in ("grievances", "members", "arbitrations", "union_leaves"):
    w.show_screen(key); pump(2)
    w.grab().save(f"{OUT}/{key}{suffix}.png")
w.show_screen("grievances"); pump(1)
w.quick_search.popup(w)
from PySide6.QtTest import QTest

QTest.keyClicks(w.quick_search.edit, "cote"); pump(1.5)
pix = w.grab()
from PySide6.QtGui import QPainter

p = QPainter(pix)  # the popup is its own window: paint it where it sits on the main one
p.drawPixmap(w.mapFromGlobal(w.quick_search.pos()), w.quick_search.grab())
p.end()
pix.save(f"{OUT}/quick_search{suffix}.png")
w.quick_search.hide()
a = MainWindow(AppContext(e, admin), Settings("/tmp/shots_settings_admin.ini"), "SQLite /tmp/shots_ui.sqlite3")
a.resize(1366, 800); a.show(); a.show_screen("users"); pump(2)
a.grab().save(f"{OUT}/users{suffix}.png")
d = SignInDialog(S, "SQLite /tmp/shots_ui.sqlite3", "asauve"); d.show(); pump(1)
d.grab().save(f"{OUT}/sign_in{suffix}.png")
dd = DatabaseDialog(None, first_run=True); dd.show(); pump(0.5)
dd.grab().save(f"{OUT}/database{suffix}.png")
print("ok")
