"""What to tell a person whose database address is wrong (issue 13), for the command line and
the window alike.

Why one module below the UI: the command line and the window must say the same precise thing
about the same mistake (the server's name, its port, the password, the database's name, a file
that is not a database), so each message is written once, here, and translated once, in the
services' catalogue (gem.i18n). Only the "what to do" part differs: the command line's person
fixes ``--database`` or ``GEM_DATABASE_URL``, the window's person the address behind the
failure box's « Changer de base… » button (gem.ui.app), and a new or empty database is made by
``gem db upgrade`` on one side, offered by the window itself on the other. So each mistake has
one sentence for each place, rather than one sentence assembled from pieces, which a
translator could not reorder.

No Qt here: nothing below gem/ui imports Qt (the window installs the same language into
gem.i18n as into Qt, see gem.ui.app.install_translators).
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

from gem import log as gem_log
from gem.i18n import N_, tr

Where = Literal["cli", "window"]
CLI: Final[Where] = "cli"
WINDOW: Final[Where] = "window"

_MESSAGES: Final[dict[tuple[str, Where], str]] = {
    (gem_log.NOT_A_DATABASE, CLI): N_(
        "Le fichier {path} n'est pas une base de données GEM : vérifiez le chemin "
        "(--database ou GEM_DATABASE_URL), ou indiquez un nouveau fichier puis lancez "
        "« gem db upgrade »."),
    (gem_log.NOT_A_DATABASE, WINDOW): N_(
        "Le fichier {path} n'est pas une base de données GEM : choisissez « Changer de "
        "base… » pour corriger le chemin ou indiquer un nouveau fichier, où GEM créera ses "
        "tables."),
    (gem_log.UNKNOWN_HOST, CLI): N_(
        "Le serveur « {host} » est introuvable : vérifiez son nom dans l'adresse de la base "
        "de données (--database ou GEM_DATABASE_URL)."),
    (gem_log.UNKNOWN_HOST, WINDOW): N_(
        "Le serveur « {host} » est introuvable : choisissez « Changer de base… » pour "
        "vérifier son nom dans l'adresse de la base de données."),
    (gem_log.REFUSED, CLI): N_(
        "Aucun serveur PostgreSQL n'accepte de connexion sur {server} : vérifiez le port dans "
        "l'adresse (--database ou GEM_DATABASE_URL), ou que le serveur est démarré."),
    (gem_log.REFUSED, WINDOW): N_(
        "Aucun serveur PostgreSQL n'accepte de connexion sur {server} : choisissez « Changer "
        "de base… » pour vérifier le port dans l'adresse, ou vérifiez que le serveur est "
        "démarré."),
    (gem_log.BAD_PASSWORD, CLI): N_(
        "Le serveur {server} a refusé le mot de passe de « {user} » : vérifiez le mot de passe "
        "(dans l'adresse, ~/.pgpass ou PGPASSWORD)."),
    (gem_log.BAD_PASSWORD, WINDOW): N_(
        "Le serveur {server} a refusé le mot de passe de « {user} » : choisissez « Changer de "
        "base… » pour entrer de nouveau le mot de passe."),
    (gem_log.NO_DATABASE, CLI): N_(
        "La base de données « {database} » n'existe pas sur le serveur {server} : vérifiez "
        "son nom, ou créez-la puis lancez « gem db upgrade »."),
    (gem_log.NO_DATABASE, WINDOW): N_(
        "La base de données « {database} » n'existe pas sur le serveur {server} : choisissez "
        "« Changer de base… » pour vérifier son nom, ou faites-la créer sur le serveur : GEM y "
        "créera ensuite ses tables."),
}


def database_problem_line(problem: str, url: str | None, where: Where) -> str | None:
    """The sentence for ``problem`` (one of gem.log's UNKNOWN_HOST... NOT_A_DATABASE) in the
    current language, naming the server, database or file of ``url`` but never its password;
    None when the address cannot back it up (no address, or a server problem reported for
    something that is not a PostgreSQL server), the caller's generic message then."""
    from sqlalchemy.engine import make_url

    try:
        parsed = make_url(url) if url else None
    except Exception:  # noqa: BLE001 - an address that does not parse: the generic message
        parsed = None
    if problem == gem_log.NOT_A_DATABASE:
        path = parsed.database if parsed is not None and parsed.database else "?"
        return tr(_MESSAGES[problem, where], path=str(Path(path).absolute()))
    if parsed is None or parsed.get_backend_name() != "postgresql":
        return None
    message = _MESSAGES.get((problem, where))
    if message is None:
        return None
    host = parsed.host or "localhost"
    return tr(message, host=host, server=f"{host}:{parsed.port or 5432}",
              user=parsed.username or "?", database=parsed.database or "?")


def database_problem_for(exc: BaseException, url: str | None, where: Where) -> str | None:
    """:func:`database_problem_line` for a failure, when gem.log recognises its cause."""
    problem = gem_log.database_problem(exc)
    return None if problem is None else database_problem_line(problem, url, where)
