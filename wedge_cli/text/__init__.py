"""Words for people: numbers, labels, user text made safe, the plain-language explanation.

``numbers`` (every way a number is written), ``labels`` (captions, outcomes, mixes,
ranges, threshold lines of report dicts), ``display`` (user text made safe to show),
``explain`` (the prose of ``wedge explain``, docs/cli.md). No rich here: the render
layer styles these strings.
"""
