using Magg.Orleans.Core.Aggregation;
using Magg.Orleans.Storage.Tests.Support;
using Magg.Orleans.Storage.Zarr;

namespace Magg.Orleans.Storage.Tests.Zarr;

public sealed class DggsLayoutTests
{
    [Fact]
    public void Constructor_ReferenceConfig_HasCoordinatesThenVariablesInConfigOrder()
    {
        var layout = Layouts.Reference();

        Assert.Equal(["cell_ids", "morton", "count", "h_min", "h_max", "h_mean", "h_sigma", "h_variance", "h_q25", "h_q50", "h_q75"],
            layout.Arrays.Select(a => a.Name));
        Assert.Equal((12, 6, 4096, 5 * 4096L, "12"), (layout.ChildOrder, layout.ParentOrder, layout.ChunkLength, layout.Length, layout.GroupPath));
        Assert.Equal(new DggsArray("cell_ids", DataType.UInt64, 0), layout.Arrays[0]);
        Assert.Equal(new DggsArray("count", DataType.Int32, 0), layout.GetArray("count"));
        Assert.True(double.IsNaN(layout.GetArray("h_mean").FillValue));
        Assert.Equal("h_q75", layout.CompletionArray.Name);
        Assert.Equal("12/h_mean/c/3", layout.ChunkKey("h_mean", 3));
        Assert.Equal("12/h_mean/zarr.json", layout.ArrayMetadataKey("h_mean"));
    }

    [Fact]
    public void TemplateId_SameInputs_IsStableAcrossInstancesAndRuns()
    {
        // Pinned: a change here means existing stores would no longer be reused; bump the template version on purpose only.
        Assert.Equal(Layouts.Reference().TemplateId, Layouts.Reference().TemplateId);
        Assert.Equal(Layouts.Reference(), Layouts.Reference());
        Assert.Matches("^[0-9a-f]{64}$", Layouts.Reference().TemplateId);
        Assert.Equal("5019497debe7", Layouts.Reference().TemplateId[..12]);
    }

    [Fact]
    public void TemplateId_AnythingThatShapesTheStore_ChangesIt()
    {
        var reference = Layouts.Reference();
        var arrays = reference.Arrays.ToList();
        arrays[5] = arrays[5] with { DataType = DataType.Float64 };
        var renamed = reference.Arrays.ToList();
        renamed[3] = renamed[3] with { Name = "n" };

        string[] ids =
        [
            reference.TemplateId,
            Layouts.Reference(totalCells: 6).TemplateId,
            Layouts.Reference(compression: ChunkCompression.Zstd).TemplateId,
            new DggsLayout(12, 5, 5, reference.Arrays).TemplateId,
            new DggsLayout(11, 6, 5, reference.Arrays).TemplateId,
            new DggsLayout(12, 6, 5, arrays).TemplateId,
            new DggsLayout(12, 6, 5, renamed).TemplateId,
            new DggsLayout(12, 6, 5, [.. reference.Arrays.Take(10)]).TemplateId,
        ];

        Assert.Equal(ids.Length, ids.Distinct().Count());
    }

    [Fact]
    public void Constructor_BadShape_ThrowsNamingTheProblem()
    {
        var arrays = Layouts.Reference().Arrays;

        Assert.Throws<ArgumentOutOfRangeException>(() => new DggsLayout(5, 6, 5, arrays));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DggsLayout(19, 6, 5, arrays));
        Assert.Throws<ArgumentOutOfRangeException>(() => new DggsLayout(12, 6, 0, arrays));
        Assert.Throws<ArgumentException>(() => new DggsLayout(12, 6, 5, [arrays[1], arrays[0], .. arrays.Skip(2)]));
        Assert.Throws<ArgumentException>(() => new DggsLayout(12, 6, 5, [.. arrays, arrays[4]]));
        Assert.Throws<ArgumentException>(() => new DggsLayout(12, 6, 5, [.. arrays, new DggsArray("a/b", DataType.Float32, 0)]));
        Assert.Throws<ArgumentException>(() => new DggsLayout(12, 6, 5, [.. arrays, new DggsArray("i", DataType.Int8, 300)]));
    }
}
