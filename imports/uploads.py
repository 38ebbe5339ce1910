"""Uploads past the size limit are refused as they arrive, not once they have been stored.

A return's file larger than ``KPI_IMPORT_MAX_FILE_MB`` (100 MB unless set: the largest real return,
a large authority's CIN census, is tens of megabytes) is not kept: the moment its bytes pass the
limit the upload of that request stops, what had arrived is thrown away, and the page says which
file was too large. Nothing is written anywhere, and the memory used does not grow with the file.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, StopUpload


def max_file_bytes() -> int:
    return settings.KPI_IMPORT_MAX_FILE_MB * 1024 * 1024


def too_large_message(name: str) -> str:
    limit = settings.KPI_IMPORT_MAX_FILE_MB
    return (
        f"{name} is larger than {limit} MB, the largest file the product takes: nothing was uploaded. Check that it "
        "is the return (a year's SSDA903 table or CIN census); an administrator can raise the limit "
        "(KPI_IMPORT_MAX_FILE_MB) if an authority's return is really that large."
    )


class SizeLimitUploadHandler(FileUploadHandler):
    """First in FILE_UPLOAD_HANDLERS: counts each file's bytes and stops the upload past the limit,
    naming the file on ``request.refused_uploads`` for the page to say so."""

    def new_file(self, field_name, file_name, content_type, content_length, charset=None, content_type_extra=None):
        super().new_file(field_name, file_name, content_type, content_length, charset, content_type_extra)
        self.received = 0
        if content_length is not None and content_length > max_file_bytes():
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int):
        self.received += len(raw_data)
        if self.received > max_file_bytes():
            self._refuse()
        return raw_data  # on to the handler that keeps it

    def file_complete(self, file_size: int):
        return None  # the next handler makes the file

    def _refuse(self):
        refused = getattr(self.request, "refused_uploads", None)
        if refused is None:
            refused = self.request.refused_uploads = []
        refused.append(self.file_name)
        # connection_reset=False: the rest of the request is read and thrown away, so the browser gets the
        # page that says what happened rather than a dropped connection.
        raise StopUpload(connection_reset=False)
