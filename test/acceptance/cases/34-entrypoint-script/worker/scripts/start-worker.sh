#!/usr/bin/env bash
set -euo pipefail
python -m worker.warmup
celery -A worker.app worker --loglevel=INFO
