using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Opens the package (a tar or tgz as <c>make Server-tar</c> builds it) to copy into an
/// instance's exe path between create and start, as tarsnode copies it; the publish feature supplies one.
/// </summary>
public delegate Task<Stream> ServicePackageSource(ServerConfRow server, CancellationToken cancellationToken);
