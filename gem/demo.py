"""Realistic, reproducible demo data: ``gem demo`` fills an empty database with a union's worth
of members, staff, grievances and everything around them.

Why it is written the way it is:

- Reproducible: one ``random.Random(seed)`` drives every choice and the reference date ("today")
  is a parameter, so a seed gives the same members, files and numbers on SQLite and PostgreSQL;
  bug reports and screenshots can name a member of the demo.
- Fast: 65,000 members and 100,000 grievances must load in under two minutes on a two-core
  workstation. Rows are built as plain dicts and written with Core ``executemany`` in chunks
  (ORM ``add_all`` is about ten times slower), in one transaction, with ids chosen here so
  children can point at parents without a round trip. Grievances are generated and written in
  chunks so memory stays flat.
- Consistent: dates follow the life of a file (event <= knowledge <= filed <= closed <= today;
  hearings after the referral; awards after the last hearing), ``last_activity_at`` is the date of
  the last timeline event, statuses of grievances, arbitrations and agreements agree, and the
  search keys are computed with the same ``search_key`` the services use.
- Safe: it refuses a database that already holds members or grievances; it never deletes.
- Finished or nothing: every row is written in one transaction whose last row is the
  ``demo_built`` audit entry (gem/services/demo_accounts.py), so that entry exists exactly when
  the demo is whole; the sign-in dialog and tools/demo.sh trust it, not login names. A
  ``demo_started`` entry committed first lets a second run see that one began and did not
  finish (killed, or still running elsewhere) instead of filling the database twice.

No Qt here: the CLI and the window's "demo" action share this module.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Engine, Table, func, insert, select, text

from gem import clock, schema
from gem.i18n import N_
from gem.models import (
    Agreement,
    AgreementArticle,
    AgreementFollowUp,
    AgreementGrievance,
    Arbitration,
    ArbitrationGrievance,
    Arbitrator,
    AuditEntry,
    BargainingUnit,
    CollectiveAgreement,
    CounsellorAssignment,
    Deadline,
    EmploymentRecord,
    Grievance,
    GrievanceArticle,
    GrievanceEvent,
    GrievanceMember,
    Hearing,
    Institution,
    JobTitle,
    LeaveInvoice,
    LeaveInvoiceLine,
    Member,
    Recourse,
    UnionLeave,
    UnitOfficer,
    User,
)
from gem.models.base import table_of
from gem.models.enums import (
    AgreementKind,
    AgreementStatus,
    ArbitrationProcedure,
    ArbitrationStatus,
    EmploymentStatus,
    GrievanceKind,
    GrievanceNature,
    GrievanceStatus,
    HearingKind,
    InstitutionType,
    InvoiceLineMatch,
    InvoiceStatus,
    LeavePayment,
    LeaveStatus,
    LeaveType,
    MemberStatus,
    Outcome,
    RecourseForum,
    RecourseKind,
    RecourseStatus,
    Role,
)
from gem.models.text import search_key
from gem.services.actor import SYSTEM
from gem.services.demo_accounts import (
    DEMO_BUILT,
    DEMO_PASSWORD,
    DEMO_STARTED,
    DEMO_STOPPED,
    MARKER_ENTITY,
    DemoAccount,
    demo_state,
)
from gem.services.errors import GemError

CHUNK = 5000
START = date(2019, 1, 15)  # earliest filing date: the demo covers 2019 to today

Progress = Callable[[str, int, int], None]
"""``progress(step, done, total)``; ``step`` is an untranslated French message id."""


class DemoError(GemError):
    msgid = N_("Cette base de données contient déjà {members} membres et {grievances} griefs : "
               "« gem demo » ne remplit qu'une base vide et n'efface jamais rien. "
               "Indiquez une autre base avec --database (un nouveau fichier SQLite ou une "
               "nouvelle base PostgreSQL).")


class DemoInterrupted(GemError):
    """A demo began on this database and never wrote its closing entry."""

    msgid = N_("Un « gem demo » a commencé sur cette base le {at} et ne s'est pas terminé : "
               "il a été interrompu, ou il tourne encore ailleurs. S'il ne tourne plus, "
               "recréez la base {database} (dropdb puis createdb) et relancez « gem demo ».")


class DemoInterruptedFile(DemoInterrupted):
    msgid = N_("Un « gem demo » a commencé dans ce fichier le {at} et ne s'est pas terminé : "
               "il a été interrompu, ou il tourne encore ailleurs. S'il ne tourne plus, "
               "supprimez le fichier {path} et relancez « gem demo ».")


@dataclass
class DemoSummary:
    """What was generated, for the CLI's closing message and the audit entry."""

    counts: dict[str, int] = field(default_factory=dict)
    accounts: list[DemoAccount] = field(default_factory=list)
    password: str = DEMO_PASSWORD
    seed: int = 0
    today: date | None = None
    seconds: float = 0.0


# --------------------------------------------------------------------------- name pools
LAST_NAMES = (
    "Tremblay Gagnon Roy Côté Bouchard Gauthier Morin Lavoie Fortin Gagné Ouellet Pelletier "
    "Bélanger Lévesque Bergeron Leblanc Paquette Girard Simard Boucher Caron Beaulieu Cloutier "
    "Dubé Poirier Fournier Lapointe Leclerc Lefebvre Poulin Thibault St-Pierre Nadeau Martin "
    "Landry Martel Bédard Grenier Lessard Bernier Richard Michaud Hébert Desjardins Couture "
    "Turcotte Lachance Parent Blais Gosselin Savard Proulx Beaudoin Demers Perreault Boudreau "
    "Lemieux Cyr Perron Dufour Dion Mercier Bolduc Bérubé Boisvert Langlois Ménard Therrien "
    "Plante Bilodeau Blanchette Dussault Lacroix Guay Fortier Charbonneau Lemay Pépin Champagne "
    "Rousseau Vachon Tessier Labbé Carrier Jacques Gendron Audet Deschênes Rioux Brassard "
    "Émond Giroux Villeneuve Chabot Vézina Marcoux Larouche Côté-Rioux Paradis Godin Lapierre "
    "Bourque Tanguay Allard Légaré Beauchamp Pouliot Dumont Rivard Hamel Labelle Gingras "
    "Brisson Frenette Arsenault Séguin Fréchette Lachapelle Daigle Desrosiers Ferland Béliveau "
    "Lamontagne Cormier Gravel Veilleux Bisson Trudel Leduc Huot Noël Lalonde Robitaille Gilbert "
    "Duchesne Jean Laflamme Goulet Bergeron Ouimet Leroux Lacasse Lafrance Valois Auger Asselin "
    "Lafleur Doyon Brochu Desrochers Houle Paré Lévêque Bourassa Thériault Laliberté Bégin Roussel "
    "Harvey Mailloux Gaudreault Fontaine Sirois Boivin Laplante Dupuis Lepage Racine Savoie "
    "Chénard Gélinas Boulanger Lavallée Drouin Laroche Côte Massé Brunet Hudon Normandeau "
    "Aubé Bissonnette Nolin Lamarche Rochette Duval Painchaud Beauregard Léger Trépanier Goyette "
    "Marchand Sauvé Tardif Jutras Létourneau Picard Vaillancourt Roberge Ducharme Quintal "
    "O'Neill McDuff Nguyen Tran Diallo Haddad Khoury Joseph Pierre-Louis Jean-Baptiste "
    "Bouchard-Gagnon Saint-Onge Desbiens Boily Chiasson Dallaire Fecteau Gauvin Hétu Jobin"
).split()
FEMALE_FIRST = (
    "Marie Julie Isabelle Nathalie Sophie Catherine Chantal Sylvie Geneviève Hélène Mélanie "
    "Véronique Valérie Karine Annie Caroline Stéphanie Émilie Audrey Josée Manon Johanne "
    "Louise Nicole Francine Lucie Diane Danielle Marie-Ève Marie-Claude Marie-Josée Anne-Marie "
    "Marie-Pier Ève Élise Éliane Noémie Léa Chloé Camille Justine Rosalie Maude Andrée Ginette "
    "Mireille Brigitte Céline France Line Suzanne Linda Martine Sonia Patricia Jacinthe Myriam "
    "Gabrielle Laurence Frédérique Roxanne Kim Amélie Mélissa Marilyne Vanessa Joëlle Zoé "
    "Béatrice Agathe Solange Réjeanne Thérèse Cécile Madeleine Aïcha Fatima Nadia Yasmina "
    "Rachelle Dominique Pascale Claudine"
).split()
MALE_FIRST = (
    "Jean Pierre Michel Daniel François Luc Stéphane Martin Sylvain Éric Patrick Mathieu "
    "Sébastien Jérôme Frédéric Benoît Guillaume Alexandre Maxime Olivier Simon David Louis "
    "Marc-André Jean-François Jean-Philippe Pierre-Luc Jean-Sébastien Philippe Charles Félix "
    "Gabriel Samuel William Antoine Étienne Hugo Nicolas Vincent Yves Gilles Réjean André "
    "Normand Denis Richard Serge Robert Claude Gaétan Raymond Alain Bruno Carl Dominic Jonathan "
    "Kevin Francis Hugues Rémi Noël Cédric Jérémie Thierry Ghislain Léo Émile Raphaël Zacharie "
    "Mohamed Karim Youssef Jacques Marcel Roger"
).split()
STREETS = ("rue Principale", "rue Saint-Jean", "boulevard René-Lévesque", "rue des Érables",
           "avenue du Parc", "rue Notre-Dame", "chemin Sainte-Foy", "rue Sherbrooke",
           "boulevard Saint-Laurent", "rue King Ouest", "rue de l'Église", "rang Saint-Joseph",
           "avenue Laurier", "rue Racine", "boulevard Talbot", "rue Wellington")
CITIES = {
    "01": ("Rimouski", "G"), "02": ("Saguenay", "G"), "03": ("Québec", "G"),
    "04": ("Trois-Rivières", "G"), "05": ("Sherbrooke", "J"), "06": ("Montréal", "H"),
    "07": ("Gatineau", "J"), "08": ("Rouyn-Noranda", "J"), "09": ("Baie-Comeau", "G"),
    "10": ("Chibougamau", "G"), "11": ("Gaspé", "G"), "12": ("Lévis", "G"),
    "13": ("Laval", "H"), "14": ("Joliette", "J"), "15": ("Saint-Jérôme", "J"),
    "16": ("Longueuil", "J"), "17": ("Kuujjuaq", "J"), "18": ("Chisasibi", "J"),
}
AREA_CODES = {"01": ("418", "581"), "02": ("418", "581"), "03": ("418", "581"),
              "04": ("819", "873"), "05": ("819", "873"), "06": ("514", "438"),
              "07": ("819", "873"), "08": ("819",), "09": ("418",), "10": ("418",),
              "11": ("418",), "12": ("418", "581"), "13": ("450", "579"), "14": ("450", "579"),
              "15": ("450", "579"), "16": ("450", "579"), "17": ("819",), "18": ("819",)}

# --------------------------------------------------------------------------- agreement articles
ARTICLES = (
    ("1", "Définitions"), ("2", "Objet de la convention"), ("3", "Reconnaissance"),
    ("4", "Régime syndical"), ("5", "Cotisation syndicale"), ("6", "Libérations syndicales"),
    ("7", "Comité de relations de travail"), ("8", "Procédure de règlement des griefs"),
    ("9", "Arbitrage"), ("10", "Mesures disciplinaires"), ("11", "Période de probation"),
    ("12", "Ancienneté"), ("13", "Affichage des postes"),
    ("14", "Procédure de supplantation et de mise à pied"), ("15", "Sécurité d'emploi"),
    ("16", "Heures de travail"), ("17", "Temps supplémentaire"), ("18", "Disponibilité"),
    ("19", "Jours fériés"), ("20", "Congé annuel"), ("21", "Congés spéciaux"),
    ("22", "Droits parentaux"), ("23", "Régimes d'assurance vie, maladie et salaire"),
    ("24", "Santé et sécurité au travail"), ("25", "Harcèlement psychologique et sexuel"),
    ("26", "Règles de rémunération"), ("27", "Primes et suppléments"),
    ("28", "Allocations de déplacement"), ("29", "Sous-traitance"), ("30", "Charge de travail"),
    ("31", "Développement des ressources humaines"), ("32", "Ordres professionnels"),
    ("33", "Titres d'emploi et nomenclature"),
)
AGREEMENTS = (
    # name, short name, valid from, valid to
    ("Convention collective 2016-2020 (dispositions nationales, catégorie 4)", "CC 2016-2020",
     date(2016, 4, 1), date(2023, 3, 31)),
    ("Convention collective 2023-2028 (dispositions nationales, catégorie 4)", "CC 2023-2028",
     date(2023, 4, 1), date(2028, 3, 31)),
)

# nature: weight, articles invoked, titles, what happened, remedy sought, may claim an amount
NATURES: dict[str, tuple[float, tuple[str, ...], tuple[str, ...], str, str, bool]] = {
    GrievanceNature.DISMISSAL: (3, ("10", "11"), (
        "Congédiement injustifié", "Fin d'emploi en période de probation",
        "Congédiement administratif"),
        "l'employeur a mis fin à l'emploi de la personne salariée sans cause juste et suffisante",
        "Annuler le congédiement, réintégrer la personne salariée avec tous ses droits et "
        "rembourser le salaire perdu avec intérêts", True),
    GrievanceNature.DISCIPLINE: (9, ("10",), (
        "Suspension sans solde", "Avis disciplinaire au dossier", "Réprimande écrite",
        "Suspension administrative prolongée"),
        "l'employeur a imposé une mesure disciplinaire disproportionnée",
        "Annuler la mesure, la retirer du dossier et rembourser toute perte de salaire", True),
    GrievanceNature.SENIORITY: (6, ("12",), (
        "Calcul de l'ancienneté contesté", "Ancienneté accumulée non reconnue"),
        "l'employeur n'a pas reconnu l'ancienneté accumulée",
        "Corriger la liste d'ancienneté et compenser tout préjudice", False),
    GrievanceNature.POSTING: (9, ("13", "12"), (
        "Poste octroyé à une personne moins ancienne", "Affichage de poste non conforme",
        "Exigences de poste abusives"),
        "l'employeur a octroyé le poste affiché à une personne salariée ayant moins d'ancienneté",
        "Octroyer le poste à la personne plaignante et compenser la perte de salaire", True),
    GrievanceNature.PAY: (10, ("26", "27"), (
        "Erreur d'échelon salarial", "Prime non versée", "Rétroactivité salariale non versée",
        "Prime de soir et de nuit non payée"),
        "l'employeur n'a pas versé la rémunération prévue à la convention collective",
        "Verser les sommes dues avec intérêts selon l'article 100.12 du Code du travail", True),
    GrievanceNature.OVERTIME: (10, ("17", "16"), (
        "Temps supplémentaire non offert par ancienneté", "Temps supplémentaire obligatoire",
        "Temps supplémentaire non rémunéré"),
        "l'employeur a imposé du temps supplémentaire ou ne l'a pas offert selon l'ancienneté",
        "Cesser de contrevenir à la convention et payer les heures perdues au taux majoré", True),
    GrievanceNature.SCHEDULE: (7, ("16", "18"), (
        "Modification d'horaire sans préavis", "Refus d'horaire atypique",
        "Horaire de fin de semaine imposé"),
        "l'employeur a modifié l'horaire de travail sans respecter le préavis requis",
        "Rétablir l'horaire et compenser tout préjudice", False),
    GrievanceNature.VACATION: (6, ("20", "19"), (
        "Refus de la période de congé annuel demandée", "Report du congé annuel refusé",
        "Jour férié non remis"),
        "l'employeur a refusé la période de congé annuel choisie selon l'ancienneté",
        "Accorder le congé demandé ou compenser la perte", True),
    GrievanceNature.LEAVE: (6, ("21", "22"), (
        "Refus de congé sans solde", "Congé parental refusé",
        "Refus de congé pour obligations familiales"),
        "l'employeur a refusé un congé prévu à la convention collective",
        "Accorder le congé et compenser tout préjudice", False),
    GrievanceNature.HARASSMENT: (4, ("25",), (
        "Harcèlement psychologique", "Climat de travail malsain", "Harcèlement sexuel"),
        "la personne salariée subit une conduite vexatoire répétée sans que l'employeur "
        "intervienne",
        "Faire cesser le harcèlement, prendre les moyens raisonnables pour le prévenir et "
        "verser des dommages moraux et punitifs", True),
    GrievanceNature.HEALTH_SAFETY: (4, ("24",), (
        "Équipement de protection insuffisant", "Retrait préventif refusé",
        "Exposition à un risque non corrigé"),
        "l'employeur n'a pas pris les mesures nécessaires pour protéger la santé et la "
        "sécurité",
        "Prendre les mesures correctrices et compenser tout préjudice", False),
    GrievanceNature.WORKLOAD: (6, ("30",), (
        "Surcharge de travail", "Ratio professionnel non respecté",
        "Ajout de tâches sans ressources"),
        "l'employeur a alourdi la charge de travail au-delà de ce qui est raisonnable",
        "Rétablir une charge de travail raisonnable et compenser le travail supplémentaire",
        False),
    GrievanceNature.SUBCONTRACTING: (2, ("29", "15"), (
        "Recours à une agence de personnel", "Sous-traitance d'activités de laboratoire"),
        "l'employeur a confié à un sous-traitant du travail normalement fait par les "
        "personnes salariées de l'unité",
        "Cesser la sous-traitance et compenser les personnes salariées touchées", False),
    GrievanceNature.UNION_RIGHTS: (4, ("4", "6", "3"), (
        "Refus de libération syndicale", "Entrave aux activités syndicales",
        "Information non transmise au syndicat"),
        "l'employeur a refusé de respecter les droits syndicaux prévus à la convention",
        "Respecter les droits syndicaux et verser des dommages", False),
    GrievanceNature.INSURANCE: (4, ("23",), (
        "Prestations d'assurance salaire cessées", "Refus d'assurance salaire"),
        "l'employeur a cessé de verser les prestations d'assurance salaire",
        "Rétablir les prestations et rembourser les sommes dues avec intérêts", True),
    GrievanceNature.DISABILITY: (4, ("23", "24"), (
        "Refus d'assignation temporaire", "Retour progressif au travail refusé",
        "Obligation d'accommodement non respectée"),
        "l'employeur a refusé d'accommoder la personne salariée à son retour au travail",
        "Accommoder la personne salariée et compenser le salaire perdu", True),
    GrievanceNature.JOB_TITLE: (4, ("33", "26"), (
        "Titre d'emploi non conforme aux tâches", "Reclassement refusé"),
        "les tâches exigées correspondent à un titre d'emploi mieux rémunéré",
        "Reclasser la personne salariée et verser la différence de salaire rétroactivement",
        True),
    GrievanceNature.OTHER: (2, ("2", "7"), (
        "Mésentente sur l'application de la convention", "Frais de déplacement non remboursés"),
        "l'employeur applique la convention collective d'une manière contraire à son texte",
        "Respecter la convention collective et compenser tout préjudice", False),
}
WITHDRAWAL_REASONS = ("Désistement : la personne salariée a quitté l'établissement",
                      "Désistement : correctif apporté par l'employeur",
                      "Désistement : preuve insuffisante après analyse",
                      "Désistement à la demande de la personne salariée")
SETTLEMENT_REASONS = ("Règlement : entente signée entre les parties",
                      "Règlement au comité de relations de travail",
                      "Règlement en conciliation prégrief")
# Timeline kinds follow GrievanceService: "created", the status reached, or "note".
FILLER_EVENTS = (
    ("note", "Rencontre avec l'employeur dans le cadre de la procédure de grief"),
    ("note", "Documents demandés à l'employeur"),
    ("reply", "Réponse écrite de l'employeur reçue"),
    ("note", "Entretien téléphonique avec la personne plaignante"),
    ("note", "Analyse du dossier par la conseillère ou le conseiller"),
    ("note", "Discussion au comité de relations de travail"),
)
ARBITRATION_LOCATIONS = ("Visioconférence (Teams)", "Bureaux de l'arbitre, Montréal",
                         "Bureaux de l'arbitre, Québec", "Salle de conférence de l'établissement",
                         "Palais de justice, salle 4.12")

# Path of a grievance: weight, final grievance status, arbitration status (None: no arbitration).
PATHS: tuple[tuple[float, GrievanceStatus, ArbitrationStatus | None], ...] = (
    (3.0, GrievanceStatus.DRAFT, None),
    (16.0, GrievanceStatus.FILED, None),
    (20.0, GrievanceStatus.IN_DISCUSSION, None),
    (1.5, GrievanceStatus.REFERRED, ArbitrationStatus.PENDING),
    (1.85, GrievanceStatus.REFERRED, ArbitrationStatus.SCHEDULED),
    (0.9, GrievanceStatus.REFERRED, ArbitrationStatus.UNDER_ADVISEMENT),
    (2.1, GrievanceStatus.AWARDED, ArbitrationStatus.AWARD_RENDERED),
    (32.45, GrievanceStatus.SETTLED, None),
    (1.2, GrievanceStatus.SETTLED, ArbitrationStatus.SETTLED),
    (20.0, GrievanceStatus.WITHDRAWN, None),
    (1.0, GrievanceStatus.WITHDRAWN, ArbitrationStatus.WITHDRAWN),
)

RECOURSE_KINDS: tuple[tuple[RecourseKind, RecourseForum, int, float], ...] = (
    # kind, forum, delay in days from notification, weight
    (RecourseKind.CNESST_REVIEW, RecourseForum.CNESST, 30, 5),
    (RecourseKind.CNESST_CONTESTATION, RecourseForum.TAT, 60, 4),
    (RecourseKind.FAIR_REPRESENTATION, RecourseForum.TAT, 183, 1),
    (RecourseKind.TAT_COMPLAINT, RecourseForum.TAT, 30, 2),
    (RecourseKind.HARASSMENT_COMPLAINT, RecourseForum.TAT, 730, 2),
    (RecourseKind.JUDICIAL_REVIEW, RecourseForum.SUPERIOR_COURT, 30, 1),
    (RecourseKind.PAY_EQUITY_COMPLAINT, RecourseForum.PAY_EQUITY, 60, 1),
    (RecourseKind.HUMAN_RIGHTS_COMPLAINT, RecourseForum.CDPDJ, 1095, 1),
    (RecourseKind.CIVIL_ACTION, RecourseForum.SUPERIOR_COURT, 1095, 0.5),
)
RECOURSE_STATUSES = ((RecourseStatus.TO_FILE, 8), (RecourseStatus.FILED, 18),
                     (RecourseStatus.IN_PROGRESS, 24), (RecourseStatus.DECIDED, 24),
                     (RecourseStatus.APPEALED, 5), (RecourseStatus.SETTLED, 12),
                     (RecourseStatus.WITHDRAWN, 9))
CONTESTED = {
    RecourseKind.CNESST_REVIEW: "Décision de la CNESST refusant la réclamation pour lésion "
                                "professionnelle",
    RecourseKind.CNESST_CONTESTATION: "Décision de la CNESST à la suite d'une révision "
                                      "administrative",
    RecourseKind.FAIR_REPRESENTATION: None,
    RecourseKind.TAT_COMPLAINT: "Mesure de représailles à la suite de l'exercice d'un droit",
    RecourseKind.HARASSMENT_COMPLAINT: None,
    RecourseKind.JUDICIAL_REVIEW: "Sentence arbitrale",
    RecourseKind.PAY_EQUITY_COMPLAINT: "Évaluation du maintien de l'équité salariale",
    RecourseKind.HUMAN_RIGHTS_COMPLAINT: None,
    RecourseKind.CIVIL_ACTION: None,
}


# --------------------------------------------------------------------------- helpers
def _ascii(name: str) -> str:
    """'Côté-Bélanger' -> 'cote-belanger', for e-mail addresses and logins."""
    return search_key(name).replace(" ", "-")


def _weekday(d: date, forward: bool = True) -> date:
    step = timedelta(days=1 if forward else -1)
    while d.weekday() >= 5:
        d += step
    return d


def _at(d: date, rng: random.Random) -> datetime:
    """A working-hours moment on day ``d`` (UTC, as the database stores it)."""
    return datetime.combine(d, time(rng.randint(13, 21), rng.randint(0, 59)), tzinfo=UTC)


def _money(value: float) -> Decimal:
    return Decimal(f"{value:.2f}")


def _weighted(rng: random.Random, items: Sequence[Any], weights: Sequence[float], k: int
              ) -> list[Any]:
    return rng.choices(items, weights=weights, k=k)


class _Writer:
    """Buffers rows per table and writes them with one executemany per chunk."""

    def __init__(self, conn: Connection):
        self.conn = conn
        self.buffers: dict[Table, list[dict[str, Any]]] = {}
        self.counts: dict[str, int] = {}

    def add(self, table: Table, row: dict[str, Any]) -> None:
        rows = self.buffers.setdefault(table, [])
        rows.append(row)
        if len(rows) >= CHUNK:
            self.flush(table)

    def extend(self, table: Table, rows: Iterable[dict[str, Any]]) -> None:
        for row in rows:
            self.add(table, row)

    def flush(self, table: Table | None = None) -> None:
        # Parents before children: buffers were created in insertion (dependency) order.
        tables = [table] if table is not None else list(self.buffers)
        if table is not None:
            # A child chunk may point at parents still buffered: write those first.
            for other in list(self.buffers):
                if other is table:
                    break
                self._write(other)
        for t in tables:
            self._write(t)

    def _write(self, table: Table) -> None:
        rows = self.buffers.get(table)
        if not rows:
            return
        if self.conn.dialect.name == "postgresql":
            self._copy(table, rows)
        else:
            self.conn.execute(table.insert(), rows)
        self.counts[table.name] = self.counts.get(table.name, 0) + len(rows)
        self.buffers[table] = []


    def _copy(self, table: Table, rows: list[dict[str, Any]]) -> None:
        """PostgreSQL: COPY in the same transaction. psycopg's executemany took ~120 s for the
        full demo; COPY takes a fraction. Omitted columns get their server defaults."""
        columns = list(rows[0])
        cursor = self.conn.connection.driver_connection.cursor()  # type: ignore[union-attr]
        names = ", ".join(f'"{c}"' for c in columns)
        with cursor.copy(f'COPY "{table.name}" ({names}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row([row[c] for c in columns])
        cursor.close()


def _next_id(conn: Connection, table: Table) -> int:
    return (conn.scalar(select(func.max(table.c.id))) or 0) + 1


# --------------------------------------------------------------------------- generator
@dataclass
class _Inst:
    id: int
    name: str
    region: str
    weight: float
    unit_id: int = 0
    counsellors: list[tuple[date, date | None, int]] = field(default_factory=list)
    members: list[int] = field(default_factory=list)

    def counsellor_on(self, day: date) -> int:
        for start, end, user_id in self.counsellors:
            if start <= day and (end is None or day <= end):
                return user_id
        return self.counsellors[-1][2]


@dataclass
class _Case:
    """The parts of a grievance that later steps (agreements, recourses) need."""

    id: int
    institution: _Inst
    member_id: int | None
    closed: date | None


class _Generator:
    def __init__(self, conn: Connection, members: int, grievances: int, seed: int, today: date,
                 progress: Progress | None):
        self.conn = conn
        self.n_members = members
        self.n_grievances = grievances
        self.rng = random.Random(seed)
        self.today = today
        self.progress = progress or (lambda step, done, total: None)
        self.w = _Writer(conn)
        self.tables = {m.__tablename__: table_of(m) for m in (
            User, CounsellorAssignment, BargainingUnit, UnitOfficer, Member, EmploymentRecord,
            CollectiveAgreement, AgreementArticle, Grievance, GrievanceMember, GrievanceArticle,
            GrievanceEvent, Arbitrator, Arbitration, ArbitrationGrievance, Hearing, Agreement,
            AgreementGrievance, AgreementFollowUp, UnionLeave, LeaveInvoice, LeaveInvoiceLine,
            Recourse, AuditEntry)}
        self.ids = {name: _next_id(conn, t) for name, t in self.tables.items()
                    if name in ("users", "bargaining_units", "members", "collective_agreements",
                                "agreement_articles", "grievances", "arbitrators",
                                "arbitrations", "agreements", "union_leaves", "leave_invoices")}
        self.accounts: list[DemoAccount] = []
        self.member_names: dict[int, str] = {}
        self.member_rate: dict[int, Decimal] = {}
        self.officers: list[int] = []
        self.cases: list[_Case] = []
        self.seq: dict[tuple[str, int], int] = {}

    # ------------------------------------------------------------------ small utilities
    def new_id(self, table: str) -> int:
        ident = self.ids[table]
        self.ids[table] = ident + 1
        return ident

    def number(self, prefix: str, year: int) -> str:
        """PREFIX-YEAR-NNNNN, the services' format (gem/services/files.py), so numbers the
        services hand out next year continue the demo's sequence."""
        n = self.seq.get((prefix, year), 0) + 1
        self.seq[(prefix, year)] = n
        return f"{prefix}-{year}-{n:05d}"

    def day_between(self, low: date, high: date) -> date:
        if high <= low:
            return low
        return low + timedelta(days=self.rng.randint(0, (high - low).days))

    def person(self) -> tuple[str, str]:
        rng = self.rng
        first = rng.choice(FEMALE_FIRST if rng.random() < 0.78 else MALE_FIRST)
        last = rng.choice(LAST_NAMES)
        if rng.random() < 0.04:
            other = rng.choice(LAST_NAMES)
            if other != last and "-" not in last + other:
                last = f"{last}-{other}"
        return first, last

    def phone(self, region: str) -> str:
        rng = self.rng
        return (f"{rng.choice(AREA_CODES.get(region, ('514',)))} "
                f"{rng.randint(200, 999)}-{rng.randint(0, 9999):04d}")

    # ------------------------------------------------------------------ reference data
    def load_reference(self) -> None:
        rows = self.conn.execute(
            select(Institution.id, Institution.name, Institution.type, Institution.region_code)
            .where(Institution.type != InstitutionType.SANTE_QUEBEC).order_by(Institution.id))
        weights = {InstitutionType.CIUSSS: 5.0, InstitutionType.CISSS: 3.5,
                   InstitutionType.NON_MERGED: 2.0}
        self.institutions = [_Inst(r.id, r.name, r.region_code or "06", weights.get(r.type, 0.3))
                             for r in rows]
        if not self.institutions:
            raise GemError(N_("Aucun établissement dans la base : les données de référence "
                              "manquent."))
        self.job_titles = list(self.conn.scalars(select(JobTitle.id).order_by(JobTitle.id)))

    # ------------------------------------------------------------------ staff
    def users(self, password_hash: str) -> None:
        rng = self.rng
        taken = set(self.conn.scalars(select(User.login)))
        # how many accounts of each role (a head count, not a permission: gem.services.policy)
        roles = ([Role.ADMIN] + [Role.COORDINATOR] * 2
                 + [Role.COUNSELLOR] * rng.randint(12, 15) + [Role.SECRETARY] * 4
                 + [Role.READ_ONLY])
        self.counsellors: list[int] = []
        self.secretaries: list[int] = []
        self.coordinators: list[int] = []
        table = self.tables["users"]
        for role in roles:
            first, last = self.person()
            base = (_ascii(first)[0] + _ascii(last).replace("-", ""))[:36]
            login, n = base, 1
            while login in taken:
                n += 1
                login = f"{base}{n}"
            taken.add(login)
            ident = self.new_id("users")
            full = f"{first} {last}"
            self.w.add(table, {
                "id": ident, "login": login, "full_name": full,
                "email": f"{_ascii(first)}.{_ascii(last)}@syndicat-demo.qc.ca",
                "role": str(role), "language": "fr", "password_hash": password_hash,
                "active": True})
            self.accounts.append(DemoAccount(login, full, str(role)))
            {Role.COUNSELLOR: self.counsellors, Role.SECRETARY: self.secretaries,
             Role.COORDINATOR: self.coordinators}.get(role, []).append(ident)
        self.w.flush()

    def assignments(self) -> None:
        """Each institution has one counsellor; a few changed hands in mid-2023."""
        rng = self.rng
        table = self.tables["counsellor_assignments"]
        order = self.institutions[:]
        rng.shuffle(order)
        change = date(2023, 7, 1)
        for i, inst in enumerate(order):
            first = self.counsellors[i % len(self.counsellors)]
            if rng.random() < 0.2 and len(self.counsellors) > 1:
                second = rng.choice([c for c in self.counsellors if c != first])
                inst.counsellors = [(START - timedelta(days=365), change - timedelta(days=1),
                                     first), (change, None, second)]
            else:
                inst.counsellors = [(START - timedelta(days=365), None, first)]
            for start, end, user_id in inst.counsellors:
                self.w.add(table, {"user_id": user_id, "institution_id": inst.id,
                                   "valid_from": start, "valid_to": end})

    # ------------------------------------------------------------------ agreements in force
    def collective_agreements(self) -> None:
        self.articles: list[dict[str, int]] = []  # per agreement: article number -> id
        ca, art = self.tables["collective_agreements"], self.tables["agreement_articles"]
        self.agreement_ids: list[tuple[int, date]] = []
        for name, short, start, end in AGREEMENTS:
            ident = self.new_id("collective_agreements")
            self.w.add(ca, {"id": ident, "name": name, "short_name": short, "scope": "national",
                            "unit_id": None, "valid_from": start, "valid_to": end})
            numbers: dict[str, int] = {}
            for number, title in ARTICLES:
                aid = self.new_id("agreement_articles")
                numbers[number] = aid
                self.w.add(art, {"id": aid, "agreement_id": ident, "number": number,
                                 "title": title,
                                 "text": f"Article {number} — {title} ({short})."})
            self.articles.append(numbers)
            self.agreement_ids.append((ident, start))

    def agreement_on(self, day: date) -> int:
        """Index of the collective agreement in force on ``day``."""
        return 1 if day >= self.agreement_ids[1][1] else 0

    # ------------------------------------------------------------------ locals and members
    def units(self) -> None:
        table = self.tables["bargaining_units"]
        for n, inst in enumerate(self.institutions, start=1):
            inst.unit_id = self.new_id("bargaining_units")
            self.w.add(table, {
                "id": inst.unit_id, "institution_id": inst.id,
                "name": f"Section locale — {inst.name}"[:160],
                "local_number": f"L-{n:03d}",
                "certification_number": f"AQ-{2016 + n % 3}-{1000 + n * 37}",
                "valid_from": date(2017, 4, 1), "valid_to": None})

    def members(self) -> None:
        rng, today, n = self.rng, self.today, self.n_members
        members_t, jobs_t = self.tables["members"], self.tables["employment_records"]
        first_id = self.ids["members"]
        numbers = rng.sample(range(100000, 100000 + max(900000, 3 * n)), n)
        employee = rng.sample(range(1000000, 1000000 + max(9000000, 3 * n)), n)
        insts = _weighted(rng, self.institutions, [i.weight for i in self.institutions], n)
        titles = self.job_titles
        title_weights = [6 if i < 3 else (3 if i % 4 == 0 else 1) for i in range(len(titles))]
        title_ids = _weighted(rng, titles, title_weights, n)
        statuses = _weighted(rng, [EmploymentStatus.FULL_TIME, EmploymentStatus.PART_TIME,
                                   EmploymentStatus.OCCASIONAL], [60, 30, 10], n)
        folded: dict[str, str] = {}
        span = (today - date(1988, 1, 1)).days
        for i in range(n):
            ident = self.new_id("members")
            first, last = self.person()
            inst = insts[i]
            hire = today - timedelta(days=30 + int(rng.random() ** 1.6 * (span - 30)))
            status = statuses[i]
            years = (today - hire).days / 365.25
            factor = {"full_time": 1.0, "part_time": 0.6, "occasional": 0.25}[status]
            left = rng.random() < 0.07 and (today - hire).days > 400
            left_date = self.day_between(hire + timedelta(days=365), today) if left else None
            title = title_ids[i]
            fl = folded.get(first) or folded.setdefault(first, _ascii(first))
            ll = folded.get(last) or folded.setdefault(last, _ascii(last))
            city, letter = CITIES.get(inst.region, ("Montréal", "H"))
            self.w.add(members_t, {
                "id": ident, "member_number": str(numbers[i]),
                "employee_number": str(employee[i]),
                "last_name": last, "first_name": first,
                "email": f"{fl}.{ll}@ssss.gouv.qc.ca" if rng.random() < 0.85 else None,
                "phone": self.phone(inst.region) if rng.random() < 0.9 else None,
                "address": (f"{rng.randint(10, 9999)}, {rng.choice(STREETS)}, {city} (Québec) "
                            f"{letter}{rng.randint(0, 9)}{chr(65 + rng.randint(0, 25))} "
                            f"{rng.randint(0, 9)}{chr(65 + rng.randint(0, 25))}"
                            f"{rng.randint(0, 9)}") if rng.random() < 0.7 else None,
                "language": "en" if rng.random() < (0.15 if inst.region == "06" else 0.02)
                else "fr",
                "institution_id": inst.id, "unit_id": inst.unit_id, "job_title_id": title,
                "employment_status": str(status), "seniority_date": hire,
                "seniority_hours": _money(years * 1826.3 * factor),
                "hire_date": hire,
                "membership_date": hire + timedelta(days=rng.randint(0, 60)),
                "status": str(MemberStatus.LEFT if left else MemberStatus.ACTIVE),
                "left_date": left_date, "notes": None,
                "search_key": search_key(last, first)})
            if not left:
                inst.members.append(ident)
            self.member_names[ident] = f"{first} {last}"
            self.member_rate[ident] = _money(36 + rng.random() * 22)
            # Employment history: a third moved (another title or institution) along the way.
            end = left_date
            if rng.random() < 0.33 and (today - hire).days > 800:
                moved = self.day_between(hire + timedelta(days=365), today - timedelta(days=60))
                if left_date and moved >= left_date:
                    moved = left_date - timedelta(days=1)
                other = (rng.choice(self.institutions) if rng.random() < 0.4 else inst)
                self.w.add(jobs_t, {
                    "member_id": ident, "institution_id": other.id, "unit_id": other.unit_id,
                    "job_title_id": rng.choice(titles), "employment_status": "part_time",
                    "start_date": hire, "end_date": moved - timedelta(days=1),
                    "note": "Poste précédent"})
                start = moved
            else:
                start = hire
            self.w.add(jobs_t, {
                "member_id": ident, "institution_id": inst.id, "unit_id": inst.unit_id,
                "job_title_id": title, "employment_status": str(status), "start_date": start,
                "end_date": end, "note": None})
            if i % 10000 == 9999:
                self.progress(N_("Membres"), i + 1, n)
        self.progress(N_("Membres"), n, n)
        self.first_member, self.last_member = first_id, self.ids["members"] - 1

    def officers_rows(self) -> None:
        rng = self.rng
        table = self.tables["unit_officers"]
        offices = ["Présidence", "Vice-présidence", "Secrétariat", "Trésorerie"]
        for inst in self.institutions:
            if not inst.members:
                continue
            count = min(len(inst.members), len(offices) + rng.randint(2, 4))
            chosen = rng.sample(inst.members, count)
            for k, member_id in enumerate(chosen):
                office = offices[k] if k < len(offices) else "Délégation syndicale"
                self.w.add(table, {
                    "unit_id": inst.unit_id, "member_id": member_id,
                    "name": self.member_names[member_id], "office": office,
                    "start_date": date(2023, 6, 1), "end_date": None})
                self.officers.append(member_id)
            # The previous president, to show a mandate history.
            former = rng.choice(inst.members)
            self.w.add(table, {
                "unit_id": inst.unit_id, "member_id": former,
                "name": self.member_names[former], "office": "Présidence",
                "start_date": date(2020, 6, 1), "end_date": date(2023, 5, 31)})

    # ------------------------------------------------------------------ arbitrators
    def arbitrators(self) -> None:
        table = self.tables["arbitrators"]
        self.arbitrator_ids: list[int] = []
        self.arbitrator_names: dict[int, str] = {}
        seen: set[str] = set()
        while len(self.arbitrator_ids) < 25:
            first, last = self.person()
            name = f"Me {first} {last}"
            if name in seen:
                continue
            seen.add(name)
            ident = self.new_id("arbitrators")
            self.w.add(table, {
                "id": ident, "name": name,
                "email": f"{_ascii(first)}.{_ascii(last)}@arbitrage-demo.qc.ca",
                "phone": self.phone(self.rng.choice(("03", "06"))),
                "active": self.rng.random() < 0.9})
            self.arbitrator_ids.append(ident)
            self.arbitrator_names[ident] = name

    # ------------------------------------------------------------------ grievances
    def grievances(self) -> None:
        rng, total = self.rng, self.n_grievances
        natures = list(NATURES)
        nature_w = [NATURES[k][0] for k in natures]
        path_w = [p[0] for p in PATHS]
        inst_w = [i.weight for i in self.institutions]
        made = 0
        self.award_seq: dict[int, int] = {}
        while made < total:
            # The first cases walk through every path so even a tiny demo shows each status.
            path = PATHS[made] if made < len(PATHS) else rng.choices(PATHS, weights=path_w)[0]
            status, arb_status = path[1], path[2]
            size = 1
            if (made >= len(PATHS) and (arb_status or status == GrievanceStatus.SETTLED)
                    and rng.random() < 0.1):
                size = rng.randint(2, 4)
            size = min(size, total - made)
            inst = rng.choices(self.institutions, weights=inst_w)[0]
            nature = rng.choices(natures, weights=nature_w)[0]
            self.case_group(size, inst, nature, status, arb_status)
            made += size
            if made % 10000 < size:
                self.progress(N_("Griefs"), made, total)
        self.progress(N_("Griefs"), total, total)

    def dates_for(self, status: str, arb_status: str | None) -> dict[str, Any]:
        """Milestones of one group of files: filed, referral, hearings, closing."""
        rng, today = self.rng, self.today
        d: dict[str, Any] = {"hearings": []}
        if status == GrievanceStatus.DRAFT:
            d["filed"] = None
            d["created"] = today - timedelta(days=rng.randint(0, 45))
            return d
        if status in (GrievanceStatus.FILED, GrievanceStatus.IN_DISCUSSION) and not arb_status:
            power = 2.0 if status == GrievanceStatus.FILED else 1.4
            age = int(rng.random() ** power * (today - START).days)
            d["filed"] = today - timedelta(days=age)
            return d
        if arb_status in (ArbitrationStatus.PENDING, ArbitrationStatus.SCHEDULED,
                          ArbitrationStatus.UNDER_ADVISEMENT):
            referral = today - timedelta(days=10 + int(rng.random() ** 1.2 * 900))
            filed = max(START, referral - timedelta(days=rng.randint(30, 240)))
            referral = max(referral, filed + timedelta(days=20))
            d.update(filed=filed, referral=referral)
            if arb_status == ArbitrationStatus.PENDING:
                if rng.random() < 0.4:
                    day = _weekday(self.day_between(referral + timedelta(days=1), today),
                                   forward=False)
                    if day > referral:
                        d["hearings"].append((day, HearingKind.POSTPONED))
            elif arb_status == ArbitrationStatus.SCHEDULED:
                if rng.random() < 0.3:
                    day = _weekday(self.day_between(referral + timedelta(days=1), today),
                                   forward=False)
                    if day > referral:
                        d["hearings"].append((day, HearingKind.CONFERENCE_CALL))
                day = today + timedelta(days=rng.randint(7, 240))
                for _ in range(rng.randint(1, 3)):
                    day = _weekday(day)
                    d["hearings"].append((day, HearingKind.HEARING))
                    day += timedelta(days=rng.randint(1, 45))
            else:  # under advisement: last hearing less than 90 days ago
                last = _weekday(today - timedelta(days=rng.randint(1, 85)), forward=False)
                days = [last]
                for _ in range(rng.randint(0, 2)):
                    prev = _weekday(days[-1] - timedelta(days=rng.randint(1, 60)), forward=False)
                    if prev > referral:
                        days.append(prev)
                d["hearings"] = [(x, HearingKind.HEARING) for x in sorted(days)]
            return d
        # Closed files
        if arb_status:
            filed = self.day_between(START, today - timedelta(days=400))
            referral = filed + timedelta(days=rng.randint(30, 200))
            d.update(filed=filed, referral=referral)
            if arb_status == ArbitrationStatus.AWARD_RENDERED:
                day = min(referral + timedelta(days=rng.randint(150, 500)),
                          today - timedelta(days=95))
                days = []
                for _ in range(rng.randint(1, 4)):
                    day = _weekday(day)
                    if day > today - timedelta(days=92):
                        break
                    days.append(day)
                    day += timedelta(days=rng.randint(1, 40))
                if not days:
                    days = [_weekday(referral + timedelta(days=30))]
                d["hearings"] = [(x, HearingKind.HEARING) for x in days]
                d["closed"] = min(days[-1] + timedelta(days=rng.randint(20, 90)), today)
            else:
                closed = min(referral + timedelta(days=rng.randint(60, 600)), today)
                d["closed"] = closed
                if rng.random() < 0.5:
                    day = _weekday(self.day_between(referral + timedelta(days=1), closed),
                                   forward=False)
                    if referral < day < closed:
                        d["hearings"].append((day, rng.choice(
                            (HearingKind.POSTPONED, HearingKind.CONFERENCE_CALL))))
            return d
        filed = self.day_between(START, today - timedelta(days=40))
        span = min(900, (today - filed).days)
        d.update(filed=filed,
                 closed=filed + timedelta(days=rng.randint(min(20, span), span)))
        return d

    def case_group(self, size: int, inst: _Inst, nature: str, status: GrievanceStatus,
                   arb_status: str | None) -> None:
        rng, w, t = self.rng, self.w, self.tables
        ms = self.dates_for(status, arb_status)
        closed: date | None = ms.get("closed")
        outcome: Outcome | None = None
        citation: str | None = None
        if status == GrievanceStatus.SETTLED:
            outcome = Outcome.SETTLED
        elif status == GrievanceStatus.WITHDRAWN:
            outcome = Outcome.WITHDRAWN
        elif status == GrievanceStatus.AWARDED:
            outcome = rng.choices((Outcome.UPHELD, Outcome.PARTLY_UPHELD, Outcome.DISMISSED),
                                  weights=(40, 25, 35))[0]
            assert closed is not None
            n = self.award_seq.get(closed.year, 0) + rng.randint(1, 4)
            self.award_seq[closed.year] = n
            citation = f"{closed.year} QCTA {n}"
        arb_id = None
        counsellor = inst.counsellor_on(ms["filed"] or ms["created"])
        if arb_status:
            arb_id = self.arbitration(inst, ms, arb_status, outcome, citation, counsellor)
        ids: list[int] = []
        amounts: list[Decimal] = []
        _, article_numbers, titles, fact, remedy, money = NATURES[nature]
        for _ in range(size):
            gid = self.new_id("grievances")
            ids.append(gid)
            filed: date | None = ms["filed"]
            if filed is None:
                knowledge = ms["created"] - timedelta(days=rng.randint(0, 10))
            else:
                if size > 1:  # the siblings of a group were filed within a few days
                    filed = max(START, filed - timedelta(days=rng.randint(0, 6)))
                knowledge = filed - timedelta(days=int(rng.random() ** 2 * 29))
            event = knowledge - timedelta(days=int(rng.random() ** 3 * 20))
            kind = rng.choices((GrievanceKind.INDIVIDUAL, GrievanceKind.COLLECTIVE,
                                GrievanceKind.UNION), weights=(80, 12, 8))[0]
            claimed = _money(rng.randint(200, 25000)) if money and rng.random() < 0.6 else None
            obtained = None
            if claimed is not None and outcome in (Outcome.SETTLED, Outcome.UPHELD,
                                                   Outcome.PARTLY_UPHELD):
                share = {Outcome.UPHELD: 1.0, Outcome.PARTLY_UPHELD: rng.uniform(0.3, 0.7),
                         Outcome.SETTLED: rng.uniform(0.4, 1.0)}[outcome]
                obtained = _money(float(claimed) * share)
                amounts.append(obtained)
            members = self.involved(inst, kind)
            year = (filed or knowledge).year
            title = rng.choice(titles)
            closing_reason = None
            if status == GrievanceStatus.SETTLED:
                closing_reason = rng.choice(SETTLEMENT_REASONS)
            elif status == GrievanceStatus.WITHDRAWN:
                closing_reason = rng.choice(WITHDRAWAL_REASONS)
            elif status == GrievanceStatus.AWARDED:
                closing_reason = f"Sentence arbitrale {citation}"
            events = self.timeline(status, ms, filed, knowledge, arb_status)
            last = events[-1][0]
            last_at = _at(last, rng)
            author = rng.choice(self.secretaries) if self.secretaries else counsellor
            created_at = _at(knowledge if filed is None else min(filed, last), rng)
            w.add(t["grievances"], {
                "id": gid, "file_number": self.number("G", year),
                "employer_number": (f"RH-{year % 100:02d}-{rng.randint(1000, 99999)}"
                                    if filed and rng.random() < 0.6 else None),
                "kind": str(kind), "nature": str(nature), "institution_id": inst.id,
                "unit_id": inst.unit_id,
                "agreement_id": self.agreement_ids[self.agreement_on(event)][0],
                "title": title,
                "facts": f"Le {event:%d/%m/%Y}, {fact}.",
                "remedy_sought": remedy + ".",
                "event_date": event, "knowledge_date": knowledge, "filed_date": filed,
                "counsellor_id": counsellor, "status": str(status),
                "confidential": rng.random() < (0.3 if nature == GrievanceNature.HARASSMENT
                                                else 0.012),
                "amount_claimed": claimed, "amount_obtained": obtained,
                "outcome": str(outcome) if outcome else None, "closed_date": closed,
                "closing_reason": closing_reason, "last_activity_at": last_at,
                "created_at": created_at, "updated_at": last_at, "updated_by_id": author})
            for member_id in members:
                w.add(t["grievance_members"], {"grievance_id": gid, "member_id": member_id})
            articles = self.articles[self.agreement_on(event)]
            for number in article_numbers[:rng.randint(1, len(article_numbers))]:
                clause = f"{number}.{rng.randint(1, 12):02d}" if rng.random() < 0.7 else number
                w.add(t["grievance_articles"], {"grievance_id": gid,
                                                "article_id": articles[number],
                                                "citation": f"art. {clause}"})
            for day, ev_kind, text_ in events:
                w.add(t["grievance_events"], {
                    "grievance_id": gid, "occurred_on": day, "kind": ev_kind,
                    "description": text_, "user_id": rng.choice((author, counsellor)),
                    "created_at": _at(day, rng)})
            self.cases.append(_Case(gid, inst, members[0] if members else None, closed))
        if arb_id is not None:
            for gid in ids:
                w.add(t["arbitration_grievances"], {"arbitration_id": arb_id,
                                                    "grievance_id": gid})
        if status == GrievanceStatus.SETTLED and (arb_status or rng.random() < 0.45):
            assert closed is not None
            self.settlement(inst, ids, closed, sum(amounts, Decimal(0)) or None, counsellor,
                            nature)

    def involved(self, inst: _Inst, kind: str) -> list[int]:
        pool = inst.members or [self.first_member]
        if kind == GrievanceKind.UNION:
            return []
        if kind == GrievanceKind.INDIVIDUAL or len(pool) < 3:
            return [self.rng.choice(pool)]
        return self.rng.sample(pool, min(len(pool), self.rng.randint(2, 8)))

    def timeline(self, status: GrievanceStatus, ms: dict[str, Any], filed: date | None,
                 knowledge: date, arb_status: str | None) -> list[tuple[date, str, str]]:
        """2 to 5 events, in date order, none after today; the last one dates the activity."""
        rng, today = self.rng, self.today
        if filed is None:
            created = max(knowledge, min(ms["created"], today))
            events = [(created, "created", "Dossier ouvert (brouillon)")]
            if rng.random() < 0.7:
                events.append((self.day_between(created, today), "note",
                               "Formulaire de grief reçu de la section locale"))
            else:
                events.append((created, "note", "Faits à compléter avec la personne salariée"))
            return events
        events = [(filed, GrievanceStatus.FILED, "Grief déposé auprès de l'employeur")]
        if status == GrievanceStatus.IN_DISCUSSION:
            events.append((self.day_between(filed, min(today, filed + timedelta(days=120))),
                           GrievanceStatus.IN_DISCUSSION,
                           "Rencontre de discussion avec l'employeur"))
        if "referral" in ms:
            name = self.arbitrator_names.get(ms.get("arbitrator", 0), "")
            events.append((ms["referral"], GrievanceStatus.REFERRED,
                           f"Grief soumis à l'arbitrage {name}".strip()))
            past = [h for h in ms["hearings"] if h[0] <= today]
            if past:
                day, kind = past[-1]
                text_ = {HearingKind.HEARING: "Audience tenue devant l'arbitre",
                         HearingKind.POSTPONED: "Audience remise",
                         HearingKind.CONFERENCE_CALL: "Conférence préparatoire"}[kind]
                events.append((day, "note", text_))
        closed = ms.get("closed")
        if closed:
            text_ = {GrievanceStatus.SETTLED: "Règlement du grief",
                     GrievanceStatus.WITHDRAWN: "Désistement du grief",
                     GrievanceStatus.AWARDED: "Sentence arbitrale reçue"}[status]
            events.append((closed, status, text_))
        wanted = rng.randint(2, 5)
        while len(events) < wanted:
            # Fillers fall between filing and the end, and never after a closing event.
            high = closed - timedelta(days=1) if closed else today
            kind, text_ = rng.choice(FILLER_EVENTS)
            events.append((self.day_between(filed, max(filed, high)), kind, text_))
        events.sort(key=lambda e: e[0])
        if closed:
            # Keep the closing event last even when a filler falls on the same day.
            events.sort(key=lambda e: (e[0], e[1] == status))
        return events

    def arbitration(self, inst: _Inst, ms: dict[str, Any], status: str, outcome: str | None,
                    citation: str | None, counsellor: int) -> int:
        rng, w, t = self.rng, self.w, self.tables
        ident = self.new_id("arbitrations")
        arbitrator = rng.choice(self.arbitrator_ids)
        ms["arbitrator"] = arbitrator
        referral: date = ms["referral"]
        procedure = rng.choices((ArbitrationProcedure.REGULAR, ArbitrationProcedure.SUMMARY,
                                 ArbitrationProcedure.MEDICAL), weights=(75, 18, 7))[0]
        award_date = ms.get("closed") if status == ArbitrationStatus.AWARD_RENDERED else None
        hearing_days = len([h for h in ms["hearings"] if h[1] == HearingKind.HEARING])
        fees = (_money(hearing_days * rng.uniform(1800, 3200) + rng.uniform(500, 2500))
                if status in (ArbitrationStatus.AWARD_RENDERED, ArbitrationStatus.SETTLED,
                              ArbitrationStatus.WITHDRAWN) else None)
        w.add(t["arbitrations"], {
            "id": ident, "file_number": self.number("A", referral.year),
            "registry_number": f"SA-{referral.year}-{rng.randint(1000, 9999)}",
            "procedure": str(procedure), "institution_id": inst.id,
            "arbitrator_id": arbitrator, "counsellor_id": counsellor, "status": str(status),
            "referral_date": referral, "award_date": award_date,
            "outcome": str(outcome) if outcome else None,
            "citation": citation, "fees_total": fees,
            "union_share_pct": Decimal("50.00") if fees is not None else None,
            "notes": None, "created_at": _at(referral, rng), "updated_at": _at(referral, rng)})
        for day, kind in ms["hearings"]:
            w.add(t["hearings"], {
                "arbitration_id": ident, "date": day,
                "start_time": time(9, 30) if kind != HearingKind.CONFERENCE_CALL else time(14, 0),
                "kind": str(kind),
                "location": ("Conférence téléphonique" if kind == HearingKind.CONFERENCE_CALL
                             else rng.choice(ARBITRATION_LOCATIONS)),
                "union_representative_id": counsellor,
                "notes": "Remise à la demande de l'employeur"
                if kind == HearingKind.POSTPONED else None})
        return ident

    def settlement(self, inst: _Inst, grievance_ids: list[int], closed: date,
                   amount: Decimal | None, counsellor: int, nature: str) -> None:
        rng, w, t, today = self.rng, self.w, self.tables, self.today
        ident = self.new_id("agreements")
        implemented = closed < today - timedelta(days=120)
        w.add(t["agreements"], {
            "id": ident, "file_number": self.number("E", closed.year),
            "kind": str(AgreementKind.SETTLEMENT),
            "title": f"Entente de règlement — {NATURES[nature][2][0].lower()}"[:200],
            "institution_id": inst.id,
            "parties": f"{inst.name}; le syndicat; la ou les personnes salariées visées",
            "signed_date": closed, "effective_date": closed, "end_date": None,
            "terms": "Sans admission de part et d'autre. Les parties règlent le ou les griefs "
                     "visés selon les modalités suivantes.",
            "amount": amount,
            "status": str(AgreementStatus.IMPLEMENTED if implemented else AgreementStatus.SIGNED),
            "counsellor_id": counsellor})
        for gid in grievance_ids:
            w.add(t["agreement_grievances"], {"agreement_id": ident, "grievance_id": gid})
        steps = ["Versement de la somme convenue", "Correction du dossier d'emploi",
                 "Retrait de la mesure du dossier", "Ajustement de la liste d'ancienneté"]
        for step in rng.sample(steps, rng.randint(1, 3)):
            due = closed + timedelta(days=rng.randint(15, 90))
            done = None
            if due < today - timedelta(days=10) and (implemented or rng.random() < 0.7):
                done = min(today, due + timedelta(days=rng.randint(-10, 20)))
                done = max(done, closed)
            w.add(t["agreement_follow_ups"], {"agreement_id": ident, "description": step,
                                              "due_date": due, "done_date": done})

    def local_agreements(self) -> None:
        """Local agreements and letters of understanding, linked to no grievance."""
        rng, w, t, today = self.rng, self.w, self.tables, self.today
        subjects = ("Aménagement du temps de travail", "Horaires de 12 heures aux soins "
                    "intensifs", "Modalités de télétravail", "Comité paritaire sur la charge "
                    "de travail", "Dispositions locales — congés annuels",
                    "Projet pilote d'horaires atypiques")
        for inst in self.institutions:
            for _ in range(rng.randint(2, 5)):
                ident = self.new_id("agreements")
                kind = rng.choice((AgreementKind.LOCAL_AGREEMENT,
                                   AgreementKind.LETTER_OF_UNDERSTANDING))
                signed = self.day_between(START, today)
                status = rng.choices((AgreementStatus.DRAFT, AgreementStatus.SIGNED,
                                      AgreementStatus.IMPLEMENTED, AgreementStatus.CANCELLED),
                                     weights=(1, 3, 5, 1))[0]
                if status == AgreementStatus.DRAFT:
                    signed_date = None
                else:
                    signed_date = signed
                w.add(t["agreements"], {
                    "id": ident, "file_number": self.number("E", signed.year),
                    "kind": str(kind), "title": rng.choice(subjects),
                    "institution_id": inst.id,
                    "parties": f"{inst.name}; le syndicat", "signed_date": signed_date,
                    "effective_date": signed_date,
                    "end_date": (signed + timedelta(days=365 * rng.randint(1, 3))
                                 if signed_date and rng.random() < 0.5 else None),
                    "terms": "Les parties conviennent des modalités locales décrites ci-après.",
                    "amount": None, "status": str(status),
                    "counsellor_id": inst.counsellor_on(signed)})
                if signed_date:
                    due = signed + timedelta(days=rng.randint(30, 180))
                    w.add(t["agreement_follow_ups"], {
                        "agreement_id": ident, "description": "Bilan conjoint de l'entente",
                        "due_date": due, "done_date": due if due < today else None})

    # ------------------------------------------------------------------ union leave
    def union_leave(self) -> None:
        rng, w, t, today = self.rng, self.w, self.tables, self.today
        count = max(30, self.n_members // 20)
        member_inst: dict[int, _Inst] = {}
        for inst in self.institutions:
            for m in inst.members:
                member_inst[m] = inst
        everyone = list(member_inst)
        officers = [m for m in self.officers if m in member_inst] or everyone
        approvers = self.coordinators + self.counsellors
        first_day = date(2024, 1, 1)
        types = [LeaveType.UNION_BUSINESS, LeaveType.GRIEVANCE_HEARING, LeaveType.NEGOTIATION,
                 LeaveType.TRAINING, LeaveType.CONVENTION, LeaveType.FULL_TIME_RELEASE]
        type_w = [45, 20, 10, 15, 8, 2]
        approved: dict[tuple[int, int, int], list[dict[str, Any]]] = {}
        for _ in range(count):
            member = rng.choice(officers) if rng.random() < 0.65 else rng.choice(everyone)
            inst = member_inst[member]
            kind = rng.choices(types, weights=type_w)[0]
            start = _weekday(self.day_between(first_day, today + timedelta(days=60)))
            if kind == LeaveType.FULL_TIME_RELEASE:
                end = start + timedelta(days=rng.randint(28, 180))
            elif kind == LeaveType.CONVENTION:
                end = start + timedelta(days=rng.randint(2, 4))
            else:
                end = start + timedelta(days=rng.choice((0, 0, 0, 0, 1, 2)))
            end = _weekday(end, forward=False) if end > start else start
            workdays = sum(1 for k in range((end - start).days + 1)
                           if (start + timedelta(days=k)).weekday() < 5)
            hours = _money(max(1, workdays) * 7.25 if rng.random() < 0.85 else 3.5)
            if start > today:
                status = rng.choices((LeaveStatus.REQUESTED, LeaveStatus.APPROVED),
                                     weights=(40, 60))[0]
            else:
                status = rng.choices((LeaveStatus.APPROVED, LeaveStatus.REFUSED,
                                      LeaveStatus.CANCELLED, LeaveStatus.REQUESTED),
                                     weights=(88, 4, 4, 4))[0]
            payment = rng.choices((LeavePayment.REIMBURSED_BY_UNION,
                                   LeavePayment.PAID_BY_EMPLOYER), weights=(75, 25))[0]
            ident = self.new_id("union_leaves")
            is_approved = status == LeaveStatus.APPROVED
            row = {"id": ident, "member_id": member, "institution_id": inst.id,
                   "leave_type": str(kind), "start_date": start, "end_date": end,
                   "hours": hours, "payment": str(payment),
                   "purpose": {LeaveType.GRIEVANCE_HEARING: "Témoin à une audience d'arbitrage",
                               LeaveType.TRAINING: "Formation syndicale",
                               LeaveType.NEGOTIATION: "Comité de négociation locale",
                               LeaveType.CONVENTION: "Congrès",
                               LeaveType.FULL_TIME_RELEASE: "Libération à temps plein"}
                   .get(kind, "Affaires syndicales de la section locale"),
                   "status": str(status),
                   "approved_by_id": rng.choice(approvers) if is_approved else None,
                   "approved_on": (start - timedelta(days=rng.randint(3, 20))
                                   if is_approved else None)}
            w.add(t["union_leaves"], row)
            if is_approved and payment == LeavePayment.REIMBURSED_BY_UNION and start < today:
                approved.setdefault((inst.id, start.year, start.month), []).append(row)
        w.flush()
        self.invoices(approved, member_inst)

    def invoices(self, approved: dict[tuple[int, int, int], list[dict[str, Any]]],
                 member_inst: dict[int, _Inst]) -> None:
        """Monthly invoices: most lines match approved leave; some are deliberately wrong."""
        rng, w, t, today = self.rng, self.w, self.tables, self.today
        billed: list[dict[str, Any]] = []
        by_inst: dict[int, list[int]] = {}
        for m, inst in member_inst.items():
            by_inst.setdefault(inst.id, []).append(m)
        for (inst_id, year, month) in sorted(approved):
            period_start = date(year, month, 1)
            next_month = date(year + month // 12, month % 12 + 1, 1)
            invoice_date = next_month + timedelta(days=rng.randint(5, 20))
            if invoice_date > today:
                continue
            age = (today - invoice_date).days
            ident = self.new_id("leave_invoices")
            lines: list[dict[str, Any]] = []
            for leave in approved[(inst_id, year, month)]:
                rate = self.member_rate[leave["member_id"]]
                hours = leave["hours"]
                match = InvoiceLineMatch.MATCHED
                roll = rng.random()
                if roll < 0.05:
                    hours = hours + Decimal("3.50")
                    match = InvoiceLineMatch.HOURS_DIFFER
                lines.append({"member_id": leave["member_id"], "leave_id": leave["id"],
                              "work_date": leave["start_date"], "hours": hours, "rate": rate,
                              "match": match})
                billed.append(lines[-1])
            if rng.random() < 0.06 and by_inst.get(inst_id):
                member = rng.choice(by_inst[inst_id])
                lines.append({"member_id": member, "leave_id": None,
                              "work_date": _weekday(period_start + timedelta(
                                  days=rng.randint(0, 20))),
                              "hours": Decimal("7.25"), "rate": self.member_rate[member],
                              "match": InvoiceLineMatch.NOT_APPROVED})
            if rng.random() < 0.04 and len(billed) > len(lines):
                again = dict(rng.choice(billed[:-len(lines)]))
                again["match"] = InvoiceLineMatch.ALREADY_BILLED
                lines.append(again)
            checked = age > 60
            problems = any(x["match"] != InvoiceLineMatch.MATCHED for x in lines)
            if not checked:
                status = InvoiceStatus.RECEIVED
            elif problems:
                status = InvoiceStatus.DISPUTED
            else:
                status = InvoiceStatus.PAID if age > 120 else InvoiceStatus.PRE_APPROVED
            rows = []
            for line in lines:
                amount = (line["hours"] * line["rate"]).quantize(Decimal("0.01"))
                rows.append({
                    "invoice_id": ident, "member_id": line["member_id"],
                    "leave_id": line["leave_id"], "work_date": line["work_date"],
                    "hours": line["hours"], "rate": line["rate"], "amount": amount,
                    "match": str(line["match"] if checked else InvoiceLineMatch.UNCHECKED)})
            # The invoice goes in before its lines: the writer flushes tables in the order
            # they were first used, parents first.
            w.add(t["leave_invoices"], {
                "id": ident, "institution_id": inst_id,
                "number": f"FL-{year}{month:02d}-{inst_id:03d}",
                "invoice_date": invoice_date, "period_start": period_start,
                "period_end": next_month - timedelta(days=1),
                "total": sum((r["amount"] for r in rows), Decimal(0)),
                "status": str(status),
                "note": "Écarts signalés à l'établissement" if checked and problems else None})
            w.extend(t["leave_invoice_lines"], rows)

    # ------------------------------------------------------------------ recourses
    def recourses(self) -> None:
        """Recourses grow out of grievance cases (same member, institution, counsellor); a
        demo asked for no grievances has none."""
        if not self.cases:
            return
        rng, w, t, today = self.rng, self.w, self.tables, self.today
        count = max(len(RECOURSE_STATUSES) * 2, self.n_grievances // 60)
        kinds_w = [k[3] for k in RECOURSE_KINDS]
        statuses = [s for s, _ in RECOURSE_STATUSES]
        status_w = [x for _, x in RECOURSE_STATUSES]
        for i in range(count):
            kind, forum, delay, _ = rng.choices(RECOURSE_KINDS, weights=kinds_w)[0]
            # The first few cycle through every status so a small demo shows them all.
            status = statuses[i] if i < len(statuses) else rng.choices(statuses, status_w)[0]
            case = rng.choice(self.cases)
            inst = case.institution
            member = case.member_id or (rng.choice(inst.members) if inst.members else None)
            if status == RecourseStatus.TO_FILE:
                notified = today - timedelta(days=rng.randint(0, max(1, min(delay - 1, 60))))
            else:
                notified = self.day_between(START, today - timedelta(days=30))
            decision = notified - timedelta(days=rng.randint(0, 10))
            deadline = notified + timedelta(days=delay)
            filed = None
            if status != RecourseStatus.TO_FILE:
                filed = min(today, notified + timedelta(days=rng.randint(1, max(1, delay - 1))))
            closed = None
            outcome = None
            if status in (RecourseStatus.DECIDED, RecourseStatus.APPEALED,
                          RecourseStatus.SETTLED, RecourseStatus.WITHDRAWN):
                assert filed is not None
                closed = self.day_between(filed, today)
                outcome = {RecourseStatus.SETTLED: Outcome.SETTLED,
                           RecourseStatus.WITHDRAWN: Outcome.WITHDRAWN}.get(
                    status, rng.choice((Outcome.UPHELD, Outcome.PARTLY_UPHELD,
                                        Outcome.DISMISSED)))
                if status == RecourseStatus.APPEALED:
                    closed = None  # still alive before the higher court
            year = (filed or notified).year
            if forum == RecourseForum.SUPERIOR_COURT:
                forum_number = f"500-17-{rng.randint(100000, 999999)}-{year % 100:02d}"
            elif forum == RecourseForum.TAT:
                forum_number = f"CM-{year}-{rng.randint(1000, 9999)}"
            elif forum == RecourseForum.CNESST:
                forum_number = f"{rng.randint(100000000, 999999999)}"
            else:
                forum_number = f"{forum}-{year}-{rng.randint(100, 999)}"
            w.add(t["recourses"], {
                "file_number": self.number("R", year), "forum": str(forum),
                "kind": str(kind), "forum_file_number": forum_number if filed else None,
                "member_id": member, "institution_id": inst.id,
                "grievance_id": case.id if rng.random() < 0.3 else None,
                "decision_contested": CONTESTED[kind], "decision_date": decision,
                "notification_date": notified, "filed_date": filed, "deadline_date": deadline,
                "counsellor_id": inst.counsellor_on(notified), "status": str(status),
                "outcome": str(outcome) if outcome else None,
                "confidential": kind in (RecourseKind.HARASSMENT_COMPLAINT,
                                         RecourseKind.HUMAN_RIGHTS_COMPLAINT)
                and rng.random() < 0.5,
                "closed_date": closed, "notes": None})

    def deadlines(self) -> None:
        """Every file's deadlines, computed by the deadline engine itself, so the caseload
        screens and reports of the demo show real, explainable dates."""
        from sqlalchemy.orm import Session

        from gem.services.deadlines.files import seed_rows

        self.w.flush()
        with Session(bind=self.conn) as session:
            for owner_type, model in (("grievance", Grievance), ("arbitration", Arbitration),
                                      ("recourse", Recourse)):
                rows = seed_rows(session, owner_type,
                                 session.scalars(select(model)).yield_per(5000))
                for start in range(0, len(rows), 10_000):
                    self.conn.execute(insert(Deadline), rows[start:start + 10_000])
                self.w.counts["deadlines"] = self.w.counts.get("deadlines", 0) + len(rows)

    # ------------------------------------------------------------------ run
    def run(self, password_hash: str) -> dict[str, int]:
        steps: list[tuple[str, Callable[[], None]]] = [
            (N_("Référence"), self.load_reference),
            (N_("Utilisateurs"), lambda: self.users(password_hash)),
            (N_("Affectations"), self.assignments),
            (N_("Conventions collectives"), self.collective_agreements),
            (N_("Unités d'accréditation"), self.units),
            (N_("Membres"), self.members),
            (N_("Exécutifs locaux"), self.officers_rows),
            (N_("Arbitres"), self.arbitrators),
            (N_("Griefs"), self.grievances),
            (N_("Ententes"), self.local_agreements),
            (N_("Libérations syndicales"), self.union_leave),
            (N_("Recours"), self.recourses),
            (N_("Échéances"), self.deadlines),
        ]
        for label, step in steps:
            self.progress(label, 0, 0)
            step()
        self.w.flush()
        return dict(self.w.counts)


def _reset_sequences(conn: Connection, tables: Iterable[Table]) -> None:
    """PostgreSQL serials do not see explicit ids: move each sequence past the largest one."""
    for table in tables:
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"))


def generate(engine: Engine, members: int = 65000, grievances: int = 100000, seed: int = 2026,
             progress: Progress | None = None, today: date | None = None) -> DemoSummary:
    """Fill an empty GEM database with demo data and return what was made.

    Migrates a database that has no schema yet; refuses one that already holds members or
    grievances (``DemoError``): the demo never deletes anything, so a "force" would only mix
    demo files into real ones. Refuses as well a database where a demo began and never
    finished (``DemoInterrupted``). ``today`` (default: the current date) anchors upcoming
    hearings, open files and deadlines; with the same seed and day the data is identical.
    """
    import time as _time

    from gem.services import users

    if members < 1 or grievances < 0:
        raise GemError(N_("Nombre de membres ou de griefs invalide."))
    began = _time.perf_counter()
    st = schema.state(engine)
    if st.is_empty:
        schema.upgrade(engine)
    else:
        schema.ensure_usable(engine)
    today = today or clock.today()
    params = {"seed": seed, "today": today.isoformat(), "members": members,
              "grievances": grievances}
    _claim(engine, params)
    try:
        with engine.begin() as conn:
            _refuse_a_filled_database(conn)
            # Argon2 costs ~180 ms a hash on purpose: hash the shared password once.
            password_hash = users._hasher.hash(DEMO_PASSWORD)
            gen = _Generator(conn, members, grievances, seed, today, progress)
            counts = gen.run(password_hash)
            if conn.dialect.name == "postgresql":
                _reset_sequences(conn, gen.tables.values())
                _demo_logins(conn, gen.accounts)
                # Fresh statistics, so the first searches are planned for 65,000 rows, not 0.
                conn.execute(text("ANALYZE"))
            summary = DemoSummary(counts=counts, accounts=gen.accounts, seed=seed, today=today)
            summary.seconds = round(_time.perf_counter() - began, 1)
            # The very last row of the transaction: it exists only if every other row does.
            _mark(conn, DEMO_BUILT, {**params, "rows": counts,
                                     "logins": [a.login for a in gen.accounts]})
    except BaseException:
        # Everything above was rolled back: say so, so the next run need not refuse. A killed
        # process cannot, and its "started" entry stays: the next run then refuses, since it
        # cannot tell a dead run from one still going on another workstation.
        _release(engine, params)
        raise
    return summary


def _demo_logins(conn: Connection, accounts: list[DemoAccount]) -> None:
    """On a database secured by ``gem db setup``, each demo account gets its own PostgreSQL
    login with the demo password, as ``gem users add`` gives a real one."""
    from gem import database_roles

    if database_roles.is_secured(conn):
        for account in accounts:
            database_roles.set_login(conn, account.login, account.role, True, DEMO_PASSWORD)


def _mark(conn: Connection, action: str, after: dict[str, Any]) -> None:
    conn.execute(AuditEntry.__table__.insert(), [{  # type: ignore[attr-defined]
        "user_id": SYSTEM.id, "user_login": SYSTEM.login, "action": action,
        "entity": MARKER_ENTITY, "entity_id": None, "before": None, "after": after}])


def _refuse_a_filled_database(conn: Connection) -> None:
    n_members = conn.scalar(select(func.count()).select_from(Member)) or 0
    n_grievances = conn.scalar(select(func.count()).select_from(Grievance)) or 0
    if n_members or n_grievances:
        raise DemoError(None, None, members=n_members, grievances=n_grievances)


def _claim(engine: Engine, params: dict[str, Any]) -> None:
    """Commit a ``demo_started`` entry once the database is known to take a demo.

    The checks come first so a refused run leaves no trace on a real database. On PostgreSQL an
    advisory lock makes check-and-claim one step for two ``gem demo`` started together (SQLite
    serialises writers by itself)."""
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(hashtext('gem demo'))"))
        _refuse_a_filled_database(conn)
        state = demo_state(conn)
        if state.unfinished:
            at = clock.local(state.at).strftime("%Y-%m-%d %H:%M") if state.at else "?"
            if conn.dialect.name == "sqlite":
                raise DemoInterruptedFile(None, None, at=at,
                                          path=engine.url.database or "")
            raise DemoInterrupted(None, None, at=at, database=engine.url.database or "")
        _mark(conn, DEMO_STARTED, params)


def _release(engine: Engine, params: dict[str, Any]) -> None:
    try:
        with engine.begin() as conn:
            _mark(conn, DEMO_STOPPED, params)
    except Exception:  # the database is gone too: the next run will refuse and say why
        import logging

        logging.getLogger(__name__).warning("gem demo: could not record the stop",
                                            exc_info=True)
