using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using TarsDashboard.Core.Deploy.Framework;
using Xunit;

namespace TarsDashboard.Tests.Deploy.Framework;

/// <summary>The Kubernetes-with-Docker manifests: parse back into models, stable names, Secret references, no pod IPs.</summary>
public sealed partial class FrameworkKubernetesManifestsTests
{
    private static FrameworkKubernetesInput Input(FrameworkVolumeKind kind = FrameworkVolumeKind.HostPath) => new()
    {
        Namespace = "tars-prod",
        MySqlHost = "mysql.db.svc.cluster.local",
        MySqlPassword = "s3cret",
        NodeCount = 3,
        VolumeKind = kind,
    };

    [Fact]
    public void Yaml_parses_back_into_statefulsets_behind_headless_services_with_stable_names()
    {
        var yaml = FrameworkKubernetesManifests.Render(Input());
        var objects = KubernetesYaml.LoadAllFromString(yaml);

        var sets = objects.OfType<V1StatefulSet>().ToDictionary(s => s.Metadata.Name);
        Assert.Equal(["tars", "tars-node"], sets.Keys.Order());
        Assert.Equal("tars", sets["tars"].Spec.ServiceName);
        Assert.Equal("tars-node", sets["tars-node"].Spec.ServiceName);
        Assert.Equal(1, sets["tars"].Spec.Replicas);
        Assert.Equal(3, sets["tars-node"].Spec.Replicas);

        var services = objects.OfType<V1Service>().ToDictionary(s => s.Metadata.Name);
        Assert.Equal("None", services["tars"].Spec.ClusterIP);
        Assert.Equal("None", services["tars-node"].Spec.ClusterIP);
        Assert.Equal(3000, Assert.Single(services["tars-web"].Spec.Ports).Port);
        Assert.All(objects.OfType<V1Service>().Concat<IKubernetesObject>(sets.Values), o => Assert.Equal("tars-prod", ((IMetadata<V1ObjectMeta>)o).Metadata.NamespaceProperty));

        // Nodes reach the framework by its pod's DNS name (tars-0), not an address.
        var nodeEnv = sets["tars-node"].Spec.Template.Spec.Containers[0].Env;
        Assert.Equal("http://tars-0.tars.tars-prod.svc.cluster.local:3000", nodeEnv.Single(e => e.Name == "WEB_HOST").Value);
        Assert.DoesNotMatch(Ipv4(), yaml);
    }

    [Fact]
    public void Mysql_credentials_come_from_the_secret()
    {
        var objects = KubernetesYaml.LoadAllFromString(FrameworkKubernetesManifests.Render(Input(), "s3cret"));
        var secret = Assert.Single(objects.OfType<V1Secret>());
        Assert.Equal("tars-mysql", secret.Metadata.Name);
        Assert.Equal("s3cret", secret.StringData["MYSQL_ROOT_PASSWORD"]);

        var env = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "tars").Spec.Template.Spec.Containers[0].Env;
        var password = env.Single(e => e.Name == "MYSQL_ROOT_PASSWORD");
        Assert.Null(password.Value);
        Assert.Equal(("tars-mysql", "MYSQL_ROOT_PASSWORD"), (password.ValueFrom.SecretKeyRef.Name, password.ValueFrom.SecretKeyRef.Key));
        Assert.All(["MYSQL_HOST", "MYSQL_USER", "MYSQL_PORT"], name => Assert.Equal("tars-mysql", env.Single(e => e.Name == name).ValueFrom.SecretKeyRef.Name));
        Assert.Equal(["false", "eth0", "false"], new[] { "REBUILD", "INET", "SLAVE" }.Select(n => env.Single(e => e.Name == n).Value));
    }

    [Fact]
    public void Without_a_password_the_secret_holds_a_placeholder()
    {
        var yaml = FrameworkKubernetesManifests.Render(Input());
        Assert.DoesNotContain("s3cret", yaml, StringComparison.Ordinal);
        Assert.Contains(FrameworkKubernetesManifests.PasswordPlaceholder, yaml, StringComparison.Ordinal);
    }

    [Fact]
    public void Volumes_are_claim_templates_or_per_pod_host_folders()
    {
        var pvc = KubernetesYaml.LoadAllFromString(FrameworkKubernetesManifests.Render(Input(FrameworkVolumeKind.PersistentVolumeClaim)))
            .OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "tars-node");
        Assert.Equal("data", Assert.Single(pvc.Spec.VolumeClaimTemplates).Metadata.Name);
        Assert.Equal("10Gi", pvc.Spec.VolumeClaimTemplates[0].Spec.Resources.Requests["storage"].ToString());

        var host = KubernetesYaml.LoadAllFromString(FrameworkKubernetesManifests.Render(Input()))
            .OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "tars-node");
        Assert.Null(host.Spec.VolumeClaimTemplates);
        Assert.Equal("/data/tars/tars-node", host.Spec.Template.Spec.Volumes.Single(v => v.Name == "data").HostPath.Path);
        var container = host.Spec.Template.Spec.Containers[0];
        Assert.Equal("$(POD_NAME)", container.VolumeMounts.Single(m => m.Name == "data").SubPathExpr);
        Assert.Equal("/data/tars/tars-node/$(POD_NAME)", container.Env.Single(e => e.Name == "TARS_HOSTPATH").Value);
    }

    [Theory]
    [InlineData("Tars")]
    [InlineData("-tars")]
    public void Bad_namespaces_are_refused(string ns)
    {
        var input = Input();
        input.Namespace = ns;
        Assert.Contains(FrameworkKubernetesValidator.Validate(input), e => e.Field == nameof(FrameworkKubernetesInput.Namespace));
    }

    [GeneratedRegex(@"\b\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}\b")]
    private static partial Regex Ipv4();
}
