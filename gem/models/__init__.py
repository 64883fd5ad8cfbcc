"""Every aggregate, imported here so the metadata Alembic compares against is complete."""

from gem.models.arbitration import Arbitration, ArbitrationGrievance, Arbitrator, Hearing
from gem.models.audit import AuditEntry
from gem.models.base import Base, Versioned
from gem.models.change import ChangeCounter, RecentChange
from gem.models.collective_agreement import AgreementArticle, CollectiveAgreement
from gem.models.creation import CreationKey, FileNumberCounter
from gem.models.deadline import (
    CalendarDay,
    Deadline,
    DeadlineCalendar,
    DeadlineRule,
    DeadlineRuleVersion,
    HolidayRule,
    ProclaimedHoliday,
)
from gem.models.document import Document
from gem.models.grievance import Grievance, GrievanceArticle, GrievanceEvent, GrievanceMember
from gem.models.imports import ImportBatch, ImportMapping
from gem.models.institution import BargainingUnit, Institution, InstitutionSuccession, UnitOfficer
from gem.models.leave import LeaveInvoice, LeaveInvoiceLine, UnionLeave
from gem.models.member import EmploymentRecord, Member
from gem.models.recourse import Recourse
from gem.models.reference import HealthRegion, JobTitle
from gem.models.settlement import Agreement, AgreementFollowUp, AgreementGrievance
from gem.models.user import CounsellorAssignment, SignInAttempts, User

__all__ = [
    "Agreement", "AgreementArticle", "AgreementFollowUp", "AgreementGrievance", "Arbitration",
    "ArbitrationGrievance", "Arbitrator", "AuditEntry", "BargainingUnit", "Base", "CalendarDay",
    "ChangeCounter", "CollectiveAgreement", "CounsellorAssignment", "CreationKey", "Deadline",
    "DeadlineCalendar", "DeadlineRule", "DeadlineRuleVersion", "Document", "EmploymentRecord",
    "FileNumberCounter", "Grievance", "GrievanceArticle", "GrievanceEvent", "GrievanceMember",
    "HealthRegion", "Hearing", "HolidayRule", "ImportBatch", "ImportMapping", "Institution",
    "InstitutionSuccession", "JobTitle",
    "LeaveInvoice", "LeaveInvoiceLine", "Member", "ProclaimedHoliday", "RecentChange", "Recourse",
    "SignInAttempts", "UnionLeave", "UnitOfficer", "User", "Versioned",
]
