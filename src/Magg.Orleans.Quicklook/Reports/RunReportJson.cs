using System.Text.Json;

namespace Magg.Orleans.Quicklook.Reports;

/// <summary>The report's JSON form: snake_case names, indented, nulls kept (every field is always present).</summary>
public static class RunReportJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
    };

    /// <summary>The JSON Schema (draft 2020-12) of version <see cref="RunReport.CurrentSchemaVersion"/>, <c>Reports/run-report.v1.schema.json</c>.</summary>
    public static string Schema { get; } = ReadSchema();

    /// <summary>The report as UTF-8 JSON.</summary>
    public static byte[] Serialize(RunReport report) => JsonSerializer.SerializeToUtf8Bytes(report, Options);

    /// <summary>A report read back, or null when <paramref name="json"/> is not a report of <see cref="RunReport.CurrentSchemaVersion"/>.</summary>
    public static RunReport? Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var report = JsonSerializer.Deserialize<RunReport>(json, Options);
            return report is { Schema: RunReport.SchemaName, SchemaVersion: RunReport.CurrentSchemaVersion, RunId.Length: > 0 } ? report : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string ReadSchema()
    {
        using var stream = typeof(RunReportJson).Assembly.GetManifestResourceStream("Magg.Orleans.Quicklook.Reports.run-report.v1.schema.json")
            ?? throw new InvalidOperationException("The embedded run report schema is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
