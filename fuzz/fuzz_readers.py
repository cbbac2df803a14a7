"""atheris target: any bytes through the whole pipeline (reader, then extraction).

Allowed outcome for bad input: duban.extract.InputError. Anything else — another
exception, an offset outside the text, a quote that is not text[start:end] — is a
finding (see check.py). Run through ``make fuzz SECONDS=60`` (fuzz/run.py).
"""

from __future__ import annotations

import sys

import atheris

with atheris.instrument_imports(include=["duban", "check", "pypdf", "docx", "defusedxml", "selectolax"]):
    # The library imports the readers and their parsers lazily; import them here so that
    # atheris instruments them (it only instruments modules imported inside this block).
    import defusedxml.expatreader  # noqa: F401
    import docx  # noqa: F401
    import pypdf  # noqa: F401
    import selectolax.lexbor  # noqa: F401
    from check import check

    from duban.extract.readers import docx as _docx_reader  # noqa: F401
    from duban.extract.readers import html as _html_reader  # noqa: F401
    from duban.extract.readers import pdf as _pdf_reader  # noqa: F401


def main() -> None:
    atheris.Setup(sys.argv, check)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
