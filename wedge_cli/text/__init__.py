"""Words for people: numbers, supports, structures and the plain-language explanation.

``values`` (how a number is written), ``words`` (captions, outcomes, mixes,
ranges), ``display`` (user text made safe to show), ``explain`` (the prose of
``wedge explain``, docs/cli.md). No rich here: the render layer styles these
strings.
"""
