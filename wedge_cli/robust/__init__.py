"""Monte Carlo robustness: how often a result holds when parameters are uncertain.

``sampling`` (parameter distributions, payoff noise, Wilson intervals) and
``run`` (solve every draw and count the structures), docs/robust.md. The
package shares its name with the API function :func:`wedge_cli.robust`;
import its modules by full name (``from wedge_cli.robust.run import run``).
"""
