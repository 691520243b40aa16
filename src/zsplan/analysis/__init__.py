"""Analysis: pure functions from targets and progress facts to standings.

Nothing here touches a database, a terminal or the clock: the as-of date is
always a parameter.
"""
