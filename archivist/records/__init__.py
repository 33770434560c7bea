"""Records: the archive's documents, their texts and files, and the authority records they link to."""
