"""Closed vocabularies stored as short English codes; their French/English labels live in the
translation catalogue (gem/i18n.py), so a label can change without a migration."""

from __future__ import annotations

from enum import StrEnum


class Role(StrEnum):
    ADMIN = "admin"
    COORDINATOR = "coordinator"
    COUNSELLOR = "counsellor"
    SECRETARY = "secretary"
    READ_ONLY = "read_only"


class Language(StrEnum):
    FR = "fr"
    EN = "en"


class InstitutionType(StrEnum):
    CISSS = "CISSS"
    CIUSSS = "CIUSSS"
    NON_MERGED = "non_merged"
    REGIONAL = "regional"
    NORTHERN = "northern"
    CREE = "cree"
    SANTE_QUEBEC = "sante_quebec"
    OTHER = "other"


class EmploymentStatus(StrEnum):
    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    OCCASIONAL = "occasional"


class MemberStatus(StrEnum):
    ACTIVE = "active"
    LEFT = "left"


class LeaveType(StrEnum):
    UNION_BUSINESS = "union_business"
    GRIEVANCE_HEARING = "grievance_hearing"
    NEGOTIATION = "negotiation"
    TRAINING = "training"
    CONVENTION = "convention"
    FULL_TIME_RELEASE = "full_time_release"


class LeavePayment(StrEnum):
    PAID_BY_EMPLOYER = "paid_by_employer"
    REIMBURSED_BY_UNION = "reimbursed_by_union"


class LeaveStatus(StrEnum):
    REQUESTED = "requested"
    APPROVED = "approved"
    REFUSED = "refused"
    CANCELLED = "cancelled"


class InvoiceStatus(StrEnum):
    RECEIVED = "received"
    CHECKED = "checked"
    PRE_APPROVED = "pre_approved"
    PAID = "paid"
    DISPUTED = "disputed"


class InvoiceLineMatch(StrEnum):
    UNCHECKED = "unchecked"
    MATCHED = "matched"
    NOT_APPROVED = "not_approved"
    HOURS_DIFFER = "hours_differ"
    ALREADY_BILLED = "already_billed"


class GrievanceKind(StrEnum):
    INDIVIDUAL = "individual"
    COLLECTIVE = "collective"
    UNION = "union"


class GrievanceNature(StrEnum):
    DISMISSAL = "dismissal"
    DISCIPLINE = "discipline"
    SENIORITY = "seniority"
    POSTING = "posting"
    PAY = "pay"
    OVERTIME = "overtime"
    SCHEDULE = "schedule"
    VACATION = "vacation"
    LEAVE = "leave"
    HARASSMENT = "harassment"
    HEALTH_SAFETY = "health_safety"
    WORKLOAD = "workload"
    SUBCONTRACTING = "subcontracting"
    UNION_RIGHTS = "union_rights"
    INSURANCE = "insurance"
    DISABILITY = "disability"
    JOB_TITLE = "job_title"
    OTHER = "other"


class GrievanceStatus(StrEnum):
    DRAFT = "draft"
    FILED = "filed"
    IN_DISCUSSION = "in_discussion"
    REFERRED = "referred_to_arbitration"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"
    AWARDED = "awarded"


class Outcome(StrEnum):
    UPHELD = "upheld"
    PARTLY_UPHELD = "partly_upheld"
    DISMISSED = "dismissed"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"


class ArbitrationProcedure(StrEnum):
    REGULAR = "regular"
    SUMMARY = "summary"
    MEDICAL = "medical"


class ArbitrationStatus(StrEnum):
    PENDING = "pending"
    SCHEDULED = "scheduled"
    UNDER_ADVISEMENT = "under_advisement"
    AWARD_RENDERED = "award_rendered"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"


class HearingKind(StrEnum):
    HEARING = "hearing"
    CONFERENCE_CALL = "conference_call"
    POSTPONED = "postponed"


class AgreementKind(StrEnum):
    SETTLEMENT = "settlement"
    LOCAL_AGREEMENT = "local_agreement"
    LETTER_OF_UNDERSTANDING = "letter_of_understanding"


class AgreementStatus(StrEnum):
    DRAFT = "draft"
    SIGNED = "signed"
    IMPLEMENTED = "implemented"
    CANCELLED = "cancelled"


class RecourseForum(StrEnum):
    TAT = "TAT"
    CNESST = "CNESST"
    SUPERIOR_COURT = "superior_court"
    COURT_OF_APPEAL = "court_of_appeal"
    CDPDJ = "CDPDJ"
    PAY_EQUITY = "pay_equity"


class RecourseKind(StrEnum):
    TAT_COMPLAINT = "tat_complaint"
    FAIR_REPRESENTATION = "fair_representation"
    CNESST_REVIEW = "cnesst_review"
    CNESST_CONTESTATION = "cnesst_contestation"
    JUDICIAL_REVIEW = "judicial_review"
    PAY_EQUITY_COMPLAINT = "pay_equity_complaint"
    HUMAN_RIGHTS_COMPLAINT = "human_rights_complaint"
    HARASSMENT_COMPLAINT = "harassment_complaint"
    CIVIL_ACTION = "civil_action"


class RecourseStatus(StrEnum):
    TO_FILE = "to_file"
    FILED = "filed"
    IN_PROGRESS = "in_progress"
    DECIDED = "decided"
    APPEALED = "appealed"
    SETTLED = "settled"
    WITHDRAWN = "withdrawn"


class DeadlineUnit(StrEnum):
    DAYS = "days"
    WORKING_DAYS = "working_days"
    MONTHS = "months"
    YEARS = "years"


class DeadlineTrigger(StrEnum):
    EVENT = "event"
    KNOWLEDGE = "knowledge"
    NOTIFICATION = "notification"
    LAST_INCIDENT = "last_incident"
    LAST_HEARING = "last_hearing"


class DeadlineKind(StrEnum):
    STRICT = "strict"
    PRESCRIPTION = "prescription"


class DeadlineStatus(StrEnum):
    OPEN = "open"
    MET = "met"
    EXTENDED = "extended"
    WAIVED = "waived"
