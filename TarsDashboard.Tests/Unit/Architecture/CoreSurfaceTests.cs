using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
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

    [Fact]
    public void Sql_is_written_only_in_repositories_and_the_database_plumbing()
    {
        var offenders =
            from type in Core.GetTypes()
            let owner = Outermost(type)
            where !IsSqlHome(owner)
            from method in type.GetMethods(Everything).Cast<MethodBase>().Concat(type.GetConstructors(Everything))
            from text in StringLiterals(method)
            where SqlStatement.IsMatch(text)
            select $"{owner.FullName}: {text}";
        Assert.Empty(offenders.Distinct());
        // The scan sees SQL where it lives (async state machines included), so an empty list above means something.
        Assert.Contains(typeof(TarsDashboard.Core.Data.Tars.ServerConfRepository).GetNestedTypes(Everything)
                .SelectMany(t => t.GetMethods(Everything)).SelectMany(StringLiterals), SqlStatement.IsMatch);
    }

    private static readonly Regex SqlStatement = new(@"^\s*(SELECT\s|INSERT\s+INTO\s|UPDATE\s+\w+\s+SET\s|DELETE\s+FROM\s)", RegexOptions.None, TimeSpan.FromSeconds(1));

    // Repositories; the database plumbing (connections, dialects, migrations, the reachability probe); and the setup
    // wizard's probe of a MySQL server that is not the dashboard's database yet.
    private static bool IsSqlHome(Type type) =>
        IsRepository(type)
        || (type.Namespace == typeof(TarsDatabase).Namespace
            && type.Name is nameof(TarsDatabase) or nameof(DatabaseStatus) or nameof(SchemaMigrator) or nameof(SqliteDialect) or nameof(MySqlDialect))
        || type == typeof(TarsDashboard.Core.Deploy.Setup.DatabaseSetupService);

    private static Type Outermost(Type type) => type.DeclaringType is { } declaring ? Outermost(declaring) : type;

    // The string constants a method loads (ldstr), async state machines and lambdas included through their own types.
    private static IEnumerable<string> StringLiterals(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        for (var i = 0; i + 4 < il.Length; i++)
        {
            if (il[i] != 0x72 || il[i + 4] != 0x70)
            {
                continue;
            }

            string? text;
            try
            {
                text = method.Module.ResolveString(BitConverter.ToInt32(il, i + 1));
            }
            catch (ArgumentException)
            {
                continue;
            }

            yield return text;
        }
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
