"""Backups: the database (pg_dump custom format on PostgreSQL, SQLite's online backup otherwise) plus the
stored files (MEDIA_ROOT: report and placemat PDFs, attachments), in one directory per backup.

    python manage.py backup [--dest var/backups]          → var/backups/<UTC timestamp>/
    python manage.py restore var/backups/<timestamp>      → into DATABASE_URL and MEDIA_ROOT

A backup directory holds `database.dump` (or `database.sqlite3`), `media.tar.gz` and `manifest.json`
(what was written, row counts of the main tables, sha256 of each part). `restore` checks the sha256s
before it touches anything, restores into the configured database (`pg_restore --clean --if-exists
--no-owner`) and unpacks the files, refusing paths that leave MEDIA_ROOT.
"""

import datetime
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connections

COUNTED = [
    "monitoring_monitorreport",
    "monitoring_realisation",
    "audits_scoring",
    "audits_themescore",
    "audits_placemat",
    "audits_placematpdf",
    "monitoring_reportpdf",
    "peerreviews_peerreview",
    "audits_stimulusgrant",
    "monitoring_reportattachment",
    "peerreviews_peerreviewattachment",
]


class BackupError(RuntimeError):
    pass


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _pg_env(db: dict) -> dict:
    env = dict(os.environ)
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def _pg_args(db: dict) -> list[str]:
    args = ["--host", str(db.get("HOST") or "127.0.0.1"), "--port", str(db.get("PORT") or 5432)]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def table_counts(alias: str = "default") -> dict[str, int]:
    counts = {}
    with connections[alias].cursor() as cursor:
        for table in COUNTED:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 - fixed table names
            counts[table] = cursor.fetchone()[0]
    return counts


def backup(*, dest: Path, alias: str = "default") -> Path:
    db = settings.DATABASES[alias]
    target = Path(dest) / datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    target.mkdir(parents=True)
    if db["ENGINE"].endswith("postgresql"):
        dump = target / "database.dump"
        subprocess.run(  # noqa: S603 - fixed program, arguments from our own settings
            [  # noqa: S607 - the PostgreSQL client on PATH
                "pg_dump",
                "--format=custom",
                "--no-owner",
                "--file",
                str(dump),
                *_pg_args(db),
                str(db["NAME"]),
            ],
            check=True,
            env=_pg_env(db),
        )
    else:
        dump = target / "database.sqlite3"
        with sqlite3.connect(str(db["NAME"])) as source, sqlite3.connect(str(dump)) as copy:
            source.backup(copy)
    media = target / "media.tar.gz"
    with tarfile.open(media, "w:gz") as archive:
        root = Path(settings.MEDIA_ROOT)
        if root.exists():
            archive.add(root, arcname="media")
    manifest = {
        "created": datetime.datetime.now(datetime.UTC).isoformat(),
        "engine": db["ENGINE"],
        "database": dump.name,
        "counts": table_counts(alias),
        "sha256": {dump.name: _sha256(dump), media.name: _sha256(media)},
    }
    (target / "manifest.json").write_text(json.dumps(manifest, indent=2))
    return target


def restore(*, source: Path, db: dict | None = None) -> dict:
    """Restore into `db` (connection settings; by default the configured database)."""
    source = Path(source)
    manifest = json.loads((source / "manifest.json").read_text())
    for name, expected in manifest["sha256"].items():
        if _sha256(source / name) != expected:
            raise BackupError(f"{name} does not match its checksum: the backup is damaged")
    default = db is None
    db = db or settings.DATABASES["default"]
    dump = source / manifest["database"]
    if default:
        connections["default"].close()
    if db["ENGINE"].endswith("postgresql"):
        if not dump.name.endswith(".dump"):
            raise BackupError("this backup was made from SQLite; restore it into SQLite")
        subprocess.run(  # noqa: S603 - fixed program, arguments from our own settings
            [  # noqa: S607 - the PostgreSQL client on PATH
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--dbname",
                str(db["NAME"]),
                *_pg_args(db),
                str(dump),
            ],
            check=True,
            env=_pg_env(db),
        )
    else:
        shutil.copyfile(dump, db["NAME"])
    root = Path(settings.MEDIA_ROOT)
    root.mkdir(parents=True, exist_ok=True)
    with tarfile.open(source / "media.tar.gz", "r:gz") as archive:
        for member in archive.getmembers():
            relative = Path(member.name).relative_to("media") if member.name != "media" else Path()
            if member.name != "media" and (".." in relative.parts or relative.is_absolute()):
                raise BackupError(f"refusing a path outside the media directory: {member.name}")
            if member.isfile():
                out = root / relative
                out.parent.mkdir(parents=True, exist_ok=True)
                with archive.extractfile(member) as data, out.open("wb") as handle:
                    shutil.copyfileobj(data, handle)
    return manifest
