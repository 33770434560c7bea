"""OCR benchmark: character error rate per language and pages per minute (bench/README.md)."""
