"""Document.published_at: when a document last became published. Documents published before it
existed take the time they were last changed, the nearest the archive knows."""

from django.db import migrations, models
from django.db.models import F


def stamp_published(apps, schema_editor):
    Document = apps.get_model("records", "Document")
    Document.objects.filter(status="published").update(published_at=F("modified"))


class Migration(migrations.Migration):

    dependencies = [
        ("records", "0009_note_body_html"),
    ]

    operations = [
        migrations.AddField(
            model_name="document",
            name="published_at",
            field=models.DateTimeField(blank=True, editable=False, null=True,
                                       help_text="When it last became published (records.publication); "
                                                 "empty while it is not published."),
        ),
        migrations.AddIndex(
            model_name="document",
            index=models.Index(fields=["status", "published_at"], name="document_publication"),
        ),
        migrations.RunPython(stamp_published, migrations.RunPython.noop),
    ]
