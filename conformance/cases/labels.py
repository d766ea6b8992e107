"""Cases for portloss.labels: one_hot, smooth_labels, class_weights."""

from __future__ import annotations

from ..case import Case, integers, labels, probabilities, uniform

C = 5

CASES = [
    *[
        Case(
            "one_hot",
            f"{name}-axis{axis}",
            args=(labels(*shape, classes=C),),
            options={"num_classes": C, "axis": axis},
            grad_argnums=(),
            dtypes=("float32",),  # integer input: one run is enough
            check_dtype=False,  # the namespace's default float, by design
        )
        for name, shape in (("unbatched", ()), ("batched", (6,)), ("kdim", (3, 4, 2)))
        for axis in (-1, 1)
        if not (name == "unbatched" and axis == 1)
    ],
    *[
        Case(
            "smooth_labels",
            f"index-{variant}",
            args=(labels(6, classes=C),),
            options={"label_smoothing": 0.2, "num_classes": C, "smoothing_variant": variant},
            grad_argnums=(),
            dtypes=("float32",),
            check_dtype=False,
        )
        for variant in ("uniform", "others")
    ],
    *[
        Case(
            "smooth_labels",
            f"probabilities-{variant}-axis{axis}",
            args=(probabilities(3, C, 4, axis=axis),),
            options={"label_smoothing": 0.1, "smoothing_variant": variant, "axis": axis},
        )
        for variant in ("uniform", "others")
        for axis in (-1, 1)
    ],
    Case(
        "smooth_labels",
        "binary",
        args=(integers(6, 3, low=0, high=2),),
        options={"label_smoothing": 0.1, "smoothing_variant": "binary"},
        grad_argnums=(),
        dtypes=("float32",),
        check_dtype=False,
    ),
    *[
        Case(
            "class_weights",
            f"{method}-{normalize}",
            args=(uniform(C, low=1.0, high=100.0),),
            options={"method": method, "normalize": normalize},
            grad_argnums=(),
        )
        for method in ("inverse", "inverse_sqrt", "balanced", "enet", "effective_number")
        for normalize in (False, "mean")
    ],
]
