"""``python -m zsplan.cli``: the same as the ``zsplan`` command."""

from zsplan.cli import main

main()
