"""What a solved game means, beyond its equilibria: computed once, passed on.

``properties`` (Pareto efficiency, security levels, risk dominance),
``classify`` (the 2x2 game types), ``bargain`` (Nash and Kalai-Smorodinsky
bargaining), ``lint`` (checks of a payoff file's modelling, for ``wedge
check``). The report layer receives these results; it does not compute them.
"""
