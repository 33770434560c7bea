"""Counts shown on browse pages, kept in small tables so no page request counts a million documents.

They are derived data: `archivist.web.counts` rebuilds them when the outbox (records.Change) has
moved on since the last rebuild.
"""

from django.db import models

from archivist.records.models import Authority


class AuthorityCount(models.Model):
    """How many published documents are visibly linked to an authority record."""

    authority = models.OneToOneField(Authority, primary_key=True, on_delete=models.CASCADE,
                                     related_name="count")
    documents = models.PositiveIntegerField()


class MonthCount(models.Model):
    """How many published documents fall in a month, by their earliest date."""

    year = models.SmallIntegerField()
    month = models.PositiveSmallIntegerField()
    documents = models.PositiveIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "month"], name="month_count_unique")]


class CountState(models.Model):
    """The last outbox entry the counts include; one row."""

    change_id = models.BigIntegerField()
    undated = models.PositiveIntegerField(default=0)
    refreshed = models.DateTimeField(auto_now=True)
