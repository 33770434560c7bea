"""Page numbers for long lists, from ?page=N, with the totals already known (no COUNT over documents)."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404, HttpRequest


@dataclass(frozen=True)
class Paging:
    number: int
    size: int
    total: int

    @property
    def offset(self) -> int:
        return (self.number - 1) * self.size

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def previous(self) -> int | None:
        return self.number - 1 if self.number > 1 else None

    @property
    def next(self) -> int | None:
        return self.number + 1 if self.number < self.pages else None

    def as_json(self) -> dict[str, int | None]:
        return {"page": self.number, "pages": self.pages, "per_page": self.size, "total": self.total}


def page_number(request: HttpRequest) -> int:
    """The ?page=N asked for (1 without one); 404 for anything but a whole number from 1."""
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError as error:
        raise Http404("Bad page number") from error
    if number < 1:
        raise Http404("No such page")
    return number


def paging(request: HttpRequest, total: int, size: int) -> Paging:
    """The requested page of `total` items; 404 past the last page, as it holds nothing."""
    result = Paging(page_number(request), size, total)
    if result.number > result.pages:
        raise Http404("No such page")
    return result
