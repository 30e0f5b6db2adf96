namespace Magg.Orleans.Core.Config;

/// <summary>The statistics an aggregation variable's <c>function</c> may name (numpy semantics).</summary>
public enum StatisticFunction
{
    /// <summary><c>len</c>: number of observations.</summary>
    Len,
    /// <summary><c>count</c>: number of observations.</summary>
    Count,
    /// <summary><c>min</c>.</summary>
    Min,
    /// <summary><c>max</c>.</summary>
    Max,
    /// <summary><c>median</c>: the 0.5 quantile, linear interpolation.</summary>
    Median,
    /// <summary><c>mean</c>.</summary>
    Mean,
    /// <summary><c>sum</c>.</summary>
    Sum,
    /// <summary><c>std</c>: population standard deviation (ddof = 0).</summary>
    Std,
    /// <summary><c>var</c>: population variance (ddof = 0).</summary>
    Var,
    /// <summary><c>average</c>: weighted mean with <c>params.weights</c> (a column or an expression); plain mean without.</summary>
    Average,
    /// <summary><c>quantile</c>: <c>params.q</c> in [0, 1], numpy's default linear interpolation.</summary>
    Quantile,
}
