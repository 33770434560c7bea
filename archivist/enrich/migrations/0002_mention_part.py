from django.db import migrations, models


class Migration(migrations.Migration):
    """Mentions are read in a document's title, summary and notes as well as its texts."""

    dependencies = [
        ("enrich", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="mention", old_name="text_position", new_name="position"),
        migrations.AlterField(
            model_name="mention", name="position",
            field=models.PositiveSmallIntegerField(
                default=0,
                help_text="Which of its texts or notes (their position); 0 for title and summary."),
        ),
        migrations.AddField(
            model_name="mention", name="part",
            field=models.CharField(choices=[("title", "Title"), ("summary", "Summary"), ("text", "Text"),
                                            ("note", "Note")], default="text", max_length=8),
        ),
        migrations.AlterModelOptions(name="mention", options={"ordering": ["document", "part", "position", "start"]}),
    ]
