"""History tables as the change log reads them.

Every app declares history with this ``HistoricalRecords`` rather than
django-simple-history's own: the same, plus one index on (history_date,
history_id), the change log's order. The global change log reads each table
backwards along that order from a cursor and stops after a page's rows; with
only an index on history_date, rows saved at one instant (a bulk import, a
batch action) had to be fetched and sorted whole before the first one could be
returned (a page of 10 million rows took seconds). The composite index also
answers everything the single-column one did, which ``SIMPLE_HISTORY_DATE_INDEX
= False`` (settings) therefore leaves out.
"""

from django.db import models
from simple_history.models import HistoricalRecords as _HistoricalRecords

CHANGE_LOG_ORDER = ("history_date", "history_id")


class HistoricalRecords(_HistoricalRecords):
    def get_meta_options(self, model):
        options = super().get_meta_options(model)
        options["indexes"] = (*options.get("indexes", ()), models.Index(fields=CHANGE_LOG_ORDER))
        return options
