"""Collective agreements and their articles."""

from __future__ import annotations

from gem.i18n import N_
from gem.models import AgreementArticle, CollectiveAgreement
from gem.services.entity import EntityService


class CollectiveAgreementService(EntityService[CollectiveAgreement]):
    model = CollectiveAgreement
    entity = "collective_agreement"
    label = N_("Convention collective")
    date_order = (("valid_from", "valid_to"),)
    default_order = "valid_from"


class ArticleService(EntityService[AgreementArticle]):
    model = AgreementArticle
    entity = "agreement_article"
    label = N_("Article")
    default_order = "number"
