"""Analysis: pure functions from targets and progress facts to standings.

Nothing here touches a database, a terminal or the clock: the as-of date is
always a parameter.
"""

#: The version of the method (docs/method.md): bumped whenever a rule changes a verdict,
#: so that a report bundle says which rules judged it. 1: the first release's rules;
#: 2: the deadline verdict, unreported and completed-late targets, every year of 每年新增.
METHOD_VERSION = "2"
