namespace TarsDashboard.Core.Logs;

/// <summary>How one poll of a Tars log file went.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Ret">tarsnode's or tarsAdminRegistry's code when the outcome is <see cref="TarsLogPollOutcome.Refused"/>.</param>
/// <param name="Behind">More was written than one poll reads: poll again at once.</param>
internal sealed record TarsLogPoll(TarsLogPollOutcome Outcome, int Ret = 0, bool Behind = false);
