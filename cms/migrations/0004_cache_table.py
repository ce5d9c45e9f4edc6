"""The table of the database cache (cms.cache.SharedDatabaseCache, the cache
when REDIS_URL is unset): made here so that every install has it after
`migrate`, whichever cache it uses today."""

from django.core.management import call_command
from django.db import migrations

TABLE = "cms_cache"  # settings.CACHES's LOCATION


def create_table(apps, schema_editor):
    call_command(
        "createcachetable", TABLE, database=schema_editor.connection.alias, verbosity=0
    )


def drop_table(apps, schema_editor):
    schema_editor.execute(
        f"DROP TABLE IF EXISTS {schema_editor.quote_name(TABLE)}"
    )


class Migration(migrations.Migration):

    dependencies = [("cms", "0003_emaildomainpolicy")]

    operations = [migrations.RunPython(create_table, drop_table)]
