using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Node;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Query;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>Every IDL struct survives encode/decode, full and at its defaults, and ignores a newer peer's extra field.</summary>
public sealed class TarsStructRoundTripTests
{
    // An extra field a newer IDL might add: tag 200 (extended head F6 C8), String1 "new".
    private static readonly byte[] NewerPeerField = TarsHex.Bytes("F6 C8 03 6E 65 77");

    private static void AssertRoundTrips<T>(T value) where T : ITarsStruct<T>
    {
        var encoded = TarsCodec.Encode(value);
        Assert.Equivalent(value, TarsCodec.Decode<T>(encoded), strict: true);

        // top level: the extra field after the known ones is skipped
        Assert.Equivalent(value, TarsCodec.Decode<T>(TarsHex.Join(encoded, NewerPeerField)), strict: true);

        // nested: StructBegin at tag 1, the fields, the extra one, StructEnd, then a known field at tag 2
        var nested = TarsHex.Join(TarsHex.Bytes("1A"), encoded, NewerPeerField, TarsHex.Bytes("0B 20 2A"));
        var reader = new TarsReader(nested);
        Assert.Equivalent(value, reader.ReadStruct<T>(1), strict: true);
        Assert.Equal(42, reader.ReadInt(2, required: true));
    }

    private static readonly IReadOnlyDictionary<string, string> Labels = new Dictionary<string, string> { ["a"] = "1", ["b"] = "" };

    [Fact]
    public void EndpointF_round_trips()
    {
        AssertRoundTrips(new EndpointF
        {
            Host = "10.0.0.5", Port = 12000, Timeout = 60000, IsTcp = 1, Grid = 2, GroupWorkId = 3, GroupRealId = 4,
            SetId = "s.a.g", Qos = 5, BakFlag = 6, Weight = 100, WeightType = 1, AuthType = 2, NodeName = "node-1",
        });
        AssertRoundTrips(new EndpointF());
    }

    [Fact]
    public void Task_structs_round_trip()
    {
        var item = new TaskItemReq
        {
            TaskNo = "t", ItemNo = "i", Application = "App", ServerName = "Srv", NodeName = "n", SetName = "s.a.g",
            Command = TaskCommand.Patch, UserName = "u", Parameters = new Dictionary<string, string> { [TaskCommand.PatchIdParameter] = "17" },
        };
        AssertRoundTrips(item);
        AssertRoundTrips(new TaskItemReq());
        AssertRoundTrips(new TaskReq { TaskItemReq = [item, new TaskItemReq()], TaskNo = "t", Serial = true, UserName = "u", IsElegant = true, EachNum = 0 });
        AssertRoundTrips(new TaskReq());

        var itemRsp = new TaskItemRsp
        {
            Req = item, StartTime = "2026-01-01 10:00:00", EndTime = "2026-01-01 10:00:05", Status = EMTaskItemStatus.Failed,
            StatusInfo = "failed", ExecuteLog = "log", Percent = 50,
        };
        AssertRoundTrips(itemRsp);
        AssertRoundTrips(new TaskItemRsp());
        AssertRoundTrips(new TaskRsp
        {
            TaskItemRsp = [itemRsp], TaskNo = "t", Serial = true, UserName = "u", Status = EMTaskStatus.Partial,
            CreateTime = "2026-01-01 10:00:00", ExecuteLog = "x",
        });
        AssertRoundTrips(new TaskRsp());
    }

    [Fact]
    public void State_and_patch_structs_round_trip()
    {
        AssertRoundTrips(new ServerStateDesc
        {
            SettingStateInReg = "active", PresentStateInReg = "active", PresentStateInNode = "inactive", ProcessId = 4242,
            PatchVersion = "17", PatchTime = "2026-01-01", PatchUser = "admin",
        });
        AssertRoundTrips(new ServerStateDesc());
        AssertRoundTrips(new ServerStateInfo
        {
            ServerState = ServerState.Active, ProcessId = 9, NodeName = "n", Application = "App", ServerName = "Srv",
            SettingState = ServerState.Inactive, ExState = Labels,
        });
        AssertRoundTrips(new ServerStateInfo());
        AssertRoundTrips(new PatchRequest
        {
            AppName = "App", ServerName = "Srv", NodeName = "n", GroupName = "g", BinName = "Srv", Version = "17", User = "u",
            ServerType = "tars_cpp", PatchObj = "tars.tarspatch.PatchObj", Md5 = "d41d8cd98f00b204e9800998ecf8427e",
            OsType = "linux", FilePath = "/usr/local/app/patchs/App.Srv.tgz",
        });
        AssertRoundTrips(new PatchRequest());
        AssertRoundTrips(new PatchInfo { Patching = true, Percent = 80, ModifyTime = 1_767_225_600, Version = "17", Result = "ok", Succeeded = true });
        AssertRoundTrips(new PatchInfo());
    }

    [Fact]
    public void Packets_round_trip()
    {
        AssertRoundTrips(new RequestPacket
        {
            Version = 1, PacketType = 1, MessageType = 0x80, RequestId = int.MaxValue, ServantName = "S", FuncName = "f",
            Buffer = [1, 2, 3], Timeout = 60000, Context = Labels, Status = Labels,
        });
        AssertRoundTrips(new RequestPacket());
        AssertRoundTrips(new ResponsePacket
        {
            RequestId = 5, MessageType = 2, Ret = -7, Buffer = new byte[300], Status = Labels, ResultDesc = "timeout", Context = Labels,
        });
        AssertRoundTrips(new ResponsePacket());
    }

    [Fact]
    public void A_required_field_missing_from_a_peer_is_a_decode_error()
    {
        // EndpointF with only host and port: timeout (tag 2, required) is missing
        var error = Assert.Throws<TarsDecodeException>(() => TarsCodec.Decode<EndpointF>(TarsHex.Bytes("06 01 68 11 2E E0")));
        Assert.Contains("tag 2", error.Message);
    }
}
