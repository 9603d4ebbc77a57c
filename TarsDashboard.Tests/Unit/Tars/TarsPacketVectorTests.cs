using System.Text;
using TarsDashboard.Core.Tars.AdminRegistry;
using TarsDashboard.Core.Tars.Codec;
using TarsDashboard.Core.Tars.Protocol;
using TarsDashboard.Core.Tars.Query;
using Xunit;

namespace TarsDashboard.Tests.Tars;

/// <summary>
/// Whole packets and IDL structs derived by hand from tup/RequestF.tars, framework/AdminReg.tars, servant/EndpointF.tars
/// and the encoding rules (see <see cref="TarsWriterVectorTests"/>). Optional fields follow TarsCpp's generated code:
/// left out when equal to their default (empty containers too), except bools, enums and structs, always written.
/// </summary>
public sealed class TarsPacketVectorTests
{
    private static byte[] Ascii(string text) => Encoding.ASCII.GetBytes(text);

    private static void AssertBytes(byte[] expected, byte[] actual) => Assert.Equal(TarsHex.Of(expected), TarsHex.Of(actual));

    // findObjectById(string id): the id is parameter 1, so its String1 head is 0x16; the id has 34 (0x22) bytes.
    private static readonly byte[] FindAdminRegArguments = TarsHex.Join(
        TarsHex.Bytes("16 22"), Ascii("tars.tarsAdminRegistry.AdminRegObj"));

    [Fact]
    public void The_findObjectById_request_for_AdminRegObj_is_framed_byte_for_byte()
    {
        var expected = TarsHex.Join(
            TarsHex.Bytes("00 00 00 65"),        // length 101 = 4 + 97 body bytes, big-endian, counting itself
            TarsHex.Bytes("10 01"),              // tag 1 iVersion: Int8 1 (TARSVERSION)
            TarsHex.Bytes("2C"),                 // tag 2 cPacketType: ZeroTag, 0 = TARSNORMAL
            TarsHex.Bytes("3C"),                 // tag 3 iMessageType: ZeroTag
            TarsHex.Bytes("40 01"),              // tag 4 iRequestId: Int8 1
            TarsHex.Bytes("56 1A"), Ascii("tars.tarsregistry.QueryObj"), // tag 5 sServantName: String1, 26 bytes
            TarsHex.Bytes("66 0E"), Ascii("findObjectById"),             // tag 6 sFuncName: String1, 14 bytes
            TarsHex.Bytes("7D 00 00 24"), FindAdminRegArguments,         // tag 7 sBuffer: SimpleList, Int8 head, length 36
            TarsHex.Bytes("81 0B B8"),           // tag 8 iTimeout: Int16 3000 = 0x0BB8
            TarsHex.Bytes("98 0C"),              // tag 9 context: Map, count 0 (a required map is always written)
            TarsHex.Bytes("A8 0C"));             // tag 10 status: Map (0xA8), count 0

        var writer = new TarsWriter();
        writer.WriteString(1, "tars.tarsAdminRegistry.AdminRegObj");
        var frame = TarsFraming.Frame(new RequestPacket
        {
            RequestId = 1,
            ServantName = QueryClient.Servant,
            FuncName = "findObjectById",
            Buffer = writer.ToArray(),
            Timeout = 3000,
        });

        AssertBytes(expected, frame);
        var decoded = TarsCodec.Decode<RequestPacket>(frame.AsMemory(4));
        Assert.Equal(("tars.tarsregistry.QueryObj", "findObjectById", 1, 3000), (decoded.ServantName, decoded.FuncName, decoded.RequestId, decoded.Timeout));
        AssertBytes(FindAdminRegArguments, decoded.Buffer);
    }

    [Fact]
    public void A_findObjectById_reply_with_one_endpoint_decodes_to_EndpointF()
    {
        // sBuffer: the return value vector<EndpointF> at tag 0
        var result = TarsHex.Join(
            TarsHex.Bytes("09 00 01"),           // tag 0 List, count 1
            TarsHex.Bytes("0A"),                 // element at tag 0: StructBegin
            TarsHex.Bytes("06 09"), Ascii("127.0.0.1"), // host (tag 0): String1, 9 bytes
            TarsHex.Bytes("11 2E E0"),           // port (tag 1): Int16 12000 = 0x2EE0
            TarsHex.Bytes("22 00 00 EA 60"),     // timeout (tag 2): 60000 > 32767, so Int32 0x0000EA60
            TarsHex.Bytes("30 01"),              // istcp (tag 3): Int8 1
            TarsHex.Bytes("4C"),                 // grid (tag 4): ZeroTag; optional fields 5-14 at their default are absent
            TarsHex.Bytes("0B"));                // StructEnd
        Assert.Equal(27, result.Length);
        var response = TarsHex.Join(
            TarsHex.Bytes("10 01"),              // tag 1 iVersion 1
            TarsHex.Bytes("2C"),                 // tag 2 cPacketType 0
            TarsHex.Bytes("30 01"),              // tag 3 iRequestId 1
            TarsHex.Bytes("4C"),                 // tag 4 iMessageType 0
            TarsHex.Bytes("5C"),                 // tag 5 iRet 0 (success)
            TarsHex.Bytes("6D 00 00 1B"), result, // tag 6 sBuffer: SimpleList of 27 bytes
            TarsHex.Bytes("78 0C"));             // tag 7 status: empty Map; optional 8 sResultDesc and 9 context absent

        var packet = TarsCodec.Decode<ResponsePacket>(response);
        Assert.Equal((1, 0, ""), (packet.RequestId, packet.Ret, packet.ResultDesc));
        var endpoint = Assert.Single(new TarsReader(packet.Buffer).ReadStructList<EndpointF>(0, required: true));
        Assert.Equal(new EndpointF { Host = "127.0.0.1", Port = 12000, Timeout = 60000, IsTcp = 1 }, endpoint);
        Assert.Equal("tcp -h 127.0.0.1 -p 12000 -t 60000", endpoint.ToTcpEndpoint()!.ToString());

        // and our encoder produces the same bytes
        AssertBytes(response, TarsCodec.Encode(packet));
    }

    [Fact]
    public void A_framework_error_reply_carries_iRet_and_sResultDesc()
    {
        var response = TarsHex.Join(
            TarsHex.Bytes("10 01 2C 30 07 4C"),  // version 1, normal, request id 7, message type 0
            TarsHex.Bytes("50 FD"),              // tag 5 iRet: Int8 -3 = 0xFD (TARSSERVERNOFUNCERR)
            TarsHex.Bytes("6D 00 0C"),           // tag 6 sBuffer: SimpleList, length 0
            TarsHex.Bytes("78 0C"),              // tag 7 status: empty
            TarsHex.Bytes("86 02"), Ascii("nf")); // tag 8 sResultDesc: String1 "nf"

        var packet = TarsCodec.Decode<ResponsePacket>(response);

        Assert.Equal((7, TarsReturnCode.NoSuchFunction, "nf"), (packet.RequestId, packet.Ret, packet.ResultDesc));
        AssertBytes(response, TarsCodec.Encode(packet));
    }

    private static TaskReq RestartTask(bool elegant = false, int eachNum = 1) => new()
    {
        TaskItemReq =
        [
            new TaskItemReq
            {
                TaskNo = "t1", ItemNo = "i1", Application = "App", ServerName = "Srv", NodeName = "10.0.0.1",
                Command = TaskCommand.Restart, UserName = "admin",
            },
        ],
        TaskNo = "t1",
        Serial = true,
        UserName = "admin",
        IsElegant = elegant,
        EachNum = eachNum,
    };

    private static readonly byte[] RestartItem = TarsHex.Join(
        TarsHex.Bytes("0A"),                     // list element at tag 0: StructBegin
        TarsHex.Bytes("06 02"), Ascii("t1"),     // taskNo (tag 0)
        TarsHex.Bytes("16 02"), Ascii("i1"),     // itemNo (tag 1)
        TarsHex.Bytes("26 03"), Ascii("App"),    // application (tag 2)
        TarsHex.Bytes("36 03"), Ascii("Srv"),    // serverName (tag 3)
        TarsHex.Bytes("46 08"), Ascii("10.0.0.1"), // nodeName (tag 4); setName (tag 5) is "" and left out
        TarsHex.Bytes("66 07"), Ascii("restart"), // command (tag 6)
        TarsHex.Bytes("76 05"), Ascii("admin"),  // userName (tag 7); parameters (tag 8) empty and left out
        TarsHex.Bytes("0B"));                    // StructEnd

    private static readonly byte[] RestartTaskFields = TarsHex.Join(
        TarsHex.Bytes("09 00 01"), RestartItem,  // taskItemReq (tag 0): List, count 1
        TarsHex.Bytes("16 02"), Ascii("t1"),     // taskNo (tag 1)
        TarsHex.Bytes("20 01"),                  // serial (tag 2): Int8 1
        TarsHex.Bytes("36 05"), Ascii("admin"),  // userName (tag 3)
        TarsHex.Bytes("4C"));                    // isElegant (tag 4): false, a bool, so written: ZeroTag;
                                                 // eachNum (tag 5) equals its default 1 and is left out

    [Fact]
    public void A_TaskReq_for_one_restart_is_encoded_as_the_IDL_and_TarsCpp_defaults_say()
    {
        AssertBytes(RestartTaskFields, TarsCodec.Encode(RestartTask()));
        Assert.Equivalent(RestartTask(), TarsCodec.Decode<TaskReq>(RestartTaskFields), strict: true);

        // isElegant true and eachNum 3: 40 01 (tag 4 Int8 1) and 50 03 (tag 5 Int8 3) end the struct instead of 4C
        var elegant = TarsHex.Join(RestartTaskFields[..^1], TarsHex.Bytes("40 01 50 03"));
        AssertBytes(elegant, TarsCodec.Encode(RestartTask(elegant: true, eachNum: 3)));
    }

    [Fact]
    public void The_addTaskReq_arguments_wrap_the_TaskReq_as_parameter_1()
    {
        var expected = TarsHex.Join(TarsHex.Bytes("1A"), RestartTaskFields, TarsHex.Bytes("0B")); // 0x1A: StructBegin at tag 1

        var writer = new TarsWriter();
        writer.WriteStruct(1, RestartTask());

        AssertBytes(expected, writer.ToArray());
    }

    [Fact]
    public void A_TaskReq_without_eachNum_reads_the_IDL_default_of_1()
    {
        Assert.Equal(1, TarsCodec.Decode<TaskReq>(TarsHex.Bytes("")).EachNum);
        Assert.Equal(1, TarsCodec.Decode<TaskReq>(RestartTaskFields).EachNum);
    }
}
