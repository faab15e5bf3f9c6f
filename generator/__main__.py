"""``python -m generator``: the same as the ``worksheets`` command."""

from .cli import main

main(prog_name="worksheets")
