import django_tables2 as tables


class BaseTable(tables.Table):
    """Every list in the product: GOV.UK table markup, sorting in SQL, 25 rows a page."""

    class Meta:
        template_name = "tables/govuk.html"
        per_page = 25
        empty_text = "Nothing matches."
