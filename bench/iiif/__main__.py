"""IIIF benchmark: level-0 tiles per page, manifest and content search per document (bench/README.md)."""
from bench.iiif.run import main

main()
