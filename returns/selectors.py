from casework.models import Child


def children_by_id(la_child_ids: set[str]) -> dict[str, int]:
    """The product's number for each of these children (one query), to link a failure to the record."""
    return dict(Child.objects.filter(la_child_id__in=la_child_ids).values_list("la_child_id", "pk"))
