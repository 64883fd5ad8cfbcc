"""Create, update, list and count through the service of every aggregate, as the window and
the CLI do; each write audited, each stale write refused."""

from __future__ import annotations

from decimal import Decimal

import pytest

from gem.services import audit
from gem.services.arbitration import ArbitrationService, ArbitratorService, HearingService
from gem.services.collective_agreement import ArticleService, CollectiveAgreementService
from gem.services.errors import ConflictError
from gem.services.institution import (
    BargainingUnitService,
    InstitutionService,
    SuccessionService,
    UnitOfficerService,
)
from gem.services.leave import InvoiceLineService, LeaveInvoiceService, UnionLeaveService
from gem.services.member import EmploymentRecordService
from gem.services.recourse import RecourseService
from gem.services.reference import JobTitleService
from gem.services.settlement import AgreementService, FollowUpService
from tests import factories


def _roundtrip(tx, actor, service, data, change, filters=None):
    """Create, update on the right version, refuse a stale update, find it in the list."""
    with tx() as s:
        obj = service.create(s, actor, data)
        ident, version = obj.id, obj.version
    with tx() as s:
        service.update(s, actor, ident, change, version)
    with pytest.raises(ConflictError), tx() as s:
        service.update(s, actor, ident, change, version)
    with tx() as s:
        stored = service.get(s, actor, ident)
        for key, value in change.items():
            assert str(getattr(stored, key)) == str(value)
        listed = [o.id for o in service.find(s, actor, filters or {}, limit=None)]
        assert ident in listed
        assert service.count(s, actor, filters or {}) >= 1
        actions = [e.action for e in audit.history(s, actor, service.entity, ident)]
        assert actions[:2] == ["create", "update"]
    return ident


def test_every_aggregate_round_trips(tx, people):
    admin, counsellor = people["admin"], people["conseil"]
    inst = _roundtrip(tx, admin, InstitutionService(),
                      {"name": "CISSS de démonstration", "type": "CISSS", "region_code": "13"},
                      {"short_name": "CISSS-D"}, {"text": "demonstration"})
    _roundtrip(tx, admin, SuccessionService(),
               {"predecessor_id": 2, "successor_id": inst, "effective_date": "2015-04-01"},
               {"note": "Loi 10"})
    unit = _roundtrip(tx, counsellor, BargainingUnitService(),
                      {"institution_id": inst, "name": "Section locale démo",
                       "local_number": "L-999"}, {"certification_number": "AM-1234"})
    with tx() as s:
        member = factories.member(s, counsellor, institution_id=inst, unit_id=unit)
    _roundtrip(tx, counsellor, UnitOfficerService(),
               {"unit_id": unit, "member_id": member.id, "name": "Julie Tremblay",
                "office": "Présidente", "start_date": "2024-01-01"}, {"office": "Trésorière"})
    _roundtrip(tx, counsellor, EmploymentRecordService(),
               {"member_id": member.id, "institution_id": inst, "start_date": "2019-03-04",
                "employment_status": "full_time"}, {"end_date": "2023-12-31"})
    _roundtrip(tx, admin, JobTitleService(), {"title_fr": "Archiviste", "code": "9999"},
               {"sector": "Soutien"})
    agreement = _roundtrip(tx, admin, CollectiveAgreementService(),
                           {"name": "Convention démo 2023-2028", "valid_from": "2023-04-01"},
                           {"valid_to": "2028-03-31"})
    _roundtrip(tx, admin, ArticleService(),
               {"agreement_id": agreement, "number": "12.03", "title": "Affichage"},
               {"title": "Affichage des postes"})
    leave = _roundtrip(tx, counsellor, UnionLeaveService(),
                       {"member_id": member.id, "institution_id": inst,
                        "leave_type": "union_business", "start_date": "2026-10-05",
                        "end_date": "2026-10-05", "hours": "7,25",
                        "payment": "reimbursed_by_union"}, {"status": "approved"})
    invoice = _roundtrip(tx, counsellor, LeaveInvoiceService(),
                         {"institution_id": inst, "number": "F-2026-10",
                          "invoice_date": "2026-11-01", "period_start": "2026-10-01",
                          "period_end": "2026-10-31"}, {"status": "checked"})
    _roundtrip(tx, counsellor, InvoiceLineService(),
               {"invoice_id": invoice, "member_id": member.id, "leave_id": leave,
                "work_date": "2026-10-05", "hours": "7.25", "rate": "40"},
               {"rate": "42.00"})
    with tx() as s:
        inv = LeaveInvoiceService().get(s, counsellor, invoice)
        assert inv.total == Decimal("304.50")  # 7.25 h at 42.00, kept by the line service
    arbitrator = _roundtrip(tx, admin, ArbitratorService(), {"name": "Me Louise Roy"},
                            {"phone": "418 555-0101"})  # a reference table: administrators
    with tx() as s:
        grievance = factories.grievance(s, counsellor, institution_id=inst,
                                        members=[member.id])
    arbitration = _roundtrip(tx, counsellor, ArbitrationService(),
                             {"procedure": "regular", "institution_id": inst,
                              "arbitrator_id": arbitrator, "grievance_ids": [grievance.id]},
                             {"registry_number": "2026-0042"})
    _roundtrip(tx, counsellor, HearingService(),
               {"arbitration_id": arbitration, "date": "2026-12-09", "start_time": "9h30"},
               {"location": "Québec"})
    settlement = _roundtrip(tx, counsellor, AgreementService(),
                            {"kind": "settlement", "title": "Règlement prime de soir",
                             "institution_id": inst, "grievance_ids": [grievance.id]},
                            {"amount": "1200.00"})
    _roundtrip(tx, counsellor, FollowUpService(),
               {"agreement_id": settlement, "description": "Verser le montant",
                "due_date": "2027-01-15"}, {"done_date": "2027-01-10"})
    _roundtrip(tx, counsellor, RecourseService(),
               {"forum": "CNESST", "kind": "cnesst_review", "member_id": member.id,
                "institution_id": inst, "notification_date": "2026-11-02"},
               {"forum_file_number": "123456789"})
