namespace TarsDashboard.Core.Live;

/// <summary>
/// Carries the bus's events to the other dashboard instances. The bus hands every event it publishes to the relay
/// after its local subscribers have it; events that arrive from another instance go to <see cref="LiveEventBus.DeliverFromElsewhere"/>
/// and are never handed back. Without a relay (one instance) the bus is purely in-process.
/// </summary>
public interface ILiveEventRelay
{
    /// <summary>Must not block or throw: it runs on the publisher's thread.</summary>
    void Forward(LiveEvent liveEvent);
}
