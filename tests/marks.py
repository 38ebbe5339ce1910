"""The months a test's saves marked for recomputation, read from the durable queue itself."""

from datetime import date

from core.models import RecomputeRequest


class Marks:
    """Compares equal to a list of (first month, reason), in the order the marks were made."""

    def as_list(self) -> list[tuple[date, str]]:
        return list(RecomputeRequest.objects.order_by("id").values_list("first_month", "reason"))

    def clear(self) -> None:
        RecomputeRequest.objects.all().delete()

    def __eq__(self, other) -> bool:
        return self.as_list() == list(other)

    def __repr__(self) -> str:
        return f"Marks({self.as_list()!r})"

    def __len__(self) -> int:
        return len(self.as_list())
