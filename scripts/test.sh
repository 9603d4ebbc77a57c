#!/usr/bin/env bash
# CI entry point: installs the prerequisites, builds the solution, runs every test project in it and ends with
# exactly one summary line "N passed, N failed, N skipped". Exits non-zero on any failure or when no test ran.
set -euo pipefail
cd "$(dirname "$0")/.."

export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

bash scripts/install-prereqs.sh

out=.ci/out
rm -rf "$out"
mkdir -p "$out"

status=0
if dotnet build TarsDashboard.sln -c Release; then
    # Test projects one after another, fastest first (Unit, Components, then Integration and Browser, which
    # start their own engines and database); a results directory per assembly keeps their trx files apart.
    while read -r project; do
        if grep -q 'Include="Microsoft.NET.Test.Sdk"' "$project"; then
            dotnet test "$project" -c Release --no-build \
                --logger "trx;LogFileName=results.trx" \
                --logger "console;verbosity=normal" \
                --results-directory "$out/$(basename "$project" .csproj)" || status=$?
        fi
    done < <(dotnet sln TarsDashboard.sln list | grep '\.csproj$' | tr '\\' '/' \
        | awk '{ rank = /\.Unit\./ ? 1 : /\.Components\./ ? 2 : /\.Integration\./ ? 3 : /\.Browser\./ ? 4 : 0; print rank "\t" $0 }' \
        | sort -n | cut -f2)
else
    status=1
fi

# Counts the test results with one of the given outcomes in all trx files (a theory row is one result).
count_outcomes() {
    local pattern
    pattern="outcome=\"($(IFS='|'; echo "$*"))\""
    cat "$out"/*/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*' | grep -cE "$pattern" || true
}

passed=$(count_outcomes Passed)
failed=$(count_outcomes Failed Error Timeout Aborted)
# xunit's skipped tests appear as NotExecuted.
skipped=$(count_outcomes NotExecuted)

# Names the failed tests just above the summary, where a truncated CI log still shows them.
if [ "$failed" -ne 0 ]; then
    cat "$out"/*/*.trx 2>/dev/null | grep -o '<UnitTestResult [^>]*' \
        | grep -E 'outcome="(Failed|Error|Timeout|Aborted)"' \
        | sed -E 's/.*testName="([^"]*)".*/FAILED: \1/' || true
fi

echo "$passed passed, $failed failed, $skipped skipped"

if [ "$status" -ne 0 ] || [ "$failed" -ne 0 ] || [ "$((passed + failed + skipped))" -eq 0 ]; then
    exit 1
fi
