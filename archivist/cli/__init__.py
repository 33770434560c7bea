"""The `archivist` command. Each module here contributes the commands listed in its COMMANDS."""
