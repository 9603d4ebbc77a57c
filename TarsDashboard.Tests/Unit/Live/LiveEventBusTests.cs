using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using TarsDashboard.Core.Images;
using TarsDashboard.Core.Live;
using Xunit;

namespace TarsDashboard.Tests.Live;

public sealed class LiveEventBusTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task A_handler_that_throws_keeps_its_subscription_and_gets_the_next_event()
    {
        var logger = new RecordingLogger();
        var bus = new LiveEventBus(logger);
        var handled = Channel.CreateUnbounded<LiveEvent>();
        using var subscription = bus.Subscribe(async liveEvent =>
        {
            handled.Writer.TryWrite(liveEvent);
            await Task.Yield();
            if (liveEvent is ImagesChanged { Change: "first" })
            {
                throw new InvalidOperationException("page bug");
            }
        });

        bus.Publish(new ImagesChanged(1, "first"));
        bus.Publish(new ImagesChanged(1, "second"));

        Assert.Equal("first", ((ImagesChanged)await handled.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Change);
        Assert.Equal("second", ((ImagesChanged)await handled.Reader.ReadAsync().AsTask().WaitAsync(Patience)).Change);
        Assert.Equal(1, bus.SubscriberCount);
        var logged = Assert.Single(logger.Errors);
        Assert.IsType<InvalidOperationException>(logged);
        Assert.NotNull(logged.StackTrace);
    }

    [Fact]
    public async Task A_handler_that_fails_synchronously_keeps_its_subscription_too()
    {
        var bus = new LiveEventBus(new RecordingLogger());
        var handled = Channel.CreateUnbounded<int>();
        var calls = 0;
        using var subscription = bus.Subscribe(_ =>
        {
            handled.Writer.TryWrite(++calls);
            if (calls == 1)
            {
                throw new InvalidOperationException("thrown before any await");
            }

            return Task.CompletedTask;
        });

        bus.Publish(new ImagesChanged(1, "a"));
        bus.Publish(new ImagesChanged(1, "b"));

        Assert.Equal(1, await handled.Reader.ReadAsync().AsTask().WaitAsync(Patience));
        Assert.Equal(2, await handled.Reader.ReadAsync().AsTask().WaitAsync(Patience));
    }

    private sealed class RecordingLogger : ILogger<LiveEventBus>
    {
        private readonly List<Exception> _errors = [];

        public IReadOnlyList<Exception> Errors
        {
            get
            {
                lock (_errors)
                {
                    return _errors.ToList();
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error && exception is not null)
            {
                lock (_errors)
                {
                    _errors.Add(exception);
                }
            }
        }
    }
}
