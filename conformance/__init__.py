"""portloss's cross-backend conformance suite (``python -m conformance``)."""
