"""Errors the services raise: each carries an untranslated message and its parameters, and
renders itself in the user's language when shown."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from gem.formatting import format_date
from gem.i18n import N_, tr


class GemError(Exception):
    msgid: str = N_("Erreur")

    def __init__(self, msgid: str | None = None, lang: str | None = None, **params: Any):
        self.msgid = msgid or self.msgid
        self.params = params
        self.lang = lang
        super().__init__(self.message())

    def message(self, lang: str | None = None) -> str:
        return tr(self.msgid, lang or self.lang, **self.params)

    def __str__(self) -> str:
        return self.message()


class NotFoundError(GemError):
    msgid = N_("{entity} {ident} introuvable.")


class PermissionDenied(GemError):
    msgid = N_("Votre rôle ne permet pas cette action.")


class TransitionError(GemError):
    msgid = N_("Passage de « {current} » à « {target} » non permis.")


class SchemaError(GemError):
    pass


class Label(str):
    """A message parameter that is itself a French msgid (another field's label, a kind of
    record): translated with the message, so an English message names both fields in
    English."""


@dataclass
class FieldError:
    field: str
    label: str  # French label of the field, translated when shown
    msgid: str
    params: dict[str, Any] = dataclasses.field(default_factory=dict)  # `field` is a field

    def message(self, lang: str | None = None) -> str:
        params = {k: tr(v, lang) if isinstance(v, Label) else v
                  for k, v in self.params.items()}
        return tr(N_("{field} : {problem}"), lang, field=tr(self.label, lang),
                  problem=tr(self.msgid, lang, **params))


class ValidationError(GemError):
    """One or more fields are wrong; nothing was written."""

    def __init__(self, errors: list[FieldError], lang: str | None = None):
        self.errors = errors
        self.lang = lang
        self.msgid = "{details}"
        self.params = {}
        Exception.__init__(self, self.message())

    def message(self, lang: str | None = None) -> str:
        return "\n".join(e.message(lang or self.lang) for e in self.errors)

    def fields(self) -> dict[str, str]:
        return {e.field: e.message(self.lang) for e in self.errors}


class ConflictError(GemError):
    """Someone saved the record after this user opened it; nothing was overwritten.

    Carries both versions so the window can show them side by side. ``when`` is a stored
    instant (UTC; naive from SQLite): the message shows it in Québec local time, as every
    instant shown to a person is (:func:`gem.formatting.format_date`)."""

    # Said of the record, never of its gender: « une audience … a été modifié » was wrong.
    msgid = N_("Depuis l'ouverture de votre fiche, {user} a enregistré une autre version de "
               "« {entity} {ident} » le {when}. Rien n'a été écrasé.")

    def __init__(self, entity: str, ident: Any, user: str, when: datetime | None,
                 theirs: dict[str, Any], yours: dict[str, Any], lang: str | None = None,
                 record_id: Any = None):
        """``ident`` is the record as people name it (a file number), ``record_id`` its key
        when that differs."""
        self.record_id = ident if record_id is None else record_id
        self.theirs = theirs
        self.yours = yours
        self.changed_by = user
        self.changed_at = when
        when_text = format_date(when) if when else "?"
        super().__init__(None, lang, entity=entity, ident=ident, user=user, when=when_text)
