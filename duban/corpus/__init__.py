"""Many reports at once: batch extraction into a Parquet dataset, DuckDB queries over it,
year-over-year fulfilment matching, and Dask for more than one machine.

Heavy dependencies (pyarrow, duckdb, dask) are the ``corpus`` extra; ``duban.extract``
never imports this package.
"""

from duban.corpus.batch import DATASET_FORMAT, RunStats, extract_corpus
from duban.corpus.detect import ReportMeta, detect_meta
from duban.corpus.manifest import Manifest, load_manifest

__all__ = [
    "DATASET_FORMAT",
    "Manifest",
    "ReportMeta",
    "RunStats",
    "detect_meta",
    "extract_corpus",
    "load_manifest",
]
