"""The review screen: curators go through the links enrichment proposed and accept or reject them.

A plain HTML form (it works without JavaScript; review.js only adds keyboard shortcuts). Filters come
in the query string; a judgment is POSTed to the same address and answered with a redirect back to it.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import BadRequest
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from archivist.curation import review
from archivist.enrich.services import LINKED_KINDS
from archivist.records.models import Link
from archivist.records.recordformat import RecordError

PER_PAGE = 25
ORDER_CHOICES = [("-confidence", "Highest confidence first"), ("confidence", "Lowest confidence first"),
                 ("document", "By document")]


class QueueFilterForm(forms.Form):
    document = forms.CharField(required=False, max_length=200, label="Document",
                               help_text="Record ID: 110390")
    authority = forms.CharField(required=False, max_length=220, label="Authority record",
                                help_text="person/molotov-vyacheslav")
    kind = forms.ChoiceField(required=False, label="Kind",
                             choices=[("", "Any kind"), *((kind.value, kind.label) for kind in LINKED_KINDS)])
    collection = forms.ChoiceField(required=False, label="Collection")
    min_confidence = forms.FloatField(required=False, min_value=0, max_value=1, label="Min. confidence",
                                      widget=forms.NumberInput(attrs={"step": "0.01"}))
    max_confidence = forms.FloatField(required=False, min_value=0, max_value=1, label="Max. confidence",
                                      widget=forms.NumberInput(attrs={"step": "0.01"}))
    order = forms.ChoiceField(required=False, label="Order", choices=ORDER_CHOICES)

    def __init__(self, data: QueryDict) -> None:
        super().__init__(data)
        self.fields["collection"].choices = [("", "Any collection"), *review.collections()]

    def queue_filter(self) -> review.QueueFilter:
        data = self.cleaned_data
        return review.QueueFilter(**{**data, "order": data["order"] or "-confidence"})


@login_required(login_url="admin:login")
@permission_required("records.change_link", raise_exception=True)
@require_http_methods(["GET", "POST"])
def review_queue(request: HttpRequest) -> HttpResponse:
    """The queue of proposed links (GET, filtered by the query string), and judgments on them (POST)."""
    if request.method == "POST":
        return _judge(request)
    form = QueueFilterForm(request.GET)
    if not form.is_valid():
        return render(request, "curation/review.html", {"form": form, "items": [], "page": None}, status=400)
    queue = review.proposed_links(form.queue_filter())
    page = Paginator(queue, PER_PAGE).get_page(request.GET.get("page"))
    found = review.evidence(page.object_list)
    items = [{"link": link, "evidence": found[link.pk]} for link in page.object_list]
    return render(request, "curation/review.html", {
        "form": form, "items": items, "page": page, "filtered": any(form.cleaned_data.values()),
        "query": _without_page(request.GET)})


def _without_page(query: QueryDict) -> str:
    kept = query.copy()
    kept.pop("page", None)
    return kept.urlencode()


def _judge(request: HttpRequest) -> HttpResponse:
    """Accept or reject the link of the row's button, or those selected; then back to the same queue."""
    status, ids = _judgment(request.POST)
    try:
        judged = review.judge(ids, status, request.user)
    except RecordError as error:
        messages.error(request, f"Nothing was changed: {error.message}.")
    else:
        count = f"{len(judged)} link{'s' if len(judged) != 1 else ''}"
        messages.success(request, f"{Link.Status(status).label} {count}: "
                                  f"{', '.join(_named(link) for link in judged[:5])}"
                                  f"{' and more' if len(judged) > 5 else ''}.")
    return redirect(request.get_full_path())


def _judgment(post: QueryDict) -> tuple[str, list[int]]:
    """(status, link ids) from the button pressed: its value is a link's id, or "selected" for the
    checked boxes. 400 for a form no page of ours sends."""
    pressed = [(status, post[name]) for name, status in (("accept", Link.Status.ACCEPTED),
                                                         ("reject", Link.Status.REJECTED)) if name in post]
    if len(pressed) != 1:
        raise BadRequest("Press one of Accept or Reject")
    status, value = pressed[0]
    chosen = post.getlist("link") if value == "selected" else [value]
    if not all(choice.isascii() and choice.isdigit() and len(choice) < 19 for choice in chosen):
        raise BadRequest("Links are chosen by their number")
    return status, [int(choice) for choice in chosen]


def _named(link: Link) -> str:
    return f"{link.authority.sort_name} in {link.document.record_id}"
