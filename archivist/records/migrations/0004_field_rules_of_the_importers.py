# The admin's forms refuse a record ID, an authority key or a stored file's path that no importer
# would store: validators only, so no SQL runs (sqlmigrate shows a no-op on SQLite and PostgreSQL).

from django.db import migrations, models

from archivist.records.models import validate_authority_key, validate_file_path, validate_record_id


class Migration(migrations.Migration):

    dependencies = [
        ('records', '0003_safe_urls_and_html'),
    ]

    operations = [
        migrations.AlterField(
            model_name='attachment',
            name='path',
            field=models.CharField(blank=True, max_length=500, validators=[validate_file_path],
                                   help_text="Where it is stored, relative to the archive's files "
                                             "directory."),
        ),
        migrations.AlterField(
            model_name='authority',
            name='key',
            field=models.CharField(max_length=200, validators=[validate_authority_key],
                                   help_text='Stable identifier within its kind, used in URLs.'),
        ),
        migrations.AlterField(
            model_name='document',
            name='record_id',
            field=models.CharField(max_length=200, unique=True, validators=[validate_record_id],
                                   help_text='Stable short identifier used in URLs: /documents/110390.'),
        ),
    ]
