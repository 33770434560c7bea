"""The bundled demo collection loaded by `archivist demo`."""
