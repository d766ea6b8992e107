"""portloss benchmark suite: each loss against its native peer, in the same process.

Run ``python -m benchmarks`` (``--quick`` for a small run) from the repository root; it
writes ``docs/performance-results.json`` and ``docs/performance-results.md``.
"""
