"""make backup / make restore: a dump of the database plus media, restored into an empty database."""

import os
import subprocess

import psycopg
import pytest
from django.db import connection

from libraries.models import Library, Village

pytestmark = pytest.mark.skipif(
    subprocess.run(["which", "pg_dump"], capture_output=True).returncode, reason="no pg_dump"
)

TABLES = ["libraries_library", "libraries_village", "accounts_user", "accounts_roleassignment", "libraries_aid"]


def db_url(name: str) -> str:
    s = connection.settings_dict
    return f"postgres://{s['USER']}@{s['HOST']}:{s['PORT']}/{name}"


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as conn:
        return {table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in TABLES}


def test_backup_restores_every_record_and_file_into_an_empty_database(demo_db, tmp_path):
    assert Library.objects.exists() and Village.objects.exists()
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    photo = media / "photos" / "kegiatan.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not really a jpeg but bytes to keep")
    source = db_url(connection.settings_dict["NAME"])
    archive = tmp_path / "backup.tar.gz"
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    subprocess.run(["scripts/backup.sh", str(archive)], env=env, check=True, capture_output=True)

    with connection.cursor() as cursor:
        cursor.execute("DROP DATABASE IF EXISTS tpbis_restore_test")
        cursor.execute("CREATE DATABASE tpbis_restore_test")
    try:
        restored_media = tmp_path / "restored-media"
        target = db_url("tpbis_restore_test")
        env = {**os.environ, "DATABASE_URL": target, "MEDIA_ROOT": str(restored_media)}
        subprocess.run(["scripts/restore.sh", str(archive)], env=env, check=True, capture_output=True)

        assert counts(target) == counts(source)
        assert (restored_media / "photos" / "kegiatan.jpg").read_bytes() == photo.read_bytes()
    finally:
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS tpbis_restore_test WITH (FORCE)")


def test_scheduled_backups_keep_the_newest_archives(db, tmp_path):
    """``--keep N`` (the backup timer's retention): after a complete new archive, only the newest N are left."""
    backups = tmp_path / "backups"
    backups.mkdir()
    for age_days, name in [(3, "tpbis-20260101-023000.tar.gz"), (2, "tpbis-20260102-023000.tar.gz")]:
        old = backups / name
        old.write_bytes(b"old archive")
        stamp = old.stat().st_mtime - age_days * 86400
        os.utime(old, (stamp, stamp))
    (backups / "notes.txt").write_text("not a backup: left alone")
    env = {**os.environ, "DATABASE_URL": db_url(connection.settings_dict["NAME"]), "MEDIA_ROOT": str(tmp_path / "m")}

    done = subprocess.run(
        ["scripts/backup.sh", "--dir", str(backups), "--keep", "2"], env=env, check=True, capture_output=True, text=True
    )
    written = done.stdout.splitlines()[0]
    assert sorted(path.name for path in backups.iterdir()) == sorted(
        ["tpbis-20260102-023000.tar.gz", os.path.basename(written), "notes.txt"]
    )
    assert "removed" in done.stdout and "20260101" in done.stdout

    refused = subprocess.run(["scripts/backup.sh", "--keep", "0"], env=env, capture_output=True, text=True)
    assert refused.returncode == 2 and len(list(backups.iterdir())) == 3


def test_the_restore_drill_restores_the_newest_backup_and_checks_it(db, tmp_path):
    """scripts/restore_drill.sh: the newest archive into a scratch database, schema checked, records counted."""
    source = db_url(connection.settings_dict["NAME"])
    media = tmp_path / "media"
    (media / "photos").mkdir(parents=True)
    (media / "photos" / "a.jpg").write_bytes(b"photo")
    backups = tmp_path / "backups"
    env = {**os.environ, "DATABASE_URL": source, "MEDIA_ROOT": str(media)}
    subprocess.run(["scripts/backup.sh", "--dir", str(backups)], env=env, check=True, capture_output=True)

    with psycopg.connect(db_url("postgres"), autocommit=True) as admin:
        admin.execute("DROP DATABASE IF EXISTS tpbis_drill_test")
        admin.execute("CREATE DATABASE tpbis_drill_test")
    try:
        env = {**os.environ, "BACKUP_DIR": str(backups), "DRILL_DATABASE_URL": db_url("tpbis_drill_test")}
        done = subprocess.run(["scripts/restore_drill.sh"], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr[-3000:]
        assert "schema: matches this release" in done.stdout
        assert f"libraries_library: {Library.objects.count()}" in done.stdout
        assert "media files: 1" in done.stdout
    finally:
        with psycopg.connect(db_url("postgres"), autocommit=True) as admin:
            admin.execute("DROP DATABASE IF EXISTS tpbis_drill_test WITH (FORCE)")
