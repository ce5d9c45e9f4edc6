from django.core.management.base import BaseCommand
from django.db import transaction

from groups import demo_content


class Command(BaseCommand):
    help = (
        "Create the home page, the working groups index and the six working groups "
        "of the demo. Pages that exist already are left as they are, so running it "
        "again changes nothing."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            demo_content.load(log=self.stdout.write)
        self.stdout.write(self.style.SUCCESS("The demo content is in place."))
