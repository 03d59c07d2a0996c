#!/usr/bin/env bash
# Fails when a C++ file of the repository differs from .clang-format (Debian 12's clang-format 14),
# naming the file and line. Mend with: clang-format -i FILE...
set -euo pipefail
cd "$(dirname "$0")/.."
if git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
  mapfile -t files < <(git ls-files '*.cc' '*.h')
else
  mapfile -t files < <(find src tests bench fuzz tools -name '*.cc' -o -name '*.h')
fi
clang-format --dry-run --Werror "${files[@]}"
echo "check-format: ${#files[@]} files follow .clang-format"
