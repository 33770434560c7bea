from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('web', '0002_listing_parts_and_broader_records'),
    ]

    operations = [
        migrations.CreateModel(
            name='AboutPage',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('title', models.CharField(default='About this archive', max_length=200)),
                ('body', models.TextField(default="<p>This digital archive publishes historical documents (cables, letters, minutes of meetings, reports) with their translations, each described and linked to the people, organizations, places and subjects it concerns.</p>\n<p>Every document can be read, cited and downloaded here; every page is also available as JSON (add <code>.json</code> to its address).</p>\n<p>The archive's curators have not written their own introduction yet.</p>", help_text='HTML: paragraphs, headings, lists, tables, emphasis and http, https or mailto links; anything else is removed when it is saved.')),
                ('modified', models.DateTimeField(auto_now=True)),
            ],
            options={
                'verbose_name': 'About page',
            },
        ),
    ]
