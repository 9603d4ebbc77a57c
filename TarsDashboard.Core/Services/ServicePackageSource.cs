using TarsDashboard.Core.Data.Tars;

namespace TarsDashboard.Core.Services;

/// <summary>
/// Opens the package (a tar or tgz of the service folder's files, e.g. <c>bin/tars_start.sh</c>) to unpack into an
/// instance's service folder between create and start; the publish feature supplies one.
/// </summary>
public delegate Task<Stream> ServicePackageSource(ServerConfRow server, CancellationToken cancellationToken);
