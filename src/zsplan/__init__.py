"""zsplan: track the 2019 Zhongshan science-and-technology innovation action plan.

The package is layered (see ``README.md``, "Architecture"):

* :mod:`zsplan.plan` parses and validates ``plan.yaml`` into typed models;
* :mod:`zsplan.store` keeps the plan and the progress ledger in a SQL database;
* :mod:`zsplan.analysis` turns targets and progress into standings (pure functions);
* :mod:`zsplan.render` formats standings for people and scripts;
* :mod:`zsplan.cli` is the thin command-line layer and the only module that prints.
"""

__version__ = "0.1.0"
