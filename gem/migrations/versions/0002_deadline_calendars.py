"""deadline calendars: each rule counts on its source's days

Revision ID: 0002
Revises: 0001

Adds the calendars (Interpretation Act, C.p.c., one per collective agreement) with the status
of each day under them, the calendar each rule version names, and on each computed deadline
the calendar it used and the latest date its unverified days allow. The built-in data are
written out here rather than read from a resource file, so this revision gives the same
database whatever later releases ship.

Deadlines computed by 0.1.0 keep their date and get no calendar: ``gem deadline recheck``
lists those the new engine puts earlier and moves them when asked.
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

_I16 = "Loi d'interprétation (RLRQ c. I-16) art. 52 et 61(23)"
_I16_DAYS = [
    ("sunday", "holiday", "Loi d'interprétation art. 61(23) a)"),
    ("new_year", "holiday", "Loi d'interprétation art. 61(23) b)"),
    ("good_friday", "holiday", "Loi d'interprétation art. 61(23) c)"),
    ("easter_monday", "holiday", "Loi d'interprétation art. 61(23) d)"),
    ("patriots_day", "holiday",
     "Loi d'interprétation art. 61(23) i) (anniversaire du Souverain, le lundi qui précède "
     "le 25 mai) et j) (décret)"),
    ("fete_nationale", "holiday", "Loi d'interprétation art. 61(23) e)"),
    ("canada_day", "holiday", "Loi d'interprétation art. 61(23) f) (le 2 juillet si le 1er "
                              "est un dimanche)"),
    ("labour_day", "holiday", "Loi d'interprétation art. 61(23) g)"),
    ("thanksgiving", "holiday", "Loi d'interprétation art. 61(23) g.1)"),
    ("christmas", "holiday", "Loi d'interprétation art. 61(23) h)"),
    ("proclaimed", "holiday", "Loi d'interprétation art. 61(23) j) (proclamation ou décret)"),
]
_CPC = "Code de procédure civile (RLRQ c. C-25.01) art. 82 et 83"
_CPC_DAYS = [
    ("saturday", "holiday", "C.p.c. art. 83 (le samedi est assimilé à un jour non juridique) "
                            "https://lpc.quebec/articles/art-83-cpc"),
    *[(day, status, f"C.p.c. art. 82 ; {source}") for day, status, source in _I16_DAYS],
    ("day_after_new_year", "unverified",
     "C.p.c. art. 82 (non vérifié : texte non lu ; voir shared/data/quebec_holidays.csv)"),
    ("boxing_day", "unverified",
     "C.p.c. art. 82 (non vérifié : texte non lu ; voir shared/data/quebec_holidays.csv)"),
]
_CALENDARS = [
    (1, "interpretation_act", "Loi d'interprétation (jours fériés, art. 61(23))",
     "Interpretation Act (holidays, s. 61(23))", _I16, _I16_DAYS),
    (2, "cpc", "Code de procédure civile (jours non juridiques, art. 82-83)",
     "Code of Civil Procedure (non-juridical days, arts. 82-83)", _CPC, _CPC_DAYS),
]

# The calendar each built-in rule's source counts on. None is verified yet except the
# C.p.c.'s own delay (judicial review, C.p.c. art. 529): the statutes' delays are read with
# the Interpretation Act unless they say otherwise, which nobody has checked rule by rule.
_RULE_CALENDARS = {
    "grievance_agreement": ("agreement", False),
    "grievance_code_71": ("interpretation_act", False),
    "fair_representation": ("interpretation_act", False),
    "labour_code_12_14": ("interpretation_act", False),
    "award_due": ("interpretation_act", False),
    "harassment": ("interpretation_act", False),
    "cnesst_review": ("interpretation_act", False),
    "cnesst_tat": ("interpretation_act", False),
    "pay_equity_complaint": ("interpretation_act", False),
    "pay_equity_tat": ("interpretation_act", False),
    "human_rights": ("interpretation_act", False),
    "civil_action": ("cpc", False),
    "judicial_review": ("cpc", True),
}


def _audit_columns() -> list[sa.Column]:
    return [
        sa.Column('version', sa.Integer(), server_default='1', nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True),
                  server_default=sa.text('(CURRENT_TIMESTAMP)'), nullable=False),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    op.create_table(
        'deadline_calendars',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=40), nullable=False),
        sa.Column('name_fr', sa.String(length=200), nullable=False),
        sa.Column('name_en', sa.String(length=200), nullable=False),
        sa.Column('source', sa.Text(), nullable=True),
        sa.Column('agreement_id', sa.Integer(), nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(['agreement_id'], ['collective_agreements.id'],
                                name=op.f('fk_deadline_calendars_agreement_id_collective_'
                                          'agreements'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_deadline_calendars_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_calendars')),
        sa.UniqueConstraint('agreement_id', name=op.f('uq_deadline_calendars_agreement_id')),
        sa.UniqueConstraint('code', name=op.f('uq_deadline_calendars_code')),
    )
    op.create_table(
        'deadline_calendar_days',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('calendar_id', sa.Integer(), nullable=False),
        sa.Column('day', sa.String(length=40), nullable=False),
        sa.Column('status', sa.String(length=20), nullable=False),
        sa.Column('source', sa.Text(), nullable=True),
        *_audit_columns(),
        sa.ForeignKeyConstraint(['calendar_id'], ['deadline_calendars.id'],
                                name=op.f('fk_deadline_calendar_days_calendar_id_deadline_'
                                          'calendars'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_deadline_calendar_days_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_deadline_calendar_days')),
        sa.UniqueConstraint('calendar_id', 'day',
                            name=op.f('uq_deadline_calendar_days_calendar_id')),
    )
    with op.batch_alter_table('deadline_calendar_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deadline_calendar_days_calendar_id'),
                              ['calendar_id'], unique=False)
    with op.batch_alter_table('deadline_rule_versions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar', sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column('calendar_verified', sa.Boolean(), server_default='0',
                                      nullable=False))
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.add_column(sa.Column('calendar_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('latest_date', sa.Date(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_deadlines_calendar_id_deadline_calendars'),
                                    'deadline_calendars', ['calendar_id'], ['id'])
    _load()


def _load() -> None:
    calendars = sa.table('deadline_calendars', sa.column('id', sa.Integer), sa.column('code'),
                         sa.column('name_fr'), sa.column('name_en'), sa.column('source'))
    days = sa.table('deadline_calendar_days', sa.column('calendar_id', sa.Integer),
                    sa.column('day'), sa.column('status'), sa.column('source'))
    op.bulk_insert(calendars, [{"id": ident, "code": code, "name_fr": fr, "name_en": en,
                                "source": source}
                               for ident, code, fr, en, source, _ in _CALENDARS])
    op.bulk_insert(days, [{"calendar_id": ident, "day": day, "status": status,
                           "source": source}
                          for ident, _, _, _, _, listed in _CALENDARS
                          for day, status, source in listed])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('deadline_calendars', 'id'), "
                   "(SELECT max(id) FROM deadline_calendars))")
    rules = sa.table('deadline_rules', sa.column('id', sa.Integer), sa.column('code'))
    versions = sa.table('deadline_rule_versions', sa.column('rule_id', sa.Integer),
                        sa.column('calendar'), sa.column('calendar_verified', sa.Boolean))
    for code, (calendar, verified) in _RULE_CALENDARS.items():
        rule_ids = sa.select(rules.c.id).where(rules.c.code == code).scalar_subquery()
        op.execute(versions.update().where(versions.c.rule_id == rule_ids)
                   .values(calendar=calendar, calendar_verified=verified))


def downgrade() -> None:
    with op.batch_alter_table('deadlines', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_deadlines_calendar_id_deadline_calendars'),
                                 type_='foreignkey')
        batch_op.drop_column('latest_date')
        batch_op.drop_column('calendar_id')
    if op.get_bind().dialect.name == "sqlite":
        # A batch rebuild would drop the table the deadlines point at, which SQLite refuses
        # with foreign keys on; its own DROP COLUMN (3.35+) leaves the table in place.
        op.execute("ALTER TABLE deadline_rule_versions DROP COLUMN calendar_verified")
        op.execute("ALTER TABLE deadline_rule_versions DROP COLUMN calendar")
    else:
        with op.batch_alter_table('deadline_rule_versions', schema=None) as batch_op:
            batch_op.drop_column('calendar_verified')
            batch_op.drop_column('calendar')
    with op.batch_alter_table('deadline_calendar_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deadline_calendar_days_calendar_id'))
    op.drop_table('deadline_calendar_days')
    op.drop_table('deadline_calendars')
