using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace TarsDashboard.Core.Cluster;

/// <summary>
/// This dashboard process among the others on the same database: setting <c>Instance:Id</c>, or the machine name, the
/// process id and a random suffix (a restarted process is a new instance, so it never mistakes a dead one's lease or
/// tasks for its own).
/// </summary>
public sealed class InstanceIdentity
{
    public const int MaxLength = 128;

    public InstanceIdentity(IConfiguration configuration)
        : this(configuration["Instance:Id"])
    {
    }

    public InstanceIdentity(string? id)
    {
        var value = string.IsNullOrWhiteSpace(id)
            ? $"{Environment.MachineName}-{Environment.ProcessId}-{RandomNumberGenerator.GetHexString(6, lowercase: true)}"
            : id.Trim();
        Id = value.Length > MaxLength ? value[..MaxLength] : value;
    }

    public string Id { get; }

    public override string ToString() => Id;
}
