"""Shared loss engines: the terms several loss families compute the same way.

Each module holds one engine with keyword-only arguments (the array namespace ``xp``
comes first, positional-only, as in ``_primitives``). Families import engines from
here, never each other's private functions.

- :mod:`.softmax`: softmax cross entropy terms of index and probability targets.
- :mod:`.sigmoid`: sigmoid (binary) cross entropy terms of logits.
- :mod:`.overlap`: per-class overlap counts of the segmentation losses.
- :mod:`.ctc`: the CTC forward (alpha) recursion.
"""
