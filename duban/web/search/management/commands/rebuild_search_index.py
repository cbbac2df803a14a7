from django.core.management.base import BaseCommand

from duban.web.search.index import rebuild


class Command(BaseCommand):
    help = "Rebuild the Chinese full-text search index of all tasks"

    def handle(self, *args, **options):
        n = rebuild()
        self.stdout.write(f"indexed {n} tasks")
