# URL fields follow the archive's URL rule (http, https, mailto or relative), and what older archives
# stored before that rule and before HTML was sanitized is made safe: unsafe URLs emptied, HTML cleaned.

from django.db import migrations, models

from archivist.records.html import sanitize_html, url_problem, validate_url

BATCH = 500


def make_stored_values_safe(apps, schema_editor):
    for model_name in ("Document", "Attachment"):
        model = apps.get_model("records", model_name)
        unsafe = [row.pk for row in model.objects.exclude(url="").only("pk", "url").iterator(BATCH)
                  if url_problem(row.url)]
        model.objects.filter(pk__in=unsafe).update(url="")
    Text = apps.get_model("records", "Text")
    last = 0  # batches by primary key: no cursor stays open while rows are written
    while batch := list(Text.objects.filter(pk__gt=last).exclude(body_html="").order_by("pk")
                        .only("pk", "body_html")[:BATCH]):
        changed = [text for text in batch if _sanitized(text)]
        Text.objects.bulk_update(changed, ["body_html"])
        last = batch[-1].pk


def _sanitized(text) -> bool:
    """Sanitize the text's HTML in place; True when that changed it."""
    clean = sanitize_html(text.body_html)
    changed, text.body_html = clean != text.body_html, clean
    return changed


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0002_glossaryterm'),
    ]

    operations = [
        # Both fields were URLFields, varchar(500) like the CharFields they become: only Django's
        # state changes (altering them would rebuild the tables on SQLite).
        migrations.SeparateDatabaseAndState(state_operations=[
            migrations.AlterField(
                model_name='attachment',
                name='url',
                field=models.CharField(blank=True, help_text='Where it lives, if not stored here.',
                                       max_length=500, validators=[validate_url]),
            ),
            migrations.AlterField(
                model_name='document',
                name='url',
                field=models.CharField(blank=True, max_length=500, validators=[validate_url],
                                       help_text='Where it was first published online; empty means '
                                                 'this archive.'),
            ),
        ]),
        migrations.RunPython(make_stored_values_safe, migrations.RunPython.noop),
    ]
