using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Processing;
using Magg.Orleans.Storage.Cells;

namespace Magg.Orleans.Storage.Tests.Cells;

/// <summary>How a cell's failures are recorded: the granule named once, the group after it, the text bounded.</summary>
public sealed class CellRecordTests
{
    [Theory]
    [InlineData("s3://b/g.h5", null, "s3://b/g.h5: refused by the silo's access policy: nope", "s3://b/g.h5: refused by the silo's access policy: nope")]
    [InlineData("s3://b/g.h5", null, "object not found", "s3://b/g.h5: object not found")]
    [InlineData("s3://b/g.h5", "gt1l", "h_li missing", "s3://b/g.h5 gt1l: h_li missing")]
    [InlineData("s3://b/g.h5", null, "s3://b/g.h5x: another granule's text", "s3://b/g.h5: s3://b/g.h5x: another granule's text")]
    public void Describe_NamesTheGranuleOnce(string granule, string? group, string reason, string expected) =>
        Assert.Equal(expected, CellRecord.Describe(new GranuleFailure(granule, group, GranuleErrorKind.Refused, reason)));

    [Fact]
    public void From_GranuleAccessError_RecordsItsReasonAfterTheNameOnce_Bounded()
    {
        var error = new GranuleAccessException(GranuleErrorKind.Refused, "/data/g.h5", "refused by the silo's access policy: " + new string('x', 300));
        var outcome = new CellOutcome(-6121212, 0, 0, 1, 0, 0.1, null, 1, 0, [new GranuleFailure(error.Granule, null, error.Kind, error.Message)]);

        var record = CellRecord.From(outcome);

        var failure = Assert.Single(record.Failures);
        Assert.StartsWith("/data/g.h5: refused by the silo's access policy: xxx", failure, StringComparison.Ordinal);
        Assert.Equal(CellRecord.MaxTextLength, failure.Length);
        Assert.EndsWith("…", failure, StringComparison.Ordinal);
    }

    [Fact]
    public void Describe_LongNameThatLeavesNoRoomForTheReason_KeepsOnlyItsFileName()
    {
        var name = "/work/somewhere/very/deep/" + string.Join('/', Enumerable.Repeat("folder", 12)) + "/ATL06_20240206054204_08782211_006_02.h5";
        var reason = "refused by the silo's access policy: the file is outside the allowed granule folders";

        var text = CellRecord.Describe(new GranuleFailure(name, null, GranuleErrorKind.Refused, $"{name}: {reason}"));

        Assert.Equal($"…/ATL06_20240206054204_08782211_006_02.h5: {reason}", text);
    }
}
