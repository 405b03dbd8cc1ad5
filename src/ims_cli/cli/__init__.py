"""The command line: one typer module per command group, no logic of its own."""
