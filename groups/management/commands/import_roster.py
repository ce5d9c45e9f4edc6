from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from groups.roster import RosterError, import_roster


class Command(BaseCommand):
    help = (
        "Import state legislators from an Open States people CSV (the state "
        "from a `state` column or the file's name, e.g. wi.csv). Each state's "
        "roster replaces the one imported before."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)

    def handle(self, *args, file, **options):
        try:
            with file.open("rb") as content:
                imported = import_roster(content, file.name)
        except OSError as error:
            raise CommandError(f"Can't read {file}: {error.strerror}.") from error
        except RosterError as error:
            raise CommandError(f"{file.name}: {error}") from error
        for done in imported:
            self.stdout.write(self.style.SUCCESS(str(done)))
