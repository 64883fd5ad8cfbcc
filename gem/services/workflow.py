"""State machines for files whose status matters legally: grievances, arbitrations, recourses.

An illegal move is refused with a message naming both statuses in the user's language; the
window offers only the moves ``allowed()`` returns.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gem.i18n import N_, tr
from gem.models.enums import ArbitrationStatus as A
from gem.models.enums import GrievanceStatus as G
from gem.models.enums import RecourseStatus as R
from gem.services.errors import TransitionError


@dataclass(frozen=True)
class Workflow:
    name: str
    initial: frozenset[str]
    moves: dict[str, frozenset[str]]
    closing: frozenset[str] = field(default_factory=frozenset)

    def allowed(self, current: str) -> list[str]:
        return sorted(self.moves.get(current, frozenset()))

    def is_closed(self, status: str) -> bool:
        return status in self.closing

    def check(self, current: str, target: str, lang: str | None = None) -> None:
        if target not in self.moves.get(current, frozenset()):
            raise TransitionError(None, lang, current=status_label(self.name, current, lang),
                                  target=status_label(self.name, target, lang))


GRIEVANCE = Workflow(
    "grievance",
    initial=frozenset({G.DRAFT, G.FILED}),
    moves={
        G.DRAFT: frozenset({G.FILED, G.WITHDRAWN}),
        G.FILED: frozenset({G.IN_DISCUSSION, G.REFERRED, G.SETTLED, G.WITHDRAWN}),
        G.IN_DISCUSSION: frozenset({G.REFERRED, G.SETTLED, G.WITHDRAWN}),
        G.REFERRED: frozenset({G.SETTLED, G.WITHDRAWN, G.AWARDED}),
    },
    closing=frozenset({G.SETTLED, G.WITHDRAWN, G.AWARDED}),
)

ARBITRATION = Workflow(
    "arbitration",
    initial=frozenset({A.PENDING, A.SCHEDULED}),
    moves={
        A.PENDING: frozenset({A.SCHEDULED, A.SETTLED, A.WITHDRAWN}),
        A.SCHEDULED: frozenset({A.UNDER_ADVISEMENT, A.PENDING, A.SETTLED, A.WITHDRAWN}),
        A.UNDER_ADVISEMENT: frozenset({A.AWARD_RENDERED, A.SCHEDULED, A.SETTLED}),
    },
    closing=frozenset({A.AWARD_RENDERED, A.SETTLED, A.WITHDRAWN}),
)

RECOURSE = Workflow(
    "recourse",
    initial=frozenset({R.TO_FILE, R.FILED}),
    moves={
        R.TO_FILE: frozenset({R.FILED, R.WITHDRAWN}),
        R.FILED: frozenset({R.IN_PROGRESS, R.DECIDED, R.SETTLED, R.WITHDRAWN}),
        R.IN_PROGRESS: frozenset({R.DECIDED, R.SETTLED, R.WITHDRAWN}),
        R.DECIDED: frozenset({R.APPEALED}),
        R.APPEALED: frozenset({R.IN_PROGRESS, R.DECIDED, R.SETTLED, R.WITHDRAWN}),
    },
    closing=frozenset({R.SETTLED, R.WITHDRAWN}),
)

_STATUS_LABELS: dict[str, dict[str, str]] = {
    "grievance": {
        G.DRAFT: N_("Brouillon"), G.FILED: N_("Déposé"), G.IN_DISCUSSION: N_("En discussion"),
        G.REFERRED: N_("Déféré à l'arbitrage"), G.SETTLED: N_("Réglé"),
        G.WITHDRAWN: N_("Désisté"), G.AWARDED: N_("Sentence rendue"),
    },
    "arbitration": {
        A.PENDING: N_("En attente de fixation"), A.SCHEDULED: N_("Audiences fixées"),
        A.UNDER_ADVISEMENT: N_("En délibéré"), A.AWARD_RENDERED: N_("Sentence rendue"),
        A.SETTLED: N_("Réglé"), A.WITHDRAWN: N_("Désisté"),
    },
    "recourse": {
        R.TO_FILE: N_("À déposer"), R.FILED: N_("Déposé"), R.IN_PROGRESS: N_("En cours"),
        R.DECIDED: N_("Décidé"), R.APPEALED: N_("En appel"), R.SETTLED: N_("Réglé"),
        R.WITHDRAWN: N_("Désisté"),
    },
}


def status_label(workflow: str, status: str, lang: str | None = None) -> str:
    return tr(_STATUS_LABELS.get(workflow, {}).get(status, status), lang)
