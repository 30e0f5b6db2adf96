namespace Magg.Orleans.Core.Granules;

/// <summary>
/// What is known of one beam (granule x group) block by block, a block being one chunk of its latitude dataset: the
/// latitude summary (learned when the chunk is first decoded) and the parent cells' row ranges (learned when the
/// block's pixels are first computed). Facts never change once set, so concurrent readers may race to set them.
/// </summary>
internal sealed class BeamBlocks
{
    private readonly LatitudeSummary?[] _summaries;
    private readonly ParentRanges?[] _parents;

    public BeamBlocks(int rows, int blockRows)
    {
        Rows = rows;
        BlockRows = blockRows;
        BlockCount = (rows + blockRows - 1) / blockRows;
        _summaries = new LatitudeSummary?[BlockCount];
        _parents = new ParentRanges?[BlockCount];
    }

    public int Rows { get; }

    public int BlockRows { get; }

    public int BlockCount { get; }

    public int Start(int block) => block * BlockRows;

    public int Length(int block) => Math.Min(BlockRows, Rows - (block * BlockRows));

    public LatitudeSummary? Summary(int block) => Volatile.Read(ref _summaries[block]);

    public void SetSummary(int block, LatitudeSummary summary) => Volatile.Write(ref _summaries[block], summary);

    public ParentRanges? Parents(int block, int order) => Volatile.Read(ref _parents[block]) is { } ranges && ranges.Order == order ? ranges : null;

    public void SetParents(int block, ParentRanges ranges) => Volatile.Write(ref _parents[block], ranges);
}
