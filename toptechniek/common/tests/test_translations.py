"""The Dutch catalogue is complete, compiled and in step with the source strings.

Refresh everything with (from the project root):

    .venv/bin/python manage.py makemessages -l nl -l en --no-location --no-obsolete \
        --ignore=.venv --ignore=staticfiles --ignore=var
    # translate every empty msgstr in locale/nl/LC_MESSAGES/django.po, drop "#, fuzzy"
    .venv/bin/python manage.py compilemessages --ignore=.venv
"""

import gettext
import re
import shutil
import subprocess
import sys
import warnings
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
NL_PO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.po"
NL_MO = LOCALE_DIR / "nl" / "LC_MESSAGES" / "django.mo"
EN_PO = LOCALE_DIR / "en" / "LC_MESSAGES" / "django.po"

MAKEMESSAGES_ARGS = [
    "makemessages",
    "-l",
    "nl",
    "--no-location",
    "--no-obsolete",
    "--ignore=.venv",
    "--ignore=staticfiles",
    "--ignore=var",
]


# --- a tiny PO parser -------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\"}


def _unquote(literal: str) -> str:
    literal = literal.strip()
    assert literal.startswith('"') and literal.endswith('"'), f"not a PO string: {literal!r}"
    return re.sub(r"\\(.)", lambda m: _ESCAPES.get(m.group(1), "\\" + m.group(1)), literal[1:-1])


@dataclass
class Entry:
    msgid: str = ""
    msgid_plural: str | None = None
    msgctxt: str | None = None
    msgstr: dict[int, str] = field(default_factory=dict)  # key 0 for a singular msgstr
    flags: set[str] = field(default_factory=set)
    line: int = 0

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.msgctxt is None

    def __str__(self) -> str:
        return f"line {self.line}: {self.msgid!r}"


def parse_po(path: Path) -> list[Entry]:
    """Entries of a PO file in order; the header is the first entry (msgid "")."""
    entries: list[Entry] = []
    entry: Entry | None = None
    pending_flags: set[str] = set()
    last_keyword = None  # the keyword continuation lines ("...") append to
    last_index = 0
    for lineno, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = raw.strip()
        if not line:
            last_keyword = None
            continue
        if line.startswith("#~"):  # obsolete entry: not part of the catalogue
            continue
        if line.startswith("#,"):
            pending_flags |= {flag.strip() for flag in line[2:].split(",") if flag.strip()}
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d+)\])?\s+(".*")$', line)
        if match:
            keyword, index, literal = match.group(1), int(match.group(2) or 0), match.group(3)
            if keyword == "msgctxt" or (keyword == "msgid" and last_keyword != "msgctxt"):
                entry = Entry(line=lineno, flags=pending_flags)
                entries.append(entry)
                pending_flags = set()
            assert entry is not None, f"{path}:{lineno}: {keyword} before msgid"
            if keyword == "msgstr":
                entry.msgstr[index] = _unquote(literal)
            else:
                setattr(entry, keyword, _unquote(literal))
            last_keyword, last_index = keyword, index
            continue
        if line.startswith('"') and entry is not None and last_keyword is not None:
            if last_keyword == "msgstr":
                entry.msgstr[last_index] += _unquote(line)
            else:
                setattr(entry, last_keyword, getattr(entry, last_keyword) + _unquote(line))
            continue
        raise AssertionError(f"{path}:{lineno}: cannot parse {raw!r}")
    return entries


_PLACEHOLDER = re.compile(r"%%|%\(\w+\)[sdif]|%[sdif]")


def placeholders(text: str) -> set[str]:
    return {m.group(0) for m in _PLACEHOLDER.finditer(text)}


@pytest.fixture(scope="module")
def nl_entries() -> list[Entry]:
    return parse_po(NL_PO)


def test_parser_reads_the_dutch_catalogue(nl_entries):
    assert nl_entries[0].is_header
    assert len(nl_entries) > 300
    by_id = {e.msgid: e for e in nl_entries}
    assert by_id["Log in"].msgstr == {0: "Inloggen"}
    plural = next(e for e in nl_entries if e.msgid_plural)
    assert set(plural.msgstr) == {0, 1}


# --- (a) every entry translated, nothing fuzzy -----------------------------------------------


def test_dutch_catalogue_has_no_fuzzy_entries(nl_entries):
    fuzzy = [str(e) for e in nl_entries if "fuzzy" in e.flags]
    assert not fuzzy, "fuzzy entries in the Dutch catalogue (review and drop the flag):\n" + "\n".join(fuzzy)


def test_dutch_catalogue_translates_every_entry(nl_entries):
    empty = []
    for e in nl_entries:
        if e.is_header:
            continue
        expected = {0, 1} if e.msgid_plural is not None else {0}
        if set(e.msgstr) != expected or any(not s.strip() for s in e.msgstr.values()):
            empty.append(str(e))
    assert not empty, f"{len(empty)} untranslated entries in {NL_PO}:\n" + "\n".join(empty)


def test_dutch_translations_keep_their_placeholders(nl_entries):
    wrong = []
    for e in nl_entries:
        if e.is_header:
            continue
        wanted = placeholders(e.msgid) | placeholders(e.msgid_plural or "")
        for index, text in e.msgstr.items():
            got = placeholders(text)
            # A singular form may leave out the count ("één regio"), never add an unknown one.
            must_match = index > 0 or e.msgid_plural is None
            if not got <= wanted or (must_match and got != wanted):
                wrong.append(f"{e} msgstr[{index}] has {sorted(got)}, expected {sorted(wanted)}")
    assert not wrong, "\n".join(wrong)


def test_dutch_header_declares_language_and_plural_forms(nl_entries):
    header = nl_entries[0].msgstr[0]
    assert "Language: nl\n" in header
    assert "Plural-Forms: nplurals=2; plural=(n != 1);" in header
    assert "charset=UTF-8" in header


def test_english_catalogue_uses_the_source_strings(nl_entries):
    en_entries = parse_po(EN_PO)
    filled = [str(e) for e in en_entries if not e.is_header and any(e.msgstr.values())]
    assert not filled, "the English source strings are used as-is; leave msgstr empty:\n" + "\n".join(filled)
    assert {(e.msgctxt, e.msgid) for e in en_entries} == {(e.msgctxt, e.msgid) for e in nl_entries}


# --- (b) the committed .mo is compiled from the current .po ----------------------------------


def test_compiled_dutch_catalogue_matches_the_po(nl_entries):
    assert NL_MO.exists(), f"{NL_MO} is missing: run compilemessages"
    with NL_MO.open("rb") as fh:
        mo = gettext.GNUTranslations(fh)

    stale = []
    for e in nl_entries:
        if e.is_header:
            continue
        key = f"{e.msgctxt}\x04{e.msgid}" if e.msgctxt is not None else e.msgid
        if e.msgid_plural is None:
            got = mo._catalog.get(key)
            if got != e.msgstr[0]:
                stale.append(f"{e}: .mo has {got!r}, .po has {e.msgstr[0]!r}")
        else:
            for index, text in e.msgstr.items():
                got = mo._catalog.get((key, index))
                if got != text:
                    stale.append(f"{e} [{index}]: .mo has {got!r}, .po has {text!r}")
    assert not stale, "the .mo is out of date with the .po; run compilemessages:\n" + "\n".join(stale)

    po_keys = {e.msgid if e.msgctxt is None else f"{e.msgctxt}\x04{e.msgid}" for e in nl_entries if not e.is_header}
    mo_keys = {k if isinstance(k, str) else k[0] for k in mo._catalog if k != ""}
    assert mo_keys == po_keys, f"only in .mo: {sorted(mo_keys - po_keys)}; only in .po: {sorted(po_keys - mo_keys)}"


# --- (c) Django actually serves Dutch ---------------------------------------------------------


def test_dutch_is_the_default_language():
    assert settings.LANGUAGES[0][0] == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]


def test_django_translates_to_dutch():
    with translation.override("nl"):
        assert translation.gettext("Log in") == "Inloggen"
        assert translation.gettext("Log out") == "Uitloggen"
        assert translation.gettext("regional vision") == "regiovisie"
        one = translation.ngettext(
            "%(n)s indicator is proposed and awaits agreement.",
            "%(n)s indicators are proposed and await agreement.",
            1,
        )
        many = translation.ngettext(
            "%(n)s indicator is proposed and awaits agreement.",
            "%(n)s indicators are proposed and await agreement.",
            3,
        )
        assert one % {"n": 1} == "1 indicator is voorgesteld en wacht op vaststelling."
        assert many % {"n": 3} == "3 indicatoren zijn voorgesteld en wachten op vaststelling."
    with translation.override("en"):
        assert translation.gettext("Log in") == "Log in"


# --- optional: the catalogue holds every string in the source --------------------------------


@pytest.mark.skipif(not (shutil.which("xgettext") and shutil.which("msgmerge")), reason="needs GNU gettext")
def test_makemessages_finds_no_new_strings(tmp_path, nl_entries):
    """Run makemessages on a copy of the project and compare its msgids with the committed ones."""
    root = Path(settings.BASE_DIR)
    copy = tmp_path / "project"
    shutil.copytree(
        root,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".git", "var", "staticfiles", "node_modules", "__pycache__", ".pytest_cache", ".ruff_cache"
        ),
    )
    result = subprocess.run(
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    fresh = {(e.msgctxt, e.msgid, e.msgid_plural) for e in parse_po(copy / NL_PO.relative_to(root)) if not e.is_header}
    committed = {(e.msgctxt, e.msgid, e.msgid_plural) for e in nl_entries if not e.is_header}
    new = sorted(fresh - committed, key=str)
    assert not new, "source strings missing from the catalogue; rerun makemessages and translate:\n" + "\n".join(
        repr(m) for m in new
    )
    gone = sorted(committed - fresh, key=str)
    if gone:
        warnings.warn(f"{len(gone)} catalogue entries no longer in the source: {gone}", stacklevel=1)
