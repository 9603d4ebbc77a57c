using Xunit;

namespace TarsDashboard.Tests.Infrastructure;

/// <summary>Test classes marked [Collection("infra")] share one <see cref="InfraFixture"/> per test run.</summary>
[CollectionDefinition("infra")]
public class InfraCollection : ICollectionFixture<InfraFixture>;
