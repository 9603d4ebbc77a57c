using System.Text;
using System.Text.RegularExpressions;
using TarsDashboard.Core.Tars;

namespace TarsDashboard.Tests.Tars.FakeFramework;

/// <summary>
/// A Tars log file as tarsnode's <c>getLogData</c> sees it, in memory. It answers only the dashboard's fixed command
/// forms, reading them with its own patterns (not the product's builder) and doing what the shell pipeline on a node
/// would: <c>wc -c</c>, <c>tail -c +N | head -c M</c>, <c>… | tail -n L</c>. Like tarsnode it hands back at most
/// 2 MB - 1 of output and cuts it at the first NUL byte (it reads popen into a C string). Any other command — a
/// keyword, a path, a second pipeline — is a failure of the test: <see cref="Run"/> throws.
/// </summary>
public sealed partial class FakeTarsLogFile
{
    /// <summary>tarsnode's popen buffer is 2 MB, one byte of it the terminating NUL.</summary>
    public const int MaxOutputBytes = 2 * 1024 * 1024 - 1;

    private readonly Lock _lock = new();
    private readonly List<string> _commands = [];
    private byte[] _content = [];

    public FakeTarsLogFile(string initial = "") => Append(initial);

    /// <summary>tarsnode answers -1 for a file that does not exist.</summary>
    public bool Exists { get; set; } = true;

    /// <summary>Every command run, in order.</summary>
    public IReadOnlyList<string> Commands
    {
        get
        {
            lock (_lock)
            {
                return [.. _commands];
            }
        }
    }

    public long Length
    {
        get
        {
            lock (_lock)
            {
                return _content.Length;
            }
        }
    }

    public void Append(string text) => Append(Encoding.UTF8.GetBytes(text));

    public void Append(byte[] bytes)
    {
        lock (_lock)
        {
            _content = [.. _content, .. bytes];
        }
    }

    /// <summary>Starts the file anew with <paramref name="text"/>, as truncation or Tars's log rolling does.</summary>
    public void Replace(string text)
    {
        lock (_lock)
        {
            _content = Encoding.UTF8.GetBytes(text);
        }
    }

    /// <summary>Runs one command as tarsnode would (after replacing <c>__log_file_name__</c> with the file).</summary>
    /// <exception cref="InvalidOperationException">The command is not one of the fixed forms.</exception>
    public LogDataResult Run(string command)
    {
        byte[] content;
        lock (_lock)
        {
            _commands.Add(command);
            content = _content;
        }

        return Interpret(Exists ? content : null, command);
    }

    /// <summary>
    /// Carries out one of the dashboard's fixed commands (<see cref="TarsDashboard.Core.Logs.TarsLogCommand"/>) on a
    /// file's bytes, without a shell; <paramref name="content"/> null is a file that is not there (tarsnode answers -1).
    /// </summary>
    /// <exception cref="InvalidOperationException">The command is not one of the fixed forms.</exception>
    public static LogDataResult Interpret(byte[]? content, string command)
    {
        if (SizeCommand().IsMatch(command))
        {
            return content is not null ? new LogDataResult(0, $"{content.Length}\n") : new LogDataResult(-1, "");
        }

        var range = RangeCommand().Match(command);
        if (!range.Success)
        {
            throw new InvalidOperationException($"tarsnode was sent a command that is not one of the fixed forms: {command}");
        }

        if (content is null)
        {
            return new LogDataResult(-1, "");
        }

        var from = (int)Math.Min(long.Parse(range.Groups["from"].Value) - 1, content.Length);
        var count = (int)Math.Min(long.Parse(range.Groups["count"].Value), content.Length - from);
        ReadOnlySpan<byte> output = content.AsSpan(from, count);
        if (range.Groups["lines"].Success)
        {
            output = LastLines(output, int.Parse(range.Groups["lines"].Value));
        }

        var nul = output.IndexOf((byte)0);
        output = nul >= 0 ? output[..nul] : output;
        output = output.Length > MaxOutputBytes ? output[..MaxOutputBytes] : output;
        return new LogDataResult(0, Encoding.UTF8.GetString(output));
    }

    // tail -n L: the last L lines, a last line without '\n' counting as one.
    private static ReadOnlySpan<byte> LastLines(ReadOnlySpan<byte> bytes, int lines)
    {
        var end = bytes.Length > 0 && bytes[^1] == (byte)'\n' ? bytes.Length - 1 : bytes.Length;
        var start = end;
        for (var found = 0; start > 0; start--)
        {
            if (bytes[start - 1] == (byte)'\n' && ++found == lines)
            {
                break;
            }
        }

        return bytes[start..];
    }

    [GeneratedRegex("^wc -c < \"__log_file_name__\"\\z")]
    private static partial Regex SizeCommand();

    [GeneratedRegex("^tail -c \\+(?<from>[1-9][0-9]{0,17}) \"__log_file_name__\" \\| head -c (?<count>[1-9][0-9]{0,9})(?: \\| tail -n (?<lines>[1-9][0-9]{0,9}))?\\z")]
    private static partial Regex RangeCommand();
}
