"""Screenshots of the grievance and member forms on the demo database.

    gem --database sqlite:////tmp/forms.sqlite3 demo --members 500 --grievances 1000
    xvfb-run -a python docs/screenshots/make_form_screenshots.py docs/screenshots [fr|en]

In English the files are named form_grievance-en.png and so on.

The demo data is written without the services, so it holds no deadlines: the script computes
the shown grievance's deadline through the deadline service first (on the demo file only).
"""

from __future__ import annotations

import sys
from dataclasses import replace

from PySide6.QtCore import QThreadPool
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from gem.db import make_engine, session_factory, transaction
from gem.models import Grievance, GrievanceMember, User
from gem.services.deadlines import sync_file_deadlines
from gem.services.users import actor_for
from gem.ui.app import apply_style, install_translators
from gem.ui.context import AppContext
from gem.ui.forms import open_form
from gem.ui.workers import write_pool


def main(folder: str, url: str = "sqlite:////tmp/forms.sqlite3", lang: str = "fr") -> None:
    app = QApplication(sys.argv)
    apply_style(app)
    install_translators(app, lang)
    suffix = "" if lang == "fr" else f"-{lang}"
    engine = make_engine(url)
    with transaction(session_factory(engine)) as s:
        # the window's language, as gem.ui.app does for the signed-in user
        actor = replace(actor_for(s.scalars(select(User).where(User.role == "secretary"))
                                  .first()), language=lang)
        gid = s.scalar(select(Grievance.id).where(
            Grievance.confidential.is_(False), Grievance.status == "draft",
            Grievance.knowledge_date.is_not(None), Grievance.facts.is_not(None))
            .order_by(Grievance.id.desc()).limit(1))
        sync_file_deadlines(s, actor, "grievance", s.get(Grievance, gid))
        mid = s.scalar(select(GrievanceMember.member_id)
                       .where(GrievanceMember.grievance_id == gid))
    ctx = AppContext(engine, actor)

    def settle() -> None:
        for _ in range(20):
            QThreadPool.globalInstance().waitForDone(5000)
            write_pool().waitForDone(5000)
            app.processEvents()

    for kind, ident, stem in (("grievances", gid, "form_grievance"),
                              ("members", mid, "form_member"),
                              ("grievances", None, "form_grievance_new")):
        name = f"{stem}{suffix}.png"
        form = open_form(ctx, kind, ident, None)
        form.resize(1280, 860)
        form.show()
        settle()
        form.grab().save(f"{folder}/{name}")
        print(f"{folder}/{name}", form.windowTitle())
        form._discarding = True
        form.close()


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots",
         lang=sys.argv[2] if len(sys.argv) > 2 else "fr")
