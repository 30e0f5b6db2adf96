using Magg.Orleans.Storage.Cells;

namespace Magg.Orleans.Grains.Lambda;

/// <summary>How a cell handed to the Lambda function ended.</summary>
/// <param name="Result">The cell's result (as the function's <c>CellWorker</c> reported it, or the invocation's failure).</param>
/// <param name="Throttled">Lambda did not run the cell (429, 5xx).</param>
/// <param name="FunctionError">The function crashed, ran out of time or memory, or refused the event.</param>
/// <param name="Usage">What Lambda billed (null when nothing was invoked).</param>
public sealed record LambdaCellResult(CellJobResult Result, bool Throttled, bool FunctionError, LambdaUsage? Usage);
