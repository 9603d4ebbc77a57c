using System.Reflection;
using System.Runtime.CompilerServices;
using TarsDashboard.Core.Data;
using Xunit;

namespace TarsDashboard.Tests.Architecture;

/// <summary>
/// Core's public surface is its checked services: tables stay behind internal repositories, and the web project
/// cannot reach one (it sees only what a service hands out after checking the caller's grants).
/// </summary>
public sealed class CoreSurfaceTests
{
    private static readonly Assembly Core = typeof(TarsDatabase).Assembly;
    private static readonly Assembly Web = typeof(TarsDashboard.Components.Pages.Login).Assembly;

    private const BindingFlags Everything =
        BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    [Fact]
    public void No_public_Core_type_is_a_repository()
    {
        Assert.Empty(Core.GetExportedTypes().Where(IsRepository).Select(t => t.FullName));
    }

    [Fact]
    public void The_web_project_uses_no_Core_repository()
    {
        var uses = Web.GetTypes().SelectMany(type => MemberTypes(type).Where(IsRepository).Select(used => $"{type.FullName} -> {used.Name}"));
        Assert.Empty(uses.Distinct());
    }

    [Fact]
    public void Core_shows_its_internals_to_tests_and_the_bench_only()
    {
        var friends = Core.GetCustomAttributes<InternalsVisibleToAttribute>().Select(a => a.AssemblyName).ToList();
        Assert.NotEmpty(friends);
        Assert.All(friends, name => Assert.True(name.StartsWith("TarsDashboard.Tests", StringComparison.Ordinal) || name == "TarsDashboard.Bench", name));
    }

    private static bool IsRepository(Type type) =>
        type.Assembly == Core && type.Name.EndsWith("Repository", StringComparison.Ordinal);

    // Every type a web type's members mention: fields, properties ([Inject] ones too), constructor and method signatures,
    // with generic arguments and element types unwrapped.
    private static IEnumerable<Type> MemberTypes(Type type)
    {
        var direct = type.GetFields(Everything).Select(f => f.FieldType)
            .Concat(type.GetProperties(Everything).Select(p => p.PropertyType))
            .Concat(type.GetConstructors(Everything).SelectMany(c => c.GetParameters()).Select(p => p.ParameterType))
            .Concat(type.GetMethods(Everything).SelectMany(m => m.GetParameters().Select(p => p.ParameterType).Append(m.ReturnType)))
            .Concat(type.BaseType is { } baseType ? [baseType] : [])
            .Concat(type.GetInterfaces());
        return direct.SelectMany(Unwrap);
    }

    private static IEnumerable<Type> Unwrap(Type type)
    {
        if (type.HasElementType)
        {
            return Unwrap(type.GetElementType()!);
        }

        return type.IsGenericType ? type.GetGenericArguments().SelectMany(Unwrap).Prepend(type) : [type];
    }
}
