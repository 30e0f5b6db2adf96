using System.CommandLine;
using Microsoft.Extensions.Hosting;

namespace Magg.Orleans.Silo;

/// <summary>
/// The silo's command line, shared by <c>magg-orleans silo</c> and the silo image: one flag per
/// <see cref="SiloSettings.All"/> row, each falling back to its environment variable, bound into one
/// <see cref="SiloHostOptions"/> and validated once. Bad settings exit 2 with one line that names the flag.
/// </summary>
public sealed class SiloCommandLine
{
    /// <summary>Exit code of a silo that stopped when asked to (Ctrl+C, SIGTERM).</summary>
    public const int Stopped = 0;

    /// <summary>Exit code of a silo that failed to start or stopped on an error.</summary>
    public const int Failed = 1;

    /// <summary>Exit code of bad settings (and of a command line that does not parse).</summary>
    public const int InvalidSettings = 2;

    private readonly (SiloSetting Setting, Option Option)[] _flags = [.. SiloSettings.All.Select(s => (s, CreateOption(s)))];

    private readonly Func<string, string?> _environment;

    private SiloCommandLine(Func<string, string?> environment) => _environment = environment;

    /// <summary>Adds the silo flags to <paramref name="command"/> and makes it run a silo in the foreground until stopped.</summary>
    /// <param name="command">The command (<c>silo</c> of the CLI, or the silo image's root command).</param>
    /// <param name="environment">Reads environment variables (default: this process's; empty counts as unset).</param>
    public static void Configure(Command command, Func<string, string?>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        var line = new SiloCommandLine(environment ?? ProcessEnvironment);
        line.AddTo(command);
        command.SetAction(line.RunAsync);
    }

    /// <summary>The silo image's entry point: parses <paramref name="args"/> and runs the silo.</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var root = new RootCommand("The Magg silo: aggregation grains on a cluster (Ctrl+C or SIGTERM stops it)");
        Configure(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count > 0 && !args.Any(a => a is "-h" or "--help" or "-?"))
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"error: {error.Message}").ConfigureAwait(false);
            }

            return InvalidSettings;
        }

        return await parse.InvokeAsync().ConfigureAwait(false);
    }

    /// <summary>Binds silo flags <paramref name="args"/> (or else the variables <paramref name="environment"/> returns) and validates the result.</summary>
    /// <exception cref="SiloHostOptionsException">A flag does not parse, or a value or combination is not usable; the message names the flag.</exception>
    public static SiloHostOptions Bind(string[] args, Func<string, string?> environment)
    {
        var command = new RootCommand();
        var line = new SiloCommandLine(environment);
        line.AddTo(command);

        var parse = command.Parse(args);
        return parse.Errors.Count == 0 ? line.Bind(parse) : throw new SiloHostOptionsException(parse.Errors[0].Message);
    }

    private void AddTo(Command command)
    {
        foreach (var (_, option) in _flags)
        {
            command.Options.Add(option);
        }
    }

    private SiloHostOptions Bind(ParseResult parse)
    {
        LegacySettings.Check(_environment);
        var options = new SiloHostOptions();
        foreach (var (setting, option) in _flags)
        {
            string value, source;
            if (FlagValue(parse, setting, option) is { } flag)
            {
                (value, source) = (flag, setting.Flag);
            }
            else if (_environment(setting.EnvironmentVariable) is { } variable && !string.IsNullOrWhiteSpace(variable))
            {
                (value, source) = (variable, setting.EnvironmentVariable);
            }
            else
            {
                continue;
            }

            try
            {
                setting.Apply(options, value.Trim());
            }
            catch (FormatException e)
            {
                var shown = setting.Secret ? "" : $" '{value}'";
                throw new SiloHostOptionsException($"{source}{shown}: {e.Message}", e);
            }
        }

        options.Validate();
        if (options.Http is { } listen)
        {
            try
            {
                options.HttpApi = Http.HttpApiOptions.Resolve(listen, options.HttpTokenFile, "--http-token-file", _environment);
            }
            catch (Http.HttpApiOptionsException e)
            {
                throw new SiloHostOptionsException(e.Message, e);
            }
        }

        return options;
    }

    private async Task<int> RunAsync(ParseResult parse, CancellationToken cancellationToken)
    {
        var error = parse.InvocationConfiguration.Error;
        SiloHostOptions options;
        try
        {
            options = Bind(parse);
        }
        catch (SiloHostOptionsException e)
        {
            await error.WriteLineAsync($"error: {e.Message}").ConfigureAwait(false);
            return InvalidSettings;
        }

        try
        {
            using var host = MaggSiloHost.Build(options);
            await host.RunAsync(cancellationToken).ConfigureAwait(false);
            return Stopped;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return Stopped;
        }
        catch (Exception e)
        {
            await error.WriteLineAsync($"error: the silo stopped: {e.GetType().Name}: {e.Message}").ConfigureAwait(false);
            return Failed;
        }
    }

    private static Option CreateOption(SiloSetting setting)
    {
        var description = $"{setting.Description} [env: {setting.EnvironmentVariable}]";
        return setting switch
        {
            { Switch: true } => new Option<bool>(setting.Flag) { Description = description },
            { Repeatable: true } => new Option<string[]>(setting.Flag) { Description = description + " (repeatable; the variable takes commas)" },
            _ => new Option<string>(setting.Flag) { Description = description },
        };
    }

    private static string? FlagValue(ParseResult parse, SiloSetting setting, Option option) => option switch
    {
        Option<bool> flag => parse.GetValue(flag) ? "true" : null,
        Option<string[]> list => parse.GetValue(list) is { Length: > 0 } values ? string.Join(',', values) : null,
        Option<string> single => parse.GetValue(single),
        _ => throw new InvalidOperationException($"{setting.Flag} has no known option type"),
    };

    private static string? ProcessEnvironment(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value : null;
}
