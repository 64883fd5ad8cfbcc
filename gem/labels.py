"""French labels of the coded values stored in the database (translated through gem.i18n),
shared by the window, the reports and the CLI so all three name things the same way."""

from __future__ import annotations

from gem.i18n import N_, tr
from gem.models import enums as e
from gem.services.workflow import status_label

LABELS: dict[str, dict[str, str]] = {
    "role": {e.Role.ADMIN: N_("Administrateur"), e.Role.COORDINATOR: N_("Coordonnateur"),
             e.Role.COUNSELLOR: N_("Conseiller en relations du travail"),
             e.Role.SECRETARY: N_("Secrétaire de direction"),
             e.Role.READ_ONLY: N_("Lecture seule")},
    "institution_type": {e.InstitutionType.CISSS: "CISSS", e.InstitutionType.CIUSSS: "CIUSSS",
                         e.InstitutionType.NON_MERGED: N_("Établissement non fusionné"),
                         e.InstitutionType.REGIONAL: N_("Centre régional"),
                         e.InstitutionType.NORTHERN: N_("Établissement nordique"),
                         e.InstitutionType.CREE: N_("Conseil cri"),
                         e.InstitutionType.SANTE_QUEBEC: "Santé Québec",
                         e.InstitutionType.OTHER: N_("Autre")},
    "employment_status": {e.EmploymentStatus.FULL_TIME: N_("Temps complet"),
                          e.EmploymentStatus.PART_TIME: N_("Temps partiel"),
                          e.EmploymentStatus.OCCASIONAL: N_("Occasionnel")},
    "member_status": {e.MemberStatus.ACTIVE: N_("Actif"), e.MemberStatus.LEFT: N_("Parti")},
    "leave_type": {e.LeaveType.UNION_BUSINESS: N_("Affaires syndicales"),
                   e.LeaveType.GRIEVANCE_HEARING: N_("Audience de grief"),
                   e.LeaveType.NEGOTIATION: N_("Négociation"),
                   e.LeaveType.TRAINING: N_("Formation"),
                   e.LeaveType.CONVENTION: N_("Congrès"),
                   e.LeaveType.FULL_TIME_RELEASE: N_("Libération à temps plein")},
    "leave_payment": {e.LeavePayment.PAID_BY_EMPLOYER: N_("Payée par l'employeur"),
                      e.LeavePayment.REIMBURSED_BY_UNION: N_("Remboursée par le syndicat")},
    "leave_status": {e.LeaveStatus.REQUESTED: N_("Demandée"), e.LeaveStatus.APPROVED:
                     N_("Approuvée"), e.LeaveStatus.REFUSED: N_("Refusée"),
                     e.LeaveStatus.CANCELLED: N_("Annulée")},
    "invoice_status": {e.InvoiceStatus.RECEIVED: N_("Reçue"), e.InvoiceStatus.CHECKED:
                       N_("Vérifiée"), e.InvoiceStatus.PRE_APPROVED: N_("Préapprouvée"),
                       e.InvoiceStatus.PAID: N_("Payée"), e.InvoiceStatus.DISPUTED:
                       N_("Contestée")},
    "invoice_match": {e.InvoiceLineMatch.UNCHECKED: N_("Non vérifiée"),
                      e.InvoiceLineMatch.MATCHED: N_("Conforme"),
                      e.InvoiceLineMatch.NOT_APPROVED: N_("Libération non approuvée"),
                      e.InvoiceLineMatch.HOURS_DIFFER: N_("Heures différentes"),
                      e.InvoiceLineMatch.ALREADY_BILLED: N_("Déjà facturée")},
    "grievance_kind": {e.GrievanceKind.INDIVIDUAL: N_("Individuel"),
                       e.GrievanceKind.COLLECTIVE: N_("Collectif"),
                       e.GrievanceKind.UNION: N_("Syndical")},
    "grievance_nature": {
        e.GrievanceNature.DISMISSAL: N_("Congédiement"),
        e.GrievanceNature.DISCIPLINE: N_("Mesure disciplinaire"),
        e.GrievanceNature.SENIORITY: N_("Ancienneté"),
        e.GrievanceNature.POSTING: N_("Affichage de poste"),
        e.GrievanceNature.PAY: N_("Rémunération"),
        e.GrievanceNature.OVERTIME: N_("Temps supplémentaire"),
        e.GrievanceNature.SCHEDULE: N_("Horaire de travail"),
        e.GrievanceNature.VACATION: N_("Vacances"),
        e.GrievanceNature.LEAVE: N_("Congés"),
        e.GrievanceNature.HARASSMENT: N_("Harcèlement psychologique"),
        e.GrievanceNature.HEALTH_SAFETY: N_("Santé et sécurité"),
        e.GrievanceNature.WORKLOAD: N_("Charge de travail"),
        e.GrievanceNature.SUBCONTRACTING: N_("Sous-traitance"),
        e.GrievanceNature.UNION_RIGHTS: N_("Droits syndicaux"),
        e.GrievanceNature.INSURANCE: N_("Assurances"),
        e.GrievanceNature.DISABILITY: N_("Invalidité"),
        e.GrievanceNature.JOB_TITLE: N_("Titre d'emploi"),
        e.GrievanceNature.OTHER: N_("Autre")},
    "outcome": {e.Outcome.UPHELD: N_("Accueilli"), e.Outcome.PARTLY_UPHELD:
                N_("Accueilli en partie"), e.Outcome.DISMISSED: N_("Rejeté"),
                e.Outcome.SETTLED: N_("Réglé"), e.Outcome.WITHDRAWN: N_("Désisté")},
    "arbitration_procedure": {e.ArbitrationProcedure.REGULAR: N_("Régulière"),
                              e.ArbitrationProcedure.SUMMARY: N_("Sommaire"),
                              e.ArbitrationProcedure.MEDICAL: N_("Médicale")},
    "hearing_kind": {e.HearingKind.HEARING: N_("Audience"),
                     e.HearingKind.CONFERENCE_CALL: N_("Conférence téléphonique"),
                     e.HearingKind.POSTPONED: N_("Remise")},
    "agreement_kind": {e.AgreementKind.SETTLEMENT: N_("Entente de règlement"),
                       e.AgreementKind.LOCAL_AGREEMENT: N_("Dispositions locales"),
                       e.AgreementKind.LETTER_OF_UNDERSTANDING: N_("Lettre d'entente")},
    "agreement_status": {e.AgreementStatus.DRAFT: N_("Projet"),
                         e.AgreementStatus.SIGNED: N_("Signée"),
                         e.AgreementStatus.IMPLEMENTED: N_("Mise en œuvre"),
                         e.AgreementStatus.CANCELLED: N_("Annulée")},
    "recourse_forum": {e.RecourseForum.TAT: N_("Tribunal administratif du travail"),
                       e.RecourseForum.CNESST: "CNESST",
                       e.RecourseForum.SUPERIOR_COURT: N_("Cour supérieure"),
                       e.RecourseForum.COURT_OF_APPEAL: N_("Cour d'appel"),
                       e.RecourseForum.CDPDJ: "CDPDJ",
                       e.RecourseForum.PAY_EQUITY: N_("CNESST (équité salariale)")},
    "recourse_kind": {e.RecourseKind.TAT_COMPLAINT: N_("Plainte au TAT"),
                      e.RecourseKind.FAIR_REPRESENTATION: N_("Devoir de juste représentation"),
                      e.RecourseKind.CNESST_REVIEW: N_("Demande de révision CNESST"),
                      e.RecourseKind.CNESST_CONTESTATION: N_("Contestation CNESST au TAT"),
                      e.RecourseKind.JUDICIAL_REVIEW: N_("Pourvoi en contrôle judiciaire"),
                      e.RecourseKind.PAY_EQUITY_COMPLAINT: N_("Plainte en équité salariale"),
                      e.RecourseKind.HUMAN_RIGHTS_COMPLAINT: N_("Plainte à la CDPDJ"),
                      e.RecourseKind.HARASSMENT_COMPLAINT: N_("Plainte pour harcèlement"),
                      e.RecourseKind.CIVIL_ACTION: N_("Action civile")},
    "deadline_status": {e.DeadlineStatus.OPEN: N_("À respecter"),
                        e.DeadlineStatus.MET: N_("Respecté"),
                        e.DeadlineStatus.EXTENDED: N_("Prolongé"),
                        e.DeadlineStatus.WAIVED: N_("Abandonné")},
    "language": {e.Language.FR: N_("Français"), e.Language.EN: N_("Anglais")},
}


def label(kind: str, code: str | None, lang: str | None = None) -> str:
    """The translated label of a code; status codes go through their workflow."""
    if code is None:
        return ""
    if kind.endswith("_status") and kind.split("_")[0] in ("grievance", "arbitration",
                                                           "recourse"):
        return status_label(kind.split("_")[0], code, lang)
    return tr(LABELS.get(kind, {}).get(code, code), lang)


def choices(kind: str, lang: str | None = None) -> list[tuple[str, str]]:
    """(code, label) pairs in display order, for combo boxes and report legends."""
    return [(code, tr(text, lang)) for code, text in LABELS.get(kind, {}).items()]
