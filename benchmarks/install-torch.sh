#!/usr/bin/env bash
# The optional PyTorch (CPU) extra for B2, into .venv. Not in requirements.txt:
# the course never needs it. Idempotent: does nothing when torch is present.
set -euo pipefail
cd "$(dirname "$0")/.."
TORCH_VERSION=2.13.0
if .venv/bin/python -c "import torch" 2>/dev/null; then
  echo ">> torch $(.venv/bin/python -c 'import torch; print(torch.__version__)') already installed"
  exit 0
fi
echo ">> installing torch==$TORCH_VERSION (CPU) into .venv for B2"
.venv/bin/pip install --quiet "torch==$TORCH_VERSION"
