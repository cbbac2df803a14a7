"""Extraction engine: a report's text becomes the document of schema ``duban.extract/1``.

Pure Python: importing this package loads neither Django nor Dask.
"""

from duban.extract.engine import SCHEMA, extract_file, extract_text
from duban.extract.errors import InputError
from duban.extract.readers import SourceText, read_bytes, read_path

__all__ = [
    "SCHEMA",
    "InputError",
    "SourceText",
    "extract_file",
    "extract_text",
    "read_bytes",
    "read_path",
]
