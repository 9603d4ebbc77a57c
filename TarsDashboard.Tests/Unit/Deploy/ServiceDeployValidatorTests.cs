using TarsDashboard.Core.Data.Tars;
using TarsDashboard.Core.Deploy.Service;
using TarsDashboard.Core.Nodes;
using TarsDashboard.Core.Services;
using TarsDashboard.Core.Templates;
using Xunit;

namespace TarsDashboard.Tests.Deploy;

/// <summary>The service wizard's step checks, without a database.</summary>
public sealed class ServiceDeployValidatorTests
{
    private static readonly ServiceDeployContext Context = new(
        ["Test"],
        new HashSet<(string, string)> { ("test", "helloserver") },
        [new ProfileTemplateRow { TemplateName = "tars.default", Profile = "" }],
        [new BaseImageRow { Id = 7, Image = "tarscloud/tars.cppbase:v3" }],
        [new NodeRow { NodeName = "node1" }, new NodeRow { NodeName = "node2" }],
        new Dictionary<string, IReadOnlySet<int>> { ["node1"] = new HashSet<int> { 12000 }, ["node2"] = new HashSet<int>() },
        new HashSet<string> { "admin", "ops1" });

    private static ServiceDeployRequest Valid() => new()
    {
        Application = "Test",
        ServerName = "OrderServer",
        TemplateName = "tars.default",
        Nodes = ["node1", "node2"],
        Adapters = [new ServiceDeployAdapter { ObjName = "OrderObj", Ports = new() { ["node1"] = 12001, ["node2"] = 12000 } }],
    };

    private static IReadOnlyList<string> Codes(ServiceDeployStep step, ServiceDeployRequest request) =>
        [.. ServiceDeployValidator.Validate(step, request, Context).Select(e => $"{e.Field}:{e.Code}")];

    [Fact]
    public void A_complete_request_passes_every_step()
    {
        Assert.Empty(ServiceDeployValidator.ValidateAll(Valid(), Context));
    }

    [Theory]
    [InlineData("1Order", "ServerName:ServiceWizard.Name.Invalid")]
    [InlineData("Order-Server", "ServerName:ServiceWizard.Name.Invalid")]
    [InlineData("", "ServerName:Validation.Required")]
    [InlineData("HelloServer", "ServerName:ServiceWizard.Server.Taken")]
    [InlineData("helloserver", "ServerName:ServiceWizard.Server.Taken")]
    public void Bad_or_taken_server_names_are_refused_on_the_server_step(string name, string expected)
    {
        var request = Valid();
        request.ServerName = name;
        Assert.Equal([expected], Codes(ServiceDeployStep.Server, request));
    }

    [Fact]
    public void Names_longer_than_their_columns_are_refused_with_the_tars_limits()
    {
        var request = Valid();
        request.NewApplication = true;
        request.Application = new string('A', TarsNames.MaxApplicationLength + 1);
        request.ServerName = new string('S', TarsNames.MaxServerNameLength + 1);

        Assert.Equal(["Application:Validation.TooLong"], Codes(ServiceDeployStep.Application, request));
        Assert.Equal(["ServerName:Validation.TooLong"], Codes(ServiceDeployStep.Server, request));
        request.Application = new string('A', TarsNames.MaxApplicationLength);
        request.ServerName = new string('S', TarsNames.MaxServerNameLength);
        Assert.Empty(Codes(ServiceDeployStep.Application, request));
        Assert.Empty(Codes(ServiceDeployStep.Server, request));
    }

    [Theory]
    [InlineData(false, "Nope", "Application:ServiceWizard.Application.Unknown")]
    [InlineData(true, "Test", "Application:ServiceWizard.Application.Exists")]
    [InlineData(true, "9Lives", "Application:ServiceWizard.Name.Invalid")]
    [InlineData(true, "", "Application:Validation.Required")]
    public void Bad_application_names_are_refused(bool isNew, string name, string expected)
    {
        var request = Valid();
        request.NewApplication = isNew;
        request.Application = name;
        Assert.Equal([expected], Codes(ServiceDeployStep.Application, request));
    }

    [Fact]
    public void A_new_application_with_a_valid_name_passes()
    {
        var request = Valid();
        request.NewApplication = true;
        request.Application = "Shop2";
        Assert.Empty(Codes(ServiceDeployStep.Application, request));
    }

    [Theory]
    [InlineData("Order Obj", "Adapters[0].ObjName:Adapter.Obj.Invalid")]
    [InlineData("_OrderObj", "Adapters[0].ObjName:Adapter.Obj.Invalid")]
    [InlineData("", "Adapters[0].ObjName:Validation.Required")]
    public void Bad_obj_names_are_refused(string obj, string expected)
    {
        var request = Valid();
        request.Adapters[0].ObjName = obj;
        Assert.Equal([expected], Codes(ServiceDeployStep.Adapters, request));
    }

    [Fact]
    public void A_port_already_used_on_that_node_is_refused_for_that_node_only()
    {
        var request = Valid();
        request.Adapters[0].Ports["node1"] = 12000;
        Assert.Equal(["Adapters[0].Ports[node1]:ServiceWizard.Port.Taken"], Codes(ServiceDeployStep.Adapters, request));
    }

    [Fact]
    public void Two_servants_on_one_port_of_a_node_and_the_same_obj_twice_are_refused()
    {
        var request = Valid();
        request.Adapters.Add(new ServiceDeployAdapter { ObjName = "orderobj", Ports = new() { ["node1"] = 12001, ["node2"] = 12002 } });
        Assert.Equal(["Adapters[1].Ports[node1]:ServiceWizard.Port.Twice", "Adapters[1].ObjName:ServiceWizard.Obj.Twice"],
            Codes(ServiceDeployStep.Adapters, request));
    }

    [Fact]
    public void No_node_chosen_is_refused()
    {
        var request = Valid();
        request.Nodes = [];
        Assert.Equal(["Nodes:ServiceWizard.Nodes.Required"], Codes(ServiceDeployStep.Nodes, request));
        request.Nodes = ["ghost"];
        Assert.Equal(["Nodes:ServiceWizard.Nodes.Unknown"], Codes(ServiceDeployStep.Nodes, request));
    }

    [Fact]
    public void Container_mode_without_an_image_is_refused_and_bad_volumes_are_refused_per_row()
    {
        var request = Valid();
        request.RunType = RunTypes.Container;
        Assert.Equal(["BaseImageId:Service.Image.Required"], Codes(ServiceDeployStep.Container, request));
        request.BaseImageId = 99;
        Assert.Equal(["BaseImageId:Service.Image.Unknown"], Codes(ServiceDeployStep.Container, request));
        request.BaseImageId = 7;
        request.Volumes = [new VolumeMapping("relative", "/data")];
        Assert.Equal(["Volumes[0].HostPath:Container.Volume.NotAbsolute"], Codes(ServiceDeployStep.Container, request));
    }

    [Fact]
    public void Set_and_people_follow_the_Tars_rules()
    {
        var request = Valid();
        request.EnableSet = true;
        request.SetName = "sh";
        request.SetArea = "a";
        request.SetGroup = "x";
        Assert.Equal(["SetGroup:Service.Set.Group"], Codes(ServiceDeployStep.Set, request));
        request.Operators = "ops1; ghost";
        Assert.Equal(["Operators:ServiceWizard.Users.Unknown"], Codes(ServiceDeployStep.People, request));
        request.Operators = "ops1";
        Assert.Empty(Codes(ServiceDeployStep.People, request));
        Assert.Equal(["Operators:ServiceWizard.Users.NotAllowed"],
            ServiceDeployValidator.Validate(ServiceDeployStep.People, request, Context with { MayGrant = false }).Select(e => $"{e.Field}:{e.Code}"));
    }

    [Fact]
    public void Free_ports_are_assigned_on_each_node_avoiding_used_and_already_given_ports()
    {
        var request = Valid();
        request.Adapters[0].Ports.Clear();
        request.Adapters.Add(new ServiceDeployAdapter { ObjName = "AdminObj" });
        ServiceDeployer.AssignFreePorts(request, Context, new Random(1));
        Assert.All(request.Adapters, a => Assert.Equal(["node1", "node2"], a.Ports.Keys.Order()));
        Assert.NotEqual(request.Adapters[0].Ports["node1"], request.Adapters[1].Ports["node1"]);
        Assert.Empty(Codes(ServiceDeployStep.Adapters, request));
    }
}
