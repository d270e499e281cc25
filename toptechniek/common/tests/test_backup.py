"""make backup / make restore: a backup restored into an empty database holds every report, score and file."""

import uuid
from pathlib import Path

import psycopg
import pytest
from django.core.files.base import ContentFile
from django.db import connection, connections

from audits.models import PlacematPdf
from audits.tests.factories import PlacematFactory, ScoringFactory, ThemeScoreFactory
from monitoring.models import ReportAttachment
from monitoring.tests.factories import MonitorReportFactory
from toptechniek.common import backup as backups
from toptechniek.common.samples import store_sample_attachment


@pytest.fixture
def target_database():
    """An empty PostgreSQL database next to the test database, as the alias "restore"; dropped after."""
    default = connections.databases["default"]
    name = f"tt_restore_{uuid.uuid4().hex[:12]}"
    dsn = dict(host=default.get("HOST") or "127.0.0.1", port=default.get("PORT") or 5432, user=default.get("USER"))
    with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield {**default, "NAME": name}
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **dsn) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _connect(db: dict):
    return psycopg.connect(
        dbname=db["NAME"], host=db.get("HOST") or "127.0.0.1", port=db.get("PORT") or 5432, user=db.get("USER")
    )


def _counts(db: dict) -> dict[str, int]:
    with _connect(db) as conn:
        return {t: conn.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in backups.COUNTED}  # noqa: S608


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_backup_restores_into_an_empty_database_with_every_report_score_and_file(settings, tmp_path, target_database):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump / pg_restore need PostgreSQL")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    reports = [MonitorReportFactory(submitted=True) for _ in range(3)]
    placemat = PlacematFactory(region=reports[0].region, programme_year=reports[0].programme_year, published=True)
    scoring = ScoringFactory(placemat=placemat, submitted=True)
    theme = placemat.region.programme.placemat_themes.first()
    ThemeScoreFactory(scoring=scoring, theme=theme, score=3)
    pdf = PlacematPdf.objects.create(placemat=placemat)
    pdf.file.save("placemat-test.pdf", ContentFile(b"%PDF-1.7 test placemat"), save=True)
    attachment = store_sample_attachment(ReportAttachment, report=reports[1], name="jaarplan.pdf")
    attachment_bytes = Path(attachment.file.path).read_bytes()

    target = backups.backup(dest=tmp_path / "backups")
    assert {p.name for p in target.iterdir()} == {"database.dump", "media.tar.gz", "manifest.json"}

    Path(pdf.file.path).unlink()  # the files are gone too, as after a lost disk
    Path(attachment.file.path).unlink()
    manifest = backups.restore(source=target, db=target_database)
    restored = _counts(target_database)
    assert restored == manifest["counts"]
    assert restored["monitoring_monitorreport"] == 3 and restored["audits_themescore"] == 1
    assert restored["audits_placematpdf"] == 1
    assert Path(pdf.file.path).read_bytes() == b"%PDF-1.7 test placemat"
    assert restored["monitoring_reportattachment"] == 1
    assert Path(attachment.file.path).read_bytes() == attachment_bytes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_is_refused_before_anything_changes(settings, tmp_path, target_database):
    if connection.vendor != "postgresql":
        pytest.skip("pg_dump / pg_restore need PostgreSQL")
    settings.MEDIA_ROOT = str(tmp_path / "media")
    MonitorReportFactory()
    target = backups.backup(dest=tmp_path / "backups")
    with (target / "database.dump").open("ab") as handle:
        handle.write(b"tampered")
    with pytest.raises(backups.BackupError, match="checksum"):
        backups.restore(source=target, db=target_database)
    with _connect(target_database) as conn:
        tables = conn.execute("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'")
        assert tables.fetchone()[0] == 0
