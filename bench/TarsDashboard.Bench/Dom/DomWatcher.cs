namespace TarsDashboard.Bench.Dom;

/// <summary>
/// The page side of the DOM benchmark: a MutationObserver on the viewer's rows that records, per probe line
/// ("dom N SENT"), the browser time its row was first in the DOM. It scans the rendered rows on every mutation rather
/// than trusting added nodes, because Blazor may reuse a row element for a new line.
/// </summary>
internal static class DomWatcher
{
    public const string Script = """
        () => {
            const seen = new Map();
            window.__domSeen = seen;
            const lines = document.querySelector('.log-lines');
            const scan = () => {
                const now = performance.timeOrigin + performance.now();
                for (const text of lines.querySelectorAll('.log-text')) {
                    const m = /^dom (\d+) /.exec(text.textContent);
                    if (m && !seen.has(+m[1])) {
                        seen.set(+m[1], now);
                    }
                }
            };
            new MutationObserver(scan).observe(lines, { childList: true, subtree: true, characterData: true });
            scan();
        }
        """;
}
