using System.Buffers;

namespace TarsDashboard.Core.Services;

/// <summary>Quotes words for a POSIX shell so that a shown command line means exactly its arguments.</summary>
public static class ShellQuoting
{
    // Characters no POSIX shell treats specially anywhere in a word.
    private static readonly SearchValues<char> Safe =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789@%+=:,./_-");

    /// <summary>
    /// The word as is when it holds only safe characters; otherwise in single quotes, each <c>'</c> written as <c>'\''</c>
    /// (close, escaped quote, reopen), since nothing inside single quotes is special to the shell.
    /// </summary>
    public static string Quote(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        if (word.Length > 0 && !word.AsSpan().ContainsAnyExcept(Safe))
        {
            return word;
        }

        return "'" + word.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
    }

    public static string Join(IEnumerable<string> words) => string.Join(' ', words.Select(Quote));
}
