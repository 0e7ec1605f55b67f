#!/bin/sh
cd "$(dirname "$0")" && npm ci --no-audit --no-fund --loglevel=error && npm run --silent build
