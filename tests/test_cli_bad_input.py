"""Bad options on the command line (issue 12): one translated line naming what is wrong,
exit status 2, no traceback, nothing written; where the CLI printed a BadValue traceback
with a literal {value}, an OverflowError, openpyxl's noise, or silently sorted by something
else than what was asked."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.clock("2026-12-01")


def _refused(result: tuple[int, str, str]) -> str:
    """The one line of a refusal (exit 2, nothing on stdout, no traceback)."""
    status, out, err = result
    assert (status, out) == (2, ""), result
    assert "Traceback" not in err and "Exception ignored" not in err, err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def _export(gem, tmp_path, *options: str, lang: str = "fr"):
    return gem("--lang", lang, "report", "list_export", "--list", "grievances", *options,
               "-o", str(tmp_path / "griefs.xlsx"))


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Date de dépôt : « 2026-02-30 » n'est pas une date valide "
           "(AAAA-MM-JJ ou JJ/MM/AAAA)."),
    ("en", "Filing date: “2026-02-30” is not a valid date (YYYY-MM-DD or DD/MM/YYYY)."),
])
def test_a_bad_date_in_filters_names_the_filter(gem, tmp_path, lang, message):
    assert _refused(_export(gem, tmp_path, "--filters", "filed_date=2026-02-30..",
                            lang=lang)) == message
    assert not (tmp_path / "griefs.xlsx").exists()


def test_bad_filter_values_and_names(gem, tmp_path):
    line = _refused(_export(gem, tmp_path, "--filters", f"institution_id={2**40}", lang="en"))
    assert line == (f"Institution: “{2**40}” is outside the allowed range "
                    "(-2147483648 to 2147483647).")
    line = _refused(_export(gem, tmp_path, "--filters", "closed_date=..1/13/2026"))
    assert line.startswith("Date de fermeture : « 1/13/2026 » n'est pas une date valide")
    line = _refused(_export(gem, tmp_path, "--filters", "text=Prime\x01", lang="en"))
    assert line == "Search: contains a character that is not allowed (U+0001, position 6)."
    line = _refused(_export(gem, tmp_path, "--filters", "shoe_size=9", lang="en"))
    assert line.startswith("shoe_size: unknown filter (") and "filed_date" in line
    assert not (tmp_path / "griefs.xlsx").exists()
    status, out, err = _export(gem, tmp_path, "--filters", "filed_date=2026-01-01..2026-12-31",
                               "--filters", "region_code=06")
    assert status == 0 and (tmp_path / "griefs.xlsx").exists(), err


@pytest.mark.parametrize(("lang", "message"), [
    ("fr", "Trier par : « nope » n'est pas une valeur permise (file_number, title, kind, "
           "nature, institution, counsellor, status, filed_date, closed_date, outcome, "
           "amount_claimed, last_activity_at)."),
    ("en", "Sort by: “nope” is not an allowed value (file_number, title, kind, nature, "
           "institution, counsellor, status, filed_date, closed_date, outcome, "
           "amount_claimed, last_activity_at)."),
])
def test_an_unknown_order_is_refused_with_the_allowed_names(gem, tmp_path, lang, message):
    assert _refused(_export(gem, tmp_path, "--order-by", "nope", lang=lang)) == message
    assert not (tmp_path / "griefs.xlsx").exists()
    status, _, err = _export(gem, tmp_path, "--order-by", "title")
    assert status == 0 and (tmp_path / "griefs.xlsx").exists(), err


@pytest.mark.parametrize(("lang", "argv", "message"), [
    ("fr", ["--days", "10000000"],
     "Durée : « 10000000 » est hors de la plage permise (1 à 36600)."),
    ("en", ["--days", "10000000"],
     "Length: “10000000” is outside the allowed range (1 to 36600)."),
    ("en", ["--working-days", "99999"],
     "Length: “99999” is outside the allowed range (1 to 26100)."),
    ("en", ["--months", "5000"], "Length: “5000” is outside the allowed range (1 to 1200)."),
    ("en", ["--years", "101"], "Length: “101” is outside the allowed range (1 to 100)."),
])
def test_a_delay_beyond_a_century_is_refused(gem, lang, argv, message):
    assert _refused(gem("--lang", lang, "deadline", "compute", *argv,
                        "--trigger", "2026-01-01")) == message


def test_other_numbers_and_dates_out_of_range(gem):
    line = _refused(gem("--lang", "en", "deadline", "compute", "--days", "10",
                        "--trigger", "9999-12-31"))
    assert line == ("Trigger date: “9999-12-31” is outside the allowed range "
                    "(1950-01-01 to 2076-12-01).")
    line = _refused(gem("deadline", "compute", "--rule", "grievance_agreement",
                        "--trigger", "2026-01-01", "--agreement", str(2**40)))
    assert line == f"Convention : « {2**40} » est hors de la plage permise (1 à 2147483647)."
    line = _refused(gem("--lang", "en", "deadline", "holidays", "--year", "99999"))
    assert line == "Year: “99999” is outside the allowed range (1950 to 2076)."
    line = _refused(gem("--lang", "en", "due", "--days", "10000000"))
    assert line == "Days: “10000000” is outside the allowed range (0 to 36600)."
    status, out, _ = gem("deadline", "compute", "--days", "36600", "--trigger", "2026-01-01")
    assert status == 0 and out.startswith("2126-")


def test_an_output_that_cannot_be_written(gem, tmp_path):
    tmp_path = tmp_path / "sorties"  # beside the test's database
    tmp_path.mkdir()
    blocker = tmp_path / "un-fichier"
    blocker.write_text("")
    for target in (blocker / "griefs.xlsx", tmp_path):
        line = _refused(gem("report", "list_export", "--list", "grievances",
                            "-o", str(target)))
        assert line.startswith("Fichier ou dossier inaccessible (")
    line = _refused(gem("--lang", "en", "due", "--ics", str(blocker / "agenda.ics")))
    assert line.startswith("File or folder cannot be accessed (") and "agenda.ics" in line
    assert sorted(p.name for p in tmp_path.iterdir()) == ["un-fichier"]
    status, _, err = gem("report", "list_export", "--list", "grievances",
                         "-o", str(tmp_path / "nouveau" / "griefs.xlsx"))
    assert status == 0 and (tmp_path / "nouveau" / "griefs.xlsx").exists(), err


@pytest.mark.skipif(not __import__("os").path.isdir("/proc/self"), reason="Linux /proc")
def test_an_output_the_system_refuses_is_named_as_typed(gem):
    """/proc takes no new file, even from root: the refusal names the file asked for, before
    the workbook is begun (it named the writer's hidden ".part" file, after openpyxl's
    "Exception ignored" traceback)."""
    line = _refused(gem("--lang", "en", "report", "list_export", "--list", "grievances",
                        "-o", "/proc/griefs.xlsx"))
    assert line.startswith("File or folder cannot be accessed (")
    assert line.endswith(": /proc/griefs.xlsx).") and ".part" not in line
