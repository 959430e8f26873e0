using Microsoft.Extensions.Logging;

namespace MotorPick.Review.Web;

/// <summary>Passes the server's warnings and errors (one line each, exception type and message, no stack trace) to a callback, e.g. the CLI's console.</summary>
internal sealed class CallbackLoggerProvider(Action<string> write) : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new Logger(write);

    public void Dispose() { }

    private sealed class Logger(Action<string> write) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel)) return;
            var line = formatter(state, exception);
            if (exception is not null) line += $" ({exception.GetType().Name}: {exception.Message})";
            write(line);
        }
    }
}
