"""The listing now holds each record's part in a document (wrote, received, mentioned in) and lists a
document under the subjects and archives above the records it is linked to: the old rows go, and
forgetting the count state makes the next refresh (the outbox worker, a command that changes records,
`archivist sync`) rebuild the listing and the counts whole."""

from django.db import migrations, models


def forget_listing(apps, schema_editor):
    apps.get_model("web", "Listing").objects.all().delete()
    apps.get_model("web", "CountState").objects.all().delete()


class Migration(migrations.Migration):

    dependencies = [
        ('web', '0001_initial'),
    ]

    operations = [
        migrations.RunPython(forget_listing, migrations.RunPython.noop),
        migrations.RemoveIndex(
            model_name='listing',
            name='listing_order',
        ),
        migrations.AddField(
            model_name='authoritycount',
            name='received',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='authoritycount',
            name='wrote',
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.AddField(
            model_name='listing',
            name='part',
            field=models.PositiveSmallIntegerField(choices=[(1, 'Wrote'), (2, 'Received'), (3, 'Mentioned in')], default=3),
        ),
        migrations.AddIndex(
            model_name='listing',
            index=models.Index(fields=['authority', 'part', 'date_earliest', 'document'], name='listing_part_order'),
        ),
    ]
