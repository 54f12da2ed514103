#!/usr/bin/env bash
# Fails when the generated GraphQL types are stale against schema/*.graphql test/graphql/*.graphql or web/src/**/*.graphql.
set -euo pipefail
cd "$(dirname "$0")/.."
files=(src/graphql/generated/resolvers.ts test/graphql/generated.ts web/src/graphql/generated.ts)
before="$(cat "${files[@]}" | sha256sum)"
graphql-codegen --config codegen.yml --silent
after="$(cat "${files[@]}" | sha256sum)"
if [ "$before" != "$after" ]; then
  echo "Generated GraphQL types were stale; run 'npm run codegen' and commit the result." >&2
  git --no-pager diff --stat -- "${files[@]}" >&2 || true
  exit 1
fi
echo "codegen: generated types are up to date"
