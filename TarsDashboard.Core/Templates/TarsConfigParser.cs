namespace TarsDashboard.Core.Templates;

/// <summary>
/// Reads Tars config text (the TC_Config format of templates and private profiles) into a <see cref="TarsConfigDocument"/>,
/// reporting mistakes with their line instead of throwing.
/// </summary>
/// <remarks>
/// Follows TC_Config: lines are trimmed; a line starting with <c>#</c> is a comment (a <c>#</c> later in a line is part of the
/// value); a line is split at its first <c>=</c> not escaped as <c>\=</c>; a line without <c>=</c> is a key with an empty
/// value; a section opened twice in the same parent continues the first one. Escapes are kept as written. Blank lines are
/// not kept. Unlike TC_Config, settings outside any section and text after a tag are refused, since Tars would drop them.
/// </remarks>
public sealed class TarsConfigParser
{
    private readonly List<SectionBuilder> _roots = [];
    private readonly Stack<SectionBuilder> _open = new();
    private readonly List<string> _pendingComments = [];
    private readonly List<TarsConfigError> _errors = [];

    private TarsConfigParser()
    {
    }

    public static TarsConfigParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TarsConfigParser().Run(text);
    }

    private TarsConfigParseResult Run(string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            var lineNumber = i + 1;
            if (line.Length == 0)
            {
                continue;
            }

            if (line[0] == '#')
            {
                _pendingComments.Add(line);
            }
            else if (line[0] == '<')
            {
                ReadTag(line, lineNumber);
            }
            else
            {
                ReadEntry(line, lineNumber);
            }
        }

        foreach (var unclosed in _open)
        {
            Error(unclosed.OpenedOnLine, "Profile.UnclosedSection",
                $"Section <{unclosed.Name}> opened on line {unclosed.OpenedOnLine} is never closed.", unclosed.Name);
        }

        if (_errors.Count > 0)
        {
            return TarsConfigParseResult.Failed([.. _errors.OrderBy(e => e.Line)]);
        }

        return TarsConfigParseResult.Parsed(new TarsConfigDocument
        {
            Sections = [.. _roots.Select(s => s.Build())],
            TrailingComments = [.. _pendingComments],
        });
    }

    private void ReadTag(string line, int lineNumber)
    {
        var end = line.IndexOf('>');
        if (end < 0 || end != line.Length - 1)
        {
            Error(lineNumber, "Profile.MalformedTag",
                $"'{line}' is not a tag: write <name> or </name> alone on the line.", line);
            return;
        }

        var closing = line.Length > 1 && line[1] == '/';
        var name = line[(closing ? 2 : 1)..end].Trim();
        if (closing)
        {
            Close(name, lineNumber);
        }
        else
        {
            OpenSection(name, lineNumber);
        }
    }

    private void OpenSection(string name, int lineNumber)
    {
        if (!IsValidSectionName(name))
        {
            Error(lineNumber, "Profile.InvalidSectionName",
                $"Section name '{name}' is empty or contains a space, '<', '>', '/' or '='.", name);
        }

        var siblings = _open.Count > 0 ? _open.Peek().Sections : _roots;
        var section = siblings.FirstOrDefault(s => s.Name == name);
        if (section is null)
        {
            section = new SectionBuilder(name, lineNumber);
            section.Comments.AddRange(_pendingComments);
            _pendingComments.Clear();
            if (IsValidSectionName(name))
            {
                siblings.Add(section);
            }
        }

        // A repeated section continues the first one (as TC_Config does); comments above it stay pending for its first item.
        _open.Push(section);
    }

    private void Close(string name, int lineNumber)
    {
        if (_open.Count == 0)
        {
            Error(lineNumber, "Profile.UnexpectedClosingTag", $"Closing tag </{name}> has no matching opening tag.", name);
            return;
        }

        var top = _open.Peek();
        if (top.Name != name)
        {
            Error(lineNumber, "Profile.MismatchedClosingTag",
                $"Closing tag </{name}> does not match <{top.Name}> opened on line {top.OpenedOnLine}.", name, top.Name);

            // Recover so one typo gives one error: close up to a matching outer section, else treat it as closing the top.
            if (_open.Any(s => s.Name == name))
            {
                while (_open.Peek().Name != name)
                {
                    _open.Pop();
                }
            }
        }

        var closed = _open.Pop();
        closed.TrailingComments.AddRange(_pendingComments);
        _pendingComments.Clear();
    }

    private void ReadEntry(string line, int lineNumber)
    {
        if (_open.Count == 0)
        {
            Error(lineNumber, "Profile.ContentOutsideSection",
                $"'{line}' is outside any section; settings belong inside a section such as <tars>.", line);
            _pendingComments.Clear();
            return;
        }

        var separator = FindSeparator(line);
        if (separator == 0)
        {
            Error(lineNumber, "Profile.EmptyKey", $"'{line}' has no key before '='.", line);
            return;
        }

        var entry = separator < 0
            ? new TarsConfigEntry(line, "")
            : new TarsConfigEntry(line[..separator].Trim(), line[(separator + 1)..].Trim());
        _open.Peek().Entries.Add(entry with { Comments = [.. _pendingComments] });
        _pendingComments.Clear();
    }

    // TC_Config lets a key contain '=' written as "\=", so the separator is the first unescaped '='.
    private static int FindSeparator(string line)
    {
        for (var i = 0; i < line.Length; i++)
        {
            if (line[i] == '=' && (i == 0 || line[i - 1] != '\\'))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool IsValidSectionName(string name) =>
        name.Length > 0 && !name.Any(c => char.IsWhiteSpace(c) || c is '<' or '>' or '/' or '=');

    private void Error(int line, string code, string message, params object[] arguments) =>
        _errors.Add(new TarsConfigError(line, code, message, arguments));
}
