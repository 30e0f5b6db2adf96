namespace Magg.Orleans.Grains.Security;

/// <summary>How much cell work one silo takes on (configuration section <c>Magg:Cells</c>).</summary>
public sealed class CellLimitsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Magg:Cells";

    /// <summary>
    /// Longest a cell may take to read and aggregate its granules (default 15 min, the AWS Lambda ceiling). A cell past
    /// it fails for good with a message naming the deadline, and its worker is freed, so a FIFO, a device file or a
    /// stalled server never holds a worker forever.
    /// </summary>
    public TimeSpan Deadline { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Most cells this silo processes at once, whatever runs ask (default: the processor count, at least 2); the rest wait.</summary>
    public int MaxConcurrent { get; set; } = Math.Max(2, Environment.ProcessorCount);
}
