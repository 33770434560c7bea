"""What harvesters know of each document that was ever published: kept even after it stops being public."""

from django.db import models


class HarvestRecord(models.Model):
    """A document as OAI-PMH gives it: its record as last published and when that last changed.

    A document never published has no row. One restricted, set to draft or deleted after it was
    published keeps its row, marked deleted and without its record (deletedRecord=persistent).
    """

    record_id = models.CharField(max_length=200, unique=True)
    datestamp = models.DateTimeField(help_text="When the public form last changed, to the second (UTC).")
    deleted = models.BooleanField(default=False)
    record = models.JSONField(null=True, help_text="The public record (interop.export); none once deleted.")
    fingerprint = models.CharField(max_length=64, blank=True,
                                   help_text="SHA-256 of the public record and its sets; empty once deleted.")

    class Meta:
        indexes = [models.Index(fields=["datestamp", "record_id"], name="harvest_order")]

    def __str__(self) -> str:
        return f"{self.record_id} ({'deleted' if self.deleted else 'public'}, {self.datestamp})"


class HarvestSet(models.Model):
    """A set a harvest record belongs to (every level of a hierarchy: topic, topic:cold-war)."""

    record = models.ForeignKey(HarvestRecord, on_delete=models.CASCADE, related_name="sets")
    spec = models.CharField(max_length=1000)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["record", "spec"], name="harvest_set_unique")]
        indexes = [models.Index(fields=["spec"], name="harvest_set_spec")]


class HarvestState(models.Model):
    """One row: the id of the last outbox change (records.Change) applied to the harvest records, and the
    datestamp that update gave: no later update can give an earlier one."""

    change_id = models.BigIntegerField(default=-1)
    updated = models.DateTimeField(null=True)
