"""Refuse REPLACE INTO / INSERT OR REPLACE of an existing audit event on SQLite (see
duban.web.audit.guards); on PostgreSQL the triggers are re-created unchanged."""

from django.db import migrations


def install(apps, schema_editor):
    from duban.web.audit import guards

    guards.install(schema_editor.connection)


def remove_replace_guard(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS audit_no_replace")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_triggers")]
    operations = [migrations.RunPython(install, remove_replace_guard)]
