"""Which column holds which field: proposed from the header names, adjusted by the person.

Headers are compared with accents, case, punctuation and spacing ignored (`Date d'embauche`,
`DATE EMBAUCHE`, `Hire date` are one), against each field's French and English names and
the usual variants of institutions' exports. A column matches one field at most, the first
that names it; a field no column names is left for the person to choose.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from gem.i18n import N_
from gem.services.errors import GemError


@dataclass(frozen=True)
class Field:
    key: str
    label: str                 # French label (msgid), what messages name the column by
    names: tuple[str, ...]     # other headers that mean this field (any language)
    required: bool = False


class MissingColumns(GemError):
    """The required fields no column names, each in the language of the message."""

    msgid = N_("Colonnes obligatoires absentes de l'en-tête : {columns}.")

    def __init__(self, labels: Sequence[str]) -> None:
        self.labels = tuple(labels)
        super().__init__()

    def message(self, lang: str | None = None) -> str:
        from gem.i18n import current_language, tr

        lang = lang or self.lang or current_language()
        opening, closing = ("« ", " »") if lang == "fr" else ("“", "”")
        shown = ", ".join(f"{opening}{tr(label, lang)}{closing}" for label in self.labels)
        return tr(self.msgid, lang, columns=shown)


def normalized(header: str) -> str:
    """`Date d'embauche` → `date d embauche`: accents, case and punctuation ignored."""
    decomposed = unicodedata.normalize("NFKD", header)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def propose(header: Sequence[str], fields: Sequence[Field],
            kept: Mapping[str, str] | None = None) -> dict[int, str]:
    """Column index → field key, for every column whose header names a field. ``kept``:
    the columns remembered from the last import of the kind (normalized header → field,
    ``""`` for a column left out), which win over the names where the header still has
    them; a field is filled by one column at most."""
    keys, kept = {f.key for f in fields}, kept or {}
    chosen: dict[int, str] = {}
    for index, title in enumerate(header):
        key = kept.get(normalized(title))
        if key is not None and (key == "" or key in keys):
            chosen[index] = key
    wanted = {normalized(name): f.key for f in fields
              for name in (f.label, *f.names)}
    for index, title in enumerate(header):
        key = wanted.get(normalized(title))
        if index not in chosen and key is not None and key not in chosen.values():
            chosen[index] = key
    return {index: key for index, key in chosen.items() if key}


def check_required(mapping: dict[int, str], fields: Sequence[Field]) -> None:
    """Refuse a mapping that leaves a required field without a column, naming them all."""
    chosen = set(mapping.values())
    missing = [f.label for f in fields if f.required and f.key not in chosen]
    if missing:
        raise MissingColumns(missing)
