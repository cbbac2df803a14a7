"""The search table, plus each database's full-text index over it.

SQLite: an external-content FTS5 table kept in sync by triggers, so the index
can never disagree with search_searchentry, whoever writes it.
PostgreSQL: a GIN index on the 'simple' tsvector of the token string (no
stemming or stop words: the tokens are already jieba words).
"""

from django.db import migrations, models

SQLITE_UP = [
    "CREATE VIRTUAL TABLE search_fts USING fts5(tokens, content='search_searchentry', content_rowid='task_id')",
    """CREATE TRIGGER search_fts_ai AFTER INSERT ON search_searchentry BEGIN
         INSERT INTO search_fts(rowid, tokens) VALUES (new.task_id, new.tokens); END""",
    """CREATE TRIGGER search_fts_ad AFTER DELETE ON search_searchentry BEGIN
         INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.task_id, old.tokens); END""",
    """CREATE TRIGGER search_fts_au AFTER UPDATE ON search_searchentry BEGIN
         INSERT INTO search_fts(search_fts, rowid, tokens) VALUES ('delete', old.task_id, old.tokens);
         INSERT INTO search_fts(rowid, tokens) VALUES (new.task_id, new.tokens); END""",
]
SQLITE_DOWN = [
    "DROP TRIGGER IF EXISTS search_fts_au",
    "DROP TRIGGER IF EXISTS search_fts_ad",
    "DROP TRIGGER IF EXISTS search_fts_ai",
    "DROP TABLE IF EXISTS search_fts",
]
PG_UP = ["CREATE INDEX search_entry_tsv ON search_searchentry USING GIN (to_tsvector('simple', tokens))"]
PG_DOWN = ["DROP INDEX IF EXISTS search_entry_tsv"]


def _run(statements_by_vendor):
    def run(apps, schema_editor):
        for sql in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    initial = True

    dependencies = [("ledger", "0001_initial")]

    operations = [
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "task",
                    models.OneToOneField(
                        on_delete=models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="ledger.task",
                    ),
                ),
                ("tokens", models.TextField()),
            ],
        ),
        migrations.RunPython(
            _run({"sqlite": SQLITE_UP, "postgresql": PG_UP}),
            _run({"sqlite": SQLITE_DOWN, "postgresql": PG_DOWN}),
        ),
    ]
