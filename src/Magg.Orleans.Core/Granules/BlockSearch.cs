namespace Magg.Orleans.Core.Granules;

/// <summary>
/// Finds the blocks of a beam that may hold rows with a latitude in a window, decoding as few latitude chunks as it
/// can. Along an orbit, latitude runs monotonically between turning points half an orbit apart, so a beam (a granule
/// is a fraction of an orbit) turns at most once. When its first and last chunks both run strictly the same way, it
/// cannot turn (one turn would make them run opposite ways), and an interpolation search with bisection steps finds
/// the window's first and last blocks from a few chunks. Every chunk decoded on the way must agree (same trend, in
/// order); otherwise, or for short beams, every chunk is summarised and the overlapping ones are kept.
/// </summary>
internal static class BlockSearch
{
    /// <summary>
    /// Adds to <paramref name="blocks"/>, ascending, every block whose valid latitudes may reach [<paramref name="low"/>,
    /// <paramref name="high"/>]. Returns true when it bisected, false when it scanned every chunk.
    /// </summary>
    public static bool Find(BeamBlocks beam, Func<int, LatitudeSummary> summary, double low, double high, bool scanEveryChunk, List<int> blocks)
    {
        var count = beam.BlockCount;
        if (count == 0)
        {
            return true;
        }

        if (scanEveryChunk || count <= 2 || !TryBisect(beam, summary, low, high, blocks))
        {
            blocks.Clear();
            for (var block = 0; block < count; block++)
            {
                if (summary(block).Overlaps(low, high))
                {
                    blocks.Add(block);
                }
            }

            return false;
        }

        return true;
    }

    private static bool TryBisect(BeamBlocks beam, Func<int, LatitudeSummary> summary, double low, double high, List<int> blocks)
    {
        var last = beam.BlockCount - 1;
        var head = summary(0);
        var tail = summary(last);
        var trend = head.Trend;
        var monotonic = trend == tail.Trend && trend switch
        {
            LatitudeTrend.Rising => head.Last < tail.First,
            LatitudeTrend.Falling => head.Last > tail.First,
            _ => false,
        };
        if (!monotonic)
        {
            return false;
        }

        var search = new Search(beam, summary, trend);
        var rising = trend == LatitudeTrend.Rising;

        // First block that reaches the window (rising: its maximum is at least the low edge), then the last one.
        Func<LatitudeSummary, bool> reaches = rising ? s => s.Max >= low : s => s.Min <= high;
        Func<LatitudeSummary, bool> notPast = rising ? s => s.Min <= high : s => s.Max >= low;
        if (!reaches(tail))
        {
            return true;
        }

        int first;
        if (reaches(head))
        {
            first = 0;
        }
        else if (search.FirstTrue(0, last, reaches, rising ? low : high) is { } found)
        {
            first = found;
        }
        else
        {
            return false;
        }

        var firstSummary = summary(first);
        if (!notPast(firstSummary))
        {
            return true;
        }

        int end;
        if (notPast(tail))
        {
            end = last;
        }
        else if (search.LastTrue(first, last, notPast, rising ? high : low) is { } found)
        {
            end = found;
        }
        else
        {
            return false;
        }

        for (var block = first; block <= end; block++)
        {
            blocks.Add(block);
        }

        return true;
    }

    /// <summary>Interpolation search over blocks of a monotonic beam, checking every chunk it decodes.</summary>
    private sealed class Search(BeamBlocks beam, Func<int, LatitudeSummary> summary, LatitudeTrend trend)
    {
        /// <summary>The first block in (<paramref name="left"/>, <paramref name="right"/>] where <paramref name="predicate"/> holds; it holds at right, not at left. Null when a chunk disagrees.</summary>
        public int? FirstTrue(int left, int right, Func<LatitudeSummary, bool> predicate, double target)
        {
            for (var step = 0; right - left > 1; step++)
            {
                var middle = Probe(left, right, target, step);
                if (middle is not { } m)
                {
                    return null;
                }

                if (predicate(summary(m)))
                {
                    right = m;
                }
                else
                {
                    left = m;
                }
            }

            return right;
        }

        /// <summary>The last block in [<paramref name="left"/>, <paramref name="right"/>) where <paramref name="predicate"/> holds; it holds at left, not at right. Null when a chunk disagrees.</summary>
        public int? LastTrue(int left, int right, Func<LatitudeSummary, bool> predicate, double target)
        {
            for (var step = 0; right - left > 1; step++)
            {
                var middle = Probe(left, right, target, step);
                if (middle is not { } m)
                {
                    return null;
                }

                if (predicate(summary(m)))
                {
                    left = m;
                }
                else
                {
                    right = m;
                }
            }

            return left;
        }

        // Picks a block strictly between left and right (interpolating the target latitude between the known chunks,
        // every other step halving instead so the search stays logarithmic), decodes it, and checks that it runs the
        // beam's way and in order with its neighbours.
        private int? Probe(int left, int right, double target, int step)
        {
            var (a, b) = (summary(left), summary(right));
            var middle = left + ((right - left) / 2);
            if (step % 2 == 0 && b.First != a.Last)
            {
                var fraction = (target - a.Last) / (b.First - a.Last);
                var row = beam.Start(left) + beam.Length(left) - 1 + (fraction * (beam.Start(right) - (beam.Start(left) + beam.Length(left) - 1)));
                if (double.IsFinite(row))
                {
                    middle = Math.Clamp((int)(row / beam.BlockRows), left + 1, right - 1);
                }
            }

            var probe = summary(middle);
            var inOrder = trend == LatitudeTrend.Rising ? a.Last <= probe.First && probe.Last <= b.First : a.Last >= probe.First && probe.Last >= b.First;
            return probe.Count > 0 && (probe.Trend == trend || probe.Trend == LatitudeTrend.Flat) && inOrder ? middle : null;
        }
    }
}
