using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Validation;

namespace TarsDashboard.Core.Deploy.Service;

/// <summary>
/// Checks one step of a <see cref="ServiceDeployRequest"/> against what exists (<see cref="ServiceDeployContext"/>), with the
/// same rules the service edit form and the adapter form apply, so a deployed service opens in them without complaints.
/// </summary>
public static class ServiceDeployValidator
{
    public static IReadOnlyList<FieldError> Validate(ServiceDeployStep step, ServiceDeployRequest request, ServiceDeployContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var errors = new List<FieldError>();
        switch (step)
        {
            case ServiceDeployStep.Application:
                ValidateApplication(request, context, errors);
                break;
            case ServiceDeployStep.Server:
                ValidateServer(request, context, errors);
                break;
            case ServiceDeployStep.Set:
                ServiceEditValidator.ValidateSet(new ServiceEditInput
                {
                    EnableSet = request.EnableSet, SetName = request.SetName, SetArea = request.SetArea, SetGroup = request.SetGroup,
                }, errors);
                break;
            case ServiceDeployStep.People:
                ValidateUsers(nameof(request.Operators), request.Operators, context, errors);
                ValidateUsers(nameof(request.Developers), request.Developers, context, errors);
                break;
            case ServiceDeployStep.Nodes:
                ValidateNodes(request, context, errors);
                break;
            case ServiceDeployStep.Adapters:
                ValidateAdapters(request, context, errors);
                break;
            case ServiceDeployStep.Container:
                ValidateContainer(request, context, errors);
                break;
            case ServiceDeployStep.Review:
                foreach (var earlier in Enum.GetValues<ServiceDeployStep>().Where(s => s != ServiceDeployStep.Review))
                {
                    errors.AddRange(Validate(earlier, request, context));
                }

                break;
        }

        return errors;
    }

    /// <summary>Every step at once: what must hold before anything is written.</summary>
    public static IReadOnlyList<FieldError> ValidateAll(ServiceDeployRequest request, ServiceDeployContext context) =>
        Validate(ServiceDeployStep.Review, request, context);

    /// <summary>The first step with an error, so the wizard can lead back to it; null when there is none.</summary>
    public static ServiceDeployStep? StepOf(FieldError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var field = error.Field;
        return field switch
        {
            nameof(ServiceDeployRequest.Application) => ServiceDeployStep.Application,
            nameof(ServiceDeployRequest.ServerName) or nameof(ServiceDeployRequest.ServerType) or nameof(ServiceDeployRequest.TemplateName) => ServiceDeployStep.Server,
            nameof(ServiceDeployRequest.SetName) or nameof(ServiceDeployRequest.SetArea) or nameof(ServiceDeployRequest.SetGroup) => ServiceDeployStep.Set,
            nameof(ServiceDeployRequest.Operators) or nameof(ServiceDeployRequest.Developers) => ServiceDeployStep.People,
            nameof(ServiceDeployRequest.Nodes) => ServiceDeployStep.Nodes,
            _ when field.StartsWith("Adapters", StringComparison.Ordinal) => ServiceDeployStep.Adapters,
            _ => ServiceDeployStep.Container,
        };
    }

    private static void ValidateApplication(ServiceDeployRequest request, ServiceDeployContext context, List<FieldError> errors)
    {
        var name = request.Application?.Trim() ?? "";
        const string field = nameof(ServiceDeployRequest.Application);
        if (name.Length == 0)
        {
            errors.Add(new FieldError(field, "Validation.Required", "Choose or enter the application."));
        }
        else if (!TarsNames.IsValidName(name))
        {
            errors.Add(new FieldError(field, "ServiceWizard.Name.Invalid", "Use letters and digits, starting with a letter.", name));
        }
        else if (name.Length > TarsNames.MaxApplicationLength)
        {
            errors.Add(new FieldError(field, "Validation.TooLong", $"At most {TarsNames.MaxApplicationLength} characters.", TarsNames.MaxApplicationLength));
        }
        else if (request.NewApplication && context.Applications.Contains(name, StringComparer.OrdinalIgnoreCase))
        {
            errors.Add(new FieldError(field, "ServiceWizard.Application.Exists", $"Application {name} already exists: choose it from the list.", name));
        }
        else if (!request.NewApplication && !context.Applications.Contains(name, StringComparer.Ordinal))
        {
            errors.Add(new FieldError(field, "ServiceWizard.Application.Unknown", $"Application {name} does not exist.", name));
        }
    }

    private static void ValidateServer(ServiceDeployRequest request, ServiceDeployContext context, List<FieldError> errors)
    {
        var name = request.ServerName?.Trim() ?? "";
        const string field = nameof(ServiceDeployRequest.ServerName);
        if (name.Length == 0)
        {
            errors.Add(new FieldError(field, "Validation.Required", "Enter the server name, e.g. HelloServer."));
        }
        else if (!TarsNames.IsValidName(name))
        {
            errors.Add(new FieldError(field, "ServiceWizard.Name.Invalid", "Use letters and digits, starting with a letter.", name));
        }
        else if (name.Length > TarsNames.MaxServerNameLength)
        {
            errors.Add(new FieldError(field, "Validation.TooLong", $"At most {TarsNames.MaxServerNameLength} characters.", TarsNames.MaxServerNameLength));
        }
        else if (context.IsTaken(request.Application ?? "", name))
        {
            errors.Add(new FieldError(field, "ServiceWizard.Server.Taken", $"{request.Application}.{name} already exists.", $"{request.Application?.Trim()}.{name}"));
        }

        if (!ServerTypes.IsValid(request.ServerType))
        {
            errors.Add(new FieldError(nameof(request.ServerType), "Service.ServerType.Invalid",
                $"Choose one of {string.Join(", ", ServerTypes.All)}.", string.Join(", ", ServerTypes.All)));
        }

        var template = request.TemplateName?.Trim() ?? "";
        if (template.Length == 0)
        {
            errors.Add(new FieldError(nameof(request.TemplateName), "Validation.Required", "Choose a template."));
        }
        else if (!context.Templates.Any(t => string.Equals(t.TemplateName, template, StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add(new FieldError(nameof(request.TemplateName), "Template.NotFound", $"Template '{template}' does not exist.", template));
        }
    }

    private static void ValidateUsers(string field, string text, ServiceDeployContext context, List<FieldError> errors)
    {
        var names = ServiceDeployRequest.SplitUsers(text);
        var unknown = names.Where(u => !context.Users.Contains(u)).ToList();
        if (names.Count > 0 && !context.MayGrant)
        {
            errors.Add(new FieldError(field, "ServiceWizard.Users.NotAllowed", "Only an administrator can name operators and developers; leave this empty."));
        }
        else if (unknown.Count > 0)
        {
            errors.Add(new FieldError(field, "ServiceWizard.Users.Unknown", $"No such user: {string.Join(", ", unknown)}.", string.Join(", ", unknown)));
        }
    }

    private static void ValidateNodes(ServiceDeployRequest request, ServiceDeployContext context, List<FieldError> errors)
    {
        const string field = nameof(ServiceDeployRequest.Nodes);
        if (request.Nodes.Count == 0)
        {
            errors.Add(new FieldError(field, "ServiceWizard.Nodes.Required", "Choose at least one node."));
            return;
        }

        var unknown = request.Nodes.Where(n => context.Nodes.All(r => r.NodeName != n)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add(new FieldError(field, "ServiceWizard.Nodes.Unknown", $"Not a registered node: {string.Join(", ", unknown)}.", string.Join(", ", unknown)));
        }
    }

    private static void ValidateAdapters(ServiceDeployRequest request, ServiceDeployContext context, List<FieldError> errors)
    {
        if (request.Adapters.Count == 0 && request.ServerType != "not_tars")
        {
            errors.Add(new FieldError(nameof(request.Adapters), "ServiceWizard.Adapters.Required", "A Tars service needs at least one servant, e.g. HelloObj."));
        }

        var server = new ServerConfRow { Application = request.Application?.Trim() ?? "", ServerName = request.ServerName?.Trim() ?? "" };
        var objNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        // Ports this request itself gives out, per node, so two servants never share one.
        var given = new Dictionary<string, HashSet<int>>(StringComparer.Ordinal);
        for (var i = 0; i < request.Adapters.Count; i++)
        {
            var adapter = request.Adapters[i];
            var prefix = $"Adapters[{i}]";
            var found = new Dictionary<string, FieldError>(StringComparer.Ordinal);
            foreach (var node in request.Nodes)
            {
                foreach (var error in AdapterService.ValidateShape(server, adapter.ToInput(node)))
                {
                    // The host is the node, not typed; the port is per node; every other field is the same on each node.
                    var field = error.Field switch
                    {
                        nameof(AdapterInput.Port) => $"{prefix}.Ports[{node}]",
                        nameof(AdapterInput.Host) => $"{prefix}.Ports[{node}]",
                        _ => $"{prefix}.{error.Field}",
                    };
                    found.TryAdd(field, error with { Field = field });
                }

                var portField = $"{prefix}.Ports[{node}]";
                if (found.ContainsKey(portField) || !adapter.Ports.TryGetValue(node, out var port))
                {
                    continue;
                }

                if (context.UsedPorts(node).Contains(port))
                {
                    found[portField] = new FieldError(portField, "ServiceWizard.Port.Taken", $"Port {port} is already used on {node}.", port, node);
                }
                else if (!(given.TryGetValue(node, out var ports) ? ports : given[node] = []).Add(port))
                {
                    found[portField] = new FieldError(portField, "ServiceWizard.Port.Twice", $"Port {port} is given to two servants on {node}.", port, node);
                }
            }

            var objField = $"{prefix}.{nameof(ServiceDeployAdapter.ObjName)}";
            if (!found.ContainsKey(objField) && !objNames.Add(adapter.ObjName.Trim()))
            {
                found[objField] = new FieldError(objField, "ServiceWizard.Obj.Twice", $"Servant {adapter.ObjName} is listed twice.", adapter.ObjName);
            }

            errors.AddRange(found.Values);
        }
    }

    private static void ValidateContainer(ServiceDeployRequest request, ServiceDeployContext context, List<FieldError> errors)
    {
        var runType = request.RunType?.Trim() ?? "";
        if (runType is not (RunTypes.Native or RunTypes.Container))
        {
            errors.Add(new FieldError(nameof(request.RunType), "Service.RunType.Invalid", "Choose native or container.", runType));
        }
        else if (runType == RunTypes.Container && request.BaseImageId <= 0)
        {
            errors.Add(new FieldError(nameof(request.BaseImageId), "Service.Image.Required", "Choose the image the service runs on."));
        }
        else if (runType == RunTypes.Container && context.Images.All(i => i.Id != request.BaseImageId))
        {
            errors.Add(new FieldError(nameof(request.BaseImageId), "Service.Image.Unknown", "This image no longer exists; choose another.", request.BaseImageId));
        }

        BuildProfile(request, errors);
    }

    /// <summary>
    /// The private profile of the new instances: the volumes and ports written into <c>&lt;container&gt;</c> exactly as the
    /// service edit form writes them (null, with errors added, when a row is refused).
    /// </summary>
    public static string? BuildProfile(ServiceDeployRequest request, List<FieldError> errors)
    {
        ArgumentNullException.ThrowIfNull(request);
        var row = new ServerConfRow { Application = request.Application?.Trim() ?? "", ServerName = request.ServerName?.Trim() ?? "" };
        var input = new ServiceEditInput { PrivateProfile = "", Volumes = [.. request.Volumes], Ports = [.. request.Ports] };
        return ServiceEditValidator.BuildProfile(row, input, errors);
    }
}
