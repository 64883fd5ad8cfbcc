"""A released revision means the same schema and data forever (issue 13).

Before issue 13 revision 0001 was edited in place four times, and a database an earlier commit
built was reported up to date, then failed on a missing column; and 0001 loaded the live CSVs
of gem/resources/data, so editing one made a new database differ from an upgraded one. Now each
revision that has landed, the module 0001 loads its reference data with and the revision's own
copy of that data (gem/migrations/data/0001) are recorded in tests/fixtures/
released_revisions.json, and this test fails when one of them changes. A schema or reference
data change is a new revision: add its file's hash to the manifest when it lands.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from gem.migrations import reference_data

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = Path(__file__).resolve().parent / "fixtures" / "released_revisions.json"


def _recorded() -> dict[str, str]:
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def _sha256(relative: str) -> str:
    return hashlib.sha256((ROOT / relative).read_bytes()).hexdigest()


def test_no_released_revision_nor_its_data_changed():
    changed = [name for name, digest in _recorded().items() if _sha256(name) != digest]
    assert changed == [], (f"released files changed: {changed}. A released revision is never "
                           "edited: put the change in a new revision.")


def test_every_revision_is_recorded_once_it_lands():
    revisions = {str(p.relative_to(ROOT)) for p in
                 (ROOT / "gem" / "migrations" / "versions").glob("[0-9]*_*.py")}
    missing = sorted(revisions - set(_recorded()))
    assert missing == [], (f"revisions not in {MANIFEST.name}: {missing}; add their sha256 "
                           "when they land")


def test_revision_0001_reads_its_own_copy_of_the_data():
    """Not gem/resources/data, which the application may go on editing."""
    frozen = reference_data.FROZEN_DATA
    assert frozen == ROOT / "gem" / "migrations" / "data" / "0001"
    copies = {str(p.relative_to(ROOT)) for p in frozen.glob("*.csv")}
    assert copies and copies <= set(_recorded())
    source = (ROOT / "gem" / "migrations" / "reference_data.py").read_text(encoding="utf-8")
    assert "resources" not in source.split('"""', 2)[2]  # past the docstring: no live file
