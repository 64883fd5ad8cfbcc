"""argparse's own words in the language of the command: « utilisation : », « arguments
positionnels », « erreur : » in French; argparse's English untouched in English."""

from __future__ import annotations

import argparse

import pytest

from gem import argparse_fr
from gem.cli import build_parser, main


@pytest.fixture(autouse=True)
def _argparse_back_in_english():
    yield
    argparse_fr.install("en")


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exit_:
        main(list(argv))
    out, err = capsys.readouterr()
    return exit_.value.code, out, err


# ---------------------------------------------------------------- the module alone


def test_install_french_then_english():
    argparse_fr.install("fr")
    assert argparse_fr.installed_language() == "fr"
    help_ = build_parser([]).format_help()
    assert help_.startswith("utilisation : gem ")
    assert "arguments positionnels" in help_ and "afficher cette aide et quitter" in help_
    argparse_fr.install("en")
    assert argparse_fr.installed_language() == "en"
    help_ = build_parser([]).format_help()
    assert help_.startswith("usage: gem ") and "show this help message and exit" in help_


def test_french_errors_from_the_parser(capsys):
    argparse_fr.install("fr")
    parser = build_parser(["users"])
    with pytest.raises(SystemExit):
        parser.parse_args(["users", "add"])
    err = capsys.readouterr().err
    assert "gem users add : erreur : arguments obligatoires manquants : login, --name" in err
    assert err.startswith("utilisation : gem users add ")


def test_plural_follows_french_rules():
    argparse_fr.install("fr")
    assert argparse.ngettext("expected %s argument", "expected %s arguments", 0) \
        == "%s argument attendu"
    assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) \
        == "%s arguments attendus"


def test_the_table_keeps_argparses_placeholders():
    import re

    placeholder = re.compile(r"%(?:\(\w+\))?[sr]")
    for english, french in argparse_fr.FRENCH.items():
        assert sorted(placeholder.findall(english)) == sorted(placeholder.findall(french)), english
    for (one, many), (un, plusieurs) in argparse_fr.FRENCH_PLURAL.items():
        assert placeholder.findall(one) == placeholder.findall(un)
        assert placeholder.findall(many) == placeholder.findall(plusieurs)


def test_every_french_msgid_is_argparses():
    """Each key is a string argparse of this Python translates (or a later one's, marked)."""
    import inspect

    source = inspect.getsource(argparse)
    later = {"%(heading)s:", "subcommands", "show program's version number and exit",
             " (default: %(default)s)", "%(prog)s: warning: %(message)s\n",
             "option '%(option)s' is deprecated", "argument '%(argument_name)s' is deprecated",
             "command '%(parser_name)s' is deprecated"}
    for msgid in argparse_fr.FRENCH:
        if msgid in later:
            continue
        assert repr(msgid)[1:-1] in source or msgid in source, msgid


# ---------------------------------------------------------------- the real command (the hook
# in gem.cli.main installs the language named by --lang, French by default)


def test_help_in_french(capsys):
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert out.startswith("utilisation : gem ")
    assert "arguments positionnels" in out and "\noptions:" in out
    assert "-h, --help" in out and "afficher cette aide et quitter" in out


def test_help_in_english(capsys):
    code, out, _ = _run(capsys, "--lang", "en", "--help")
    assert code == 0
    assert out.startswith("usage: gem ")
    assert "positional arguments" in out and "show this help message and exit" in out


def test_missing_argument_in_french(capsys):
    code, _, err = _run(capsys, "users", "add")
    assert code == 2
    assert err.splitlines()[-1] == ("gem users add : erreur : arguments obligatoires manquants : "
                                    "login, --name, --role")


def test_missing_argument_in_english(capsys):
    code, _, err = _run(capsys, "--lang", "en", "users", "add")
    assert code == 2
    assert err.splitlines()[-1] == ("gem users add: error: the following arguments are "
                                    "required: login, --name, --role")


def test_invalid_choice_in_french(capsys):
    code, _, err = _run(capsys, "users", "add", "x", "--name", "X", "--role", "roi")
    assert code == 2
    last = err.splitlines()[-1]
    assert last.startswith("gem users add : erreur : argument --role : choix invalide : 'roi' "
                           "(choisir parmi ")


def test_invalid_choice_in_english(capsys):
    code, _, err = _run(capsys, "--lang", "en", "users", "add", "x", "--name", "X",
                        "--role", "roi")
    assert code == 2
    assert "gem users add: error: argument --role: invalid choice: 'roi' (choose from " in err


def test_unrecognized_and_expected_one_in_french(capsys):
    code, _, err = _run(capsys, "--bogus")
    assert code == 2 and err.splitlines()[-1] == "gem : erreur : arguments non reconnus : --bogus"
    code, _, err = _run(capsys, "--database")
    assert code == 2
    assert err.splitlines()[-1] == "gem : erreur : argument --database : un argument attendu"


def test_english_after_french_in_one_process(capsys):
    _run(capsys, "--help")
    code, out, _ = _run(capsys, "--lang", "en", "--help")
    assert out.startswith("usage: gem ")
    code, out, _ = _run(capsys, "--lang", "fr", "--help")
    assert out.startswith("utilisation : gem ")
