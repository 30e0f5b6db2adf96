using Microsoft.Extensions.Logging;

namespace Magg.Orleans.Lambda.Cells;

/// <summary>
/// One line per entry on standard output, which Lambda sends to CloudWatch: <c>level category: message</c>, with an
/// exception's type and message (not its stack). Small on purpose: a logging framework would cost cold-start time.
/// </summary>
/// <typeparam name="T">The category.</typeparam>
internal sealed class LineLogger<T>(LogLevel minimum, TextWriter output) : ILogger<T>
{
    private static readonly string Category = typeof(T).Name;

    /// <inheritdoc />
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    /// <inheritdoc />
    public bool IsEnabled(LogLevel logLevel) => logLevel >= minimum && logLevel != LogLevel.None;

    /// <inheritdoc />
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var line = $"{Level(logLevel)} {Category}: {formatter(state, exception)}";
        output.WriteLine(exception is null ? line : $"{line} ({exception.GetType().Name}: {exception.Message})");
    }

    private static string Level(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        _ => "FATAL",
    };
}
