"""Use cases behind the commands, one module per command group; each call is one transaction.

The CLI parses arguments, calls one function here, and renders the result.
Every writing function commits all of its work or none of it (see
:mod:`zsplan.store.db`): a ``log`` that fails on a new database does not even
leave the initialisation behind. No SQL runs here: queries live in
:mod:`zsplan.store`.

* :mod:`.database` — prepare (upgrade, initialise) and back up a database.
* :mod:`.plan` — load a plan file.
* :mod:`.ledger` — log, correct, retract; history and named items.
* :mod:`.sheets` — import sheets and exports, templates, export documents.
* :mod:`.assess` — the one assessment pipeline behind status, explain, units and reports.
"""
