#!/usr/bin/env bash
# The developer's inner loop: the Unit and Components test projects (no engine, no database server, no browser).
# Extra arguments go to dotnet test, e.g. --filter "FullyQualifiedName~Logs".
set -euo pipefail
cd "$(dirname "$0")/.."
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1
dotnet build TarsDashboard.Tests/Components/TarsDashboard.Tests.Components.csproj -c Debug -v quiet
dotnet build TarsDashboard.Tests/Unit/TarsDashboard.Tests.Unit.csproj -c Debug -v quiet
dotnet test TarsDashboard.Tests/Unit/TarsDashboard.Tests.Unit.csproj -c Debug --no-build "$@"
dotnet test TarsDashboard.Tests/Components/TarsDashboard.Tests.Components.csproj -c Debug --no-build "$@"
