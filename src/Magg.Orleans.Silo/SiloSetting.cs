namespace Magg.Orleans.Silo;

/// <summary>One silo setting: its flag, its environment variable and how a value sets <see cref="SiloHostOptions"/>.</summary>
/// <param name="Flag">The command-line flag, e.g. <c>--clustering</c>.</param>
/// <param name="EnvironmentVariable">The variable read when the flag is absent, e.g. <c>MAGG_CLUSTERING</c>.</param>
/// <param name="Description">One line for <c>--help</c>.</param>
/// <param name="Apply">Sets the value; throws <see cref="FormatException"/> saying what a valid value looks like.</param>
public sealed record SiloSetting(string Flag, string EnvironmentVariable, string Description, Action<SiloHostOptions, string> Apply)
{
    /// <summary>The value may hold a secret (a password in a connection string): error messages never repeat it.</summary>
    public bool Secret { get; init; }

    /// <summary>The flag may be given several times; its variable holds the values separated by commas. <see cref="Apply"/> gets them joined by commas.</summary>
    public bool Repeatable { get; init; }

    /// <summary>The flag takes no value (its variable is <c>true</c> or <c>false</c>); <see cref="Apply"/> gets <c>true</c> or <c>false</c>.</summary>
    public bool Switch { get; init; }
}
