import django_tables2 as tables
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.db.models import Count, Window


class BaseTable(tables.Table):
    """Every list in the product: GOV.UK table markup, sorting in SQL, 25 rows a page."""

    class Meta:
        template_name = "tables/govuk.html"
        per_page = 25
        empty_text = "Nothing matches."


class OneQueryPaginator(Paginator):
    """A page of a queryset and the number of rows in the whole list, read in one query.

    Django's paginator counts the rows (one query), then reads the page (another). Where each
    row costs a lot to compute (a child's due dates, in a materialised CTE computed for every
    child of the list), that computes the whole list twice. Here each row of the page carries
    ``COUNT(*) OVER ()``, the number of rows the filters left, and the page is read once. Only
    a page past the end (no row to carry the count) counts apart, as Django's does.
    """

    COUNT = "rows_in_list"

    def page(self, number):
        number = self._whole_number(number)
        rows = self.object_list  # django-tables2's BoundRows over TableQuerysetData
        queryset = rows.data.data
        rows.data.data = queryset.annotate(**{self.COUNT: Window(Count("*"))})
        bottom = (number - 1) * self.per_page
        page_rows = list(rows[bottom : bottom + self.per_page + self.orphans])
        if not page_rows:
            rows.data.data = queryset
            return super().page(number)
        self.count = getattr(page_rows[0].record, self.COUNT)
        if number > 1 and len(page_rows) <= self.orphans:
            # Django's orphans rule: these rows belong on the page before.
            return super().page(number)
        return Page(page_rows[: self.per_page] if self.num_pages > number else page_rows, number, self)

    def _whole_number(self, number) -> int:
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError) as error:
            raise PageNotAnInteger("That page number is not an integer") from error
        if number < 1:
            raise EmptyPage("That page number is less than 1")
        return number
