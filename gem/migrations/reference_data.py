"""Reference data loaded by revision 0001, from the revision's own copy of the CSV files
(gem/migrations/data/0001, as gem/resources/data held them in release 0.1.0).

Frozen with that revision: it read the live files in gem/resources/data until issue 13, so an
edit there would have made a new database differ from one built before. Later changes to
reference data go into new revisions, each with its own copy, so a database upgraded step by
step ends up the same as a new one; tests/test_released_revisions.py fails if a released
revision or its data changes.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from alembic import op

SANTE_QUEBEC = "Santé Québec"
SANTE_QUEBEC_START = date(2024, 12, 1)

_TYPES = {
    "CISSS": "CISSS",
    "CIUSSS": "CIUSSS",
    "non fusionné": "non_merged",
    "CRSSS": "regional",
    "établissement nordique": "northern",
    "régie/établissement nordique": "northern",
    "conseil cri": "cree",
}


FROZEN_DATA = Path(__file__).resolve().parent / "data" / "0001"


def _rows(name: str) -> list[dict[str, str]]:
    with open(FROZEN_DATA / name, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _none(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _key(text: str) -> str:
    from gem.models.text import search_key

    return search_key(text)


def load() -> None:
    regions = sa.table("health_regions", sa.column("code"), sa.column("name"),
                       sa.column("note"), sa.column("source"))
    op.bulk_insert(regions, [
        {"code": r["code"].zfill(2), "name": r["nom"], "note": _none(r["note"]),
         "source": _none(r["source"])} for r in _rows("health_regions.csv")])

    titles = sa.table("job_titles", sa.column("code"), sa.column("title_fr"),
                      sa.column("title_en"), sa.column("sector"), sa.column("code_verified"),
                      sa.column("source"))
    op.bulk_insert(titles, [
        {"code": _none(r["code_nomenclature"]), "title_fr": r["titre_fr"],
         "title_en": _none(r["titre_en"]), "sector": _none(r["secteur"]),
         "code_verified": r["code_verifie"].startswith("yes"), "source": _none(r["source"])}
        for r in _rows("job_titles.csv")])

    institutions = sa.table(
        "institutions", sa.column("id", sa.Integer), sa.column("name"), sa.column("type"),
        sa.column("region_code"), sa.column("parent_id", sa.Integer),
        sa.column("valid_from", sa.Date), sa.column("status_2015"), sa.column("status_2024"),
        sa.column("verification"), sa.column("source"), sa.column("search_key"))
    op.bulk_insert(institutions, [
        {"id": 1, "name": SANTE_QUEBEC, "type": "sante_quebec", "region_code": None,
         "parent_id": None, "valid_from": SANTE_QUEBEC_START, "status_2015": None,
         "status_2024": None, "verification": "verified",
         "source": "Loi visant à rendre le système de santé et de services sociaux plus "
                   "efficace (2023, c. 34)", "search_key": _key(SANTE_QUEBEC)}])
    rows = []
    for ident, r in enumerate(_rows("institutions.csv"), start=2):
        in_sq = r["statut_sante_quebec_2024"].startswith("établissement de Santé Québec")
        rows.append({
            "id": ident, "name": r["nom"], "type": _TYPES.get(r["type"], "other"),
            "region_code": r["region_code"].zfill(2), "parent_id": 1 if in_sq else None,
            "valid_from": None, "status_2015": _none(r["statut_2015"]),
            "status_2024": _none(r["statut_sante_quebec_2024"]),
            "verification": _none(r["verification"]), "source": _none(r["source"]),
            "search_key": _key(r["nom"])})
    op.bulk_insert(institutions, rows)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('institutions', 'id'), "
                   "(SELECT max(id) FROM institutions))")

    holidays = sa.table("holiday_rules", sa.column("code"), sa.column("name_fr"),
                        sa.column("name_en"), sa.column("rule"), sa.column("active", sa.Boolean),
                        sa.column("source"))
    op.bulk_insert(holidays, [
        {"code": r["code"], "name_fr": r["name_fr"], "name_en": r["name_en"],
         "rule": r["rule"], "active": r["active"] == "1", "source": r["source"]}
        for r in _rows("holiday_rules.csv")])

    _load_deadline_rules()


def _load_deadline_rules() -> None:
    rules = sa.table("deadline_rules", sa.column("id", sa.Integer), sa.column("code"),
                     sa.column("name_fr"), sa.column("name_en"), sa.column("applies_to"),
                     sa.column("builtin", sa.Boolean))
    versions = sa.table(
        "deadline_rule_versions", sa.column("rule_id", sa.Integer),
        sa.column("effective_from", sa.Date), sa.column("length", sa.Integer),
        sa.column("unit"), sa.column("trigger"), sa.column("cap_length", sa.Integer),
        sa.column("cap_unit"), sa.column("cap_trigger"), sa.column("warn_length", sa.Integer),
        sa.column("warn_unit"), sa.column("kind"), sa.column("extendable", sa.Boolean),
        sa.column("verified", sa.Boolean), sa.column("source"), sa.column("note"))
    ids: dict[str, int] = {}
    rule_rows, version_rows = [], []
    for r in _rows("deadline_rules.csv"):
        if r["code"] not in ids:
            ids[r["code"]] = len(ids) + 1
            rule_rows.append({"id": ids[r["code"]], "code": r["code"], "name_fr": r["name_fr"],
                              "name_en": r["name_en"], "applies_to": r["applies_to"],
                              "builtin": True})
        version_rows.append({
            "rule_id": ids[r["code"]], "effective_from": date.fromisoformat(r["effective_from"]),
            "length": int(r["length"]), "unit": r["unit"], "trigger": r["trigger"],
            "cap_length": int(r["cap_length"]) if r["cap_length"] else None,
            "cap_unit": _none(r["cap_unit"]), "cap_trigger": _none(r["cap_trigger"]),
            "warn_length": int(r["warn_length"]) if r["warn_length"] else None,
            "warn_unit": _none(r["warn_unit"]), "kind": r["kind"],
            "extendable": r["extendable"] == "1", "verified": r["verified"] == "1",
            "source": r["source"], "note": _none(r["note"])})
    op.bulk_insert(rules, rule_rows)
    op.bulk_insert(versions, version_rows)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('deadline_rules', 'id'), "
                   "(SELECT max(id) FROM deadline_rules))")


def create_search_indexes() -> None:
    """Trigram indexes make substring search on the search keys fast on PostgreSQL; skipped
    (with the b-tree key index still there) where the pg_trgm extension cannot be created."""
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    available = bind.execute(sa.text(
        "SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")).first()
    if not available:
        try:
            with bind.begin_nested():
                bind.execute(sa.text("CREATE EXTENSION IF NOT EXISTS pg_trgm"))
        except sa.exc.DBAPIError:
            return
    op.execute("CREATE INDEX IF NOT EXISTS ix_members_search_key_trgm ON members "
               "USING gin (search_key gin_trgm_ops)")
    op.execute("CREATE INDEX IF NOT EXISTS ix_institutions_search_key_trgm ON institutions "
               "USING gin (search_key gin_trgm_ops)")


def drop_search_indexes() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP INDEX IF EXISTS ix_members_search_key_trgm")
        op.execute("DROP INDEX IF EXISTS ix_institutions_search_key_trgm")
