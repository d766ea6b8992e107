"""The README's example runs and prints what it claims; its commands are the ones CI runs."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

README = Path(__file__).resolve().parents[1] / "README.md"


def _python_blocks() -> list[str]:
    return re.findall(r"```python\n(.*?)```", README.read_text(), flags=re.S)


def test_readme_example_gives_the_claimed_numbers():
    pytest.importorskip("torch")
    pytest.importorskip("jax")
    (block,) = _python_blocks()
    namespace: dict[str, object] = {}
    exec(compile(block, str(README), "exec"), namespace)
    np, jnp, torch, portloss = (namespace[k] for k in ("np", "jnp", "torch", "portloss"))
    logits, labels = namespace["logits"], namespace["labels"]
    for value in (
        portloss.cross_entropy(np.array(logits), np.array(labels)),
        namespace["loss"].detach().numpy(),
        namespace["jax"].jit(portloss.cross_entropy)(jnp.array(logits), jnp.array(labels)),
    ):
        assert float(value) == pytest.approx(0.45524317, rel=1e-6)
    x = torch.tensor(logits, requires_grad=True)
    torch.nn.functional.cross_entropy(x, torch.tensor(labels)).backward()
    torch.testing.assert_close(namespace["x"].grad, x.grad)


@pytest.mark.parametrize("marker", ["main-command", "test-command"])
def test_readme_set_up_commands_install_and_run(marker):
    text = README.read_text()
    match = re.search(rf"<!-- {marker} -->\n```bash\n(.*)\n```", text)
    assert match, f"README.md has no {marker} block"
    command = match.group(1)
    assert command.startswith('pip install "torch==2.13.0" -e ".[all]" && ')
    runs = "python -m conformance" if marker == "main-command" else "python -m pytest -n 2"
    assert command.endswith(runs)
