using System.Globalization;
using k8s;
using k8s.Models;

namespace TarsDashboard.Core.Deploy.Framework;

/// <summary>
/// The "Kubernetes with Docker" layout: the framework and tarsnode as StatefulSets behind headless Services, so each pod
/// has a stable DNS name (<c>tars-0.tars</c>, <c>tars-node-0.tars-node</c>, ...) that services are deployed to instead of
/// pod IPs; the MySQL credentials in a Secret; a Service for the web port. Pure: builds models and YAML text.
/// </summary>
public static class FrameworkKubernetesManifests
{
    public const string FrameworkName = "tars";
    public const string NodeName = "tars-node";
    public const string WebServiceName = "tars-web";
    public const string SecretName = "tars-mysql";

    /// <summary>What the Secret holds when no password is given: the YAML can be shown without the secret in it.</summary>
    public const string PasswordPlaceholder = "REPLACE-WITH-THE-MYSQL-PASSWORD";

    private const string DataVolume = "data";
    private const string DataFolder = "/data/tars";

    /// <summary>Namespace, Secret, Services and StatefulSets, in the order to apply them.</summary>
    public static IReadOnlyList<IKubernetesObject> Build(FrameworkKubernetesInput input, string? password = null)
    {
        FrameworkKubernetesValidator.ThrowIfInvalid(input);
        var ns = input.Namespace.Trim();
        var frameworkDns = $"{FrameworkName}-0.{FrameworkName}.{ns}.svc.cluster.local";
        return
        [
            new V1Namespace { ApiVersion = "v1", Kind = "Namespace", Metadata = new V1ObjectMeta { Name = ns } },
            new V1Secret
            {
                ApiVersion = "v1",
                Kind = "Secret",
                Metadata = Meta(SecretName, ns, FrameworkName),
                Type = "Opaque",
                StringData = new Dictionary<string, string>
                {
                    ["MYSQL_HOST"] = input.MySqlHost.Trim(),
                    ["MYSQL_PORT"] = input.MySqlPort.ToString(CultureInfo.InvariantCulture),
                    ["MYSQL_USER"] = input.MySqlUser.Trim(),
                    ["MYSQL_ROOT_PASSWORD"] = string.IsNullOrEmpty(password) ? PasswordPlaceholder : password,
                },
            },
            HeadlessService(FrameworkName, ns, [Port("web", 3000)]),
            new V1Service
            {
                ApiVersion = "v1",
                Kind = "Service",
                Metadata = Meta(WebServiceName, ns, FrameworkName),
                Spec = new V1ServiceSpec
                {
                    Type = "ClusterIP",
                    Selector = new Dictionary<string, string> { ["app"] = FrameworkName },
                    Ports = [Port("web", 3000)],
                },
            },
            HeadlessService(NodeName, ns, [.. Enumerable.Range(9000, 11).Select(p => Port($"p{p.ToString(CultureInfo.InvariantCulture)}", p))]),
            StatefulSet(input, FrameworkName, ns, 1, $"{input.FrameworkImage.Trim()}:{input.FrameworkTag.Trim()}", [3000],
            [
                SecretEnv("MYSQL_HOST"),
                SecretEnv("MYSQL_ROOT_PASSWORD"),
                SecretEnv("MYSQL_USER"),
                SecretEnv("MYSQL_PORT"),
                Env("REBUILD", "false"),
                Env("INET", "eth0"),
                Env("SLAVE", input.Slave ? "true" : "false"),
            ]),
            StatefulSet(input, NodeName, ns, input.NodeCount, $"{input.NodeImage.Trim()}:{input.NodeTag.Trim()}", [.. Enumerable.Range(9000, 11)],
            [
                Env("INET", "eth0"),
                // The framework by its stable DNS name: a restarted framework pod keeps the name, not the IP.
                Env("WEB_HOST", $"http://{frameworkDns}:3000"),
            ]),
        ];
    }

    /// <summary>One multi-document YAML, ready for <c>kubectl apply -f</c>.</summary>
    public static string Render(FrameworkKubernetesInput input, string? password = null) =>
        string.Join("---\n", Build(input, password).Select(o => KubernetesYaml.Serialize(o).TrimEnd('\n') + "\n"));

    private static V1StatefulSet StatefulSet(FrameworkKubernetesInput input, string name, string ns, int replicas, string image, int[] ports,
        List<V1EnvVar> env)
    {
        var hostPathMode = input.VolumeKind == FrameworkVolumeKind.HostPath;
        var root = input.HostPath.Trim().TrimEnd('/');

        // Each pod's own folder: the pod name is stable, so a rescheduled pod finds its data again.
        env.Insert(0, new V1EnvVar { Name = "POD_NAME", ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = "metadata.name" } } });
        env.Add(Env("TARS_HOSTPATH", hostPathMode ? $"{root}/{name}/$(POD_NAME)" : DataFolder));

        var volumes = new List<V1Volume>
        {
            new() { Name = "localtime", HostPath = new V1HostPathVolumeSource { Path = "/etc/localtime" } },
            new() { Name = "docker-sock", HostPath = new V1HostPathVolumeSource { Path = "/var/run/docker.sock", Type = "Socket" } },
        };
        if (hostPathMode)
        {
            volumes.Add(new V1Volume { Name = DataVolume, HostPath = new V1HostPathVolumeSource { Path = $"{root}/{name}", Type = "DirectoryOrCreate" } });
        }

        return new V1StatefulSet
        {
            ApiVersion = "apps/v1",
            Kind = "StatefulSet",
            Metadata = Meta(name, ns, name),
            Spec = new V1StatefulSetSpec
            {
                ServiceName = name,
                Replicas = replicas,
                PodManagementPolicy = "OrderedReady",
                Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                    Spec = new V1PodSpec
                    {
                        Containers =
                        [
                            new V1Container
                            {
                                Name = name,
                                Image = image,
                                Env = env,
                                Ports = [.. ports.Select(p => new V1ContainerPort { ContainerPort = p, Protocol = "TCP" })],
                                VolumeMounts =
                                [
                                    new V1VolumeMount { Name = DataVolume, MountPath = DataFolder, SubPathExpr = hostPathMode ? "$(POD_NAME)" : null },
                                    new V1VolumeMount { Name = "localtime", MountPath = "/etc/localtime", ReadOnlyProperty = true },
                                    new V1VolumeMount { Name = "docker-sock", MountPath = "/var/run/docker.sock" },
                                ],
                            },
                        ],
                        Volumes = volumes,
                    },
                },
                VolumeClaimTemplates = hostPathMode ? null :
                [
                    new V1PersistentVolumeClaim
                    {
                        Metadata = new V1ObjectMeta { Name = DataVolume },
                        Spec = new V1PersistentVolumeClaimSpec
                        {
                            AccessModes = ["ReadWriteOnce"],
                            Resources = new V1VolumeResourceRequirements
                            {
                                Requests = new Dictionary<string, ResourceQuantity> { ["storage"] = new ResourceQuantity(input.StorageSize.Trim()) },
                            },
                        },
                    },
                ],
            },
        };
    }

    private static V1Service HeadlessService(string name, string ns, List<V1ServicePort> ports) => new()
    {
        ApiVersion = "v1",
        Kind = "Service",
        Metadata = Meta(name, ns, name),
        Spec = new V1ServiceSpec
        {
            // Headless: DNS answers with each pod's own record (tars-0.tars...), which is what gives pods stable names.
            ClusterIP = "None",
            PublishNotReadyAddresses = true,
            Selector = new Dictionary<string, string> { ["app"] = name },
            Ports = ports,
        },
    };

    private static V1ObjectMeta Meta(string name, string ns, string app) => new()
    {
        Name = name,
        NamespaceProperty = ns,
        Labels = new Dictionary<string, string> { ["app"] = app },
    };

    private static V1ServicePort Port(string name, int port) => new() { Name = name, Port = port, TargetPort = port, Protocol = "TCP" };

    private static V1EnvVar Env(string name, string value) => new() { Name = name, Value = value };

    private static V1EnvVar SecretEnv(string key) => new()
    {
        Name = key,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = SecretName, Key = key } },
    };
}
