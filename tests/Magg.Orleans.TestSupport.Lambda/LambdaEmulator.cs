using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace Magg.Orleans.TestSupport.Lambda;

/// <summary>
/// AWS Lambda on 127.0.0.1 for tests (Kestrel): the Invoke API (<c>POST /2015-03-31/functions/{name}/invocations</c>,
/// RequestResponse, the tail log with START/END/REPORT lines in <c>X-Amz-Log-Result</c>) and, on one port per execution
/// environment, the Runtime API (<c>/2018-06-01/runtime/invocation/next</c>, <c>/response</c>, <c>/error</c>,
/// <c>/runtime/init/error</c>) that real worker processes poll (<c>AWS_LAMBDA_RUNTIME_API</c> points each at its port).
/// Every Invoke must carry a SigV4 Authorization header for service <c>lambda</c> in the function's region (else 403,
/// recorded in <see cref="SignatureProblems"/>). Invokes beyond the free environments are throttled (429
/// TooManyRequestsException), as are the next ones on demand (<see cref="ThrottleNext"/>); a worker can be killed
/// mid-invocation (<see cref="CrashOnChunk"/>), which answers <c>X-Amz-Function-Error: Unhandled</c> with
/// <c>Runtime.ExitError</c> as Lambda does, and a new process takes its place. Everything is recorded.
/// </summary>
public sealed partial class LambdaEmulator : IAsyncDisposable
{
    private const int TailBytes = 4096;
    private static readonly TimeSpan WaitForWorker = TimeSpan.FromSeconds(5);

    private readonly LambdaEmulatorOptions _options;
    private readonly WebApplication _app;
    private readonly List<ListenOptions> _listens = [];
    private readonly ConcurrentQueue<EmulatedInvocation> _invocations = new();
    private readonly ConcurrentQueue<string> _signatureProblems = new();
    private readonly ConcurrentQueue<TimeSpan> _coldStarts = new();
    private readonly ConcurrentQueue<string> _initErrors = new();
    private readonly ConcurrentQueue<string> _output = new();
    private readonly ConcurrentQueue<string> _faults = new();
    private readonly ConcurrentDictionary<string, PendingInvocation> _pending = new();
    private readonly ConcurrentDictionary<int, bool> _crashOn = new();
    private readonly IdleWorkers _idle = new();
    private EmulatorWorker[] _workers = [];
    private int _running;
    private int _maxRunning;
    private int _throttleNext;
    private int _crashes;
    private volatile bool _stopping;

    private LambdaEmulator(LambdaEmulatorOptions options, WebApplication app)
    {
        _options = options;
        _app = app;
    }

    /// <summary>The endpoint to give as <c>AWS_ENDPOINT_URL_LAMBDA</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Every Invoke received, in order of arrival.</summary>
    public IReadOnlyList<EmulatedInvocation> Invocations => [.. _invocations];

    /// <summary>Invokes whose signature header was missing or wrong (what, for each).</summary>
    public IReadOnlyList<string> SignatureProblems => [.. _signatureProblems];

    /// <summary>Cold starts of worker processes: process start to its first <c>next</c> request.</summary>
    public IReadOnlyList<TimeSpan> ColdStarts => [.. _coldStarts];

    /// <summary>What workers posted to <c>/runtime/init/error</c>.</summary>
    public IReadOnlyList<string> InitErrors => [.. _initErrors];

    /// <summary>Every line the workers wrote.</summary>
    public IReadOnlyList<string> WorkerOutput => [.. _output];

    /// <summary>Exceptions the emulator itself threw while answering an Invoke (a 500 the function did not cause).</summary>
    public IReadOnlyList<string> Faults => [.. _faults];

    /// <summary>Most invocations that ran at once.</summary>
    public int MaxRunning => Volatile.Read(ref _maxRunning);

    /// <summary>Workers killed on purpose so far.</summary>
    public int Crashes => Volatile.Read(ref _crashes);

    /// <summary>Starts the emulator and its workers; returns once every worker waits for an invocation.</summary>
    public static async Task<LambdaEmulator> StartAsync(LambdaEmulatorOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var listens = new List<ListenOptions>();
        var workers = options.Handler is null ? options.Workers : 0;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 8 * 1024 * 1024;
            for (var i = 0; i <= workers; i++)
            {
                kestrel.Listen(IPAddress.Loopback, 0, listen => listens.Add(listen));
            }
        });
        var app = builder.Build();
        var emulator = new LambdaEmulator(options, app);
        app.MapPost("/2015-03-31/functions/{name}/invocations", emulator.InvokeAsync);
        app.MapGet("/2018-06-01/runtime/invocation/next", emulator.NextAsync);
        app.MapPost("/2018-06-01/runtime/invocation/{id}/response", (string id, HttpContext context) => emulator.AnswerAsync(id, context, null));
        app.MapPost("/2018-06-01/runtime/invocation/{id}/error", (string id, HttpContext context) => emulator.AnswerAsync(id, context, "Unhandled"));
        app.MapPost("/2018-06-01/runtime/init/error", emulator.InitErrorAsync);
        await app.StartAsync(cancellationToken);
        emulator._listens.AddRange(listens);
        emulator.Endpoint = $"http://127.0.0.1:{listens[0].IPEndPoint!.Port.ToString(CultureInfo.InvariantCulture)}";
        emulator._workers = [.. Enumerable.Range(0, workers).Select(i => new EmulatorWorker(i, listens[i + 1].IPEndPoint!.Port))];
        foreach (var worker in emulator._workers)
        {
            emulator.Launch(worker);
        }

        try
        {
            await emulator.WaitUntilReadyAsync(TimeSpan.FromMinutes(2), cancellationToken);
        }
        catch
        {
            // A worker that cannot start (an init error) must not leave the others, or the server, behind.
            await emulator.DisposeAsync();
            throw;
        }

        return emulator;
    }

    /// <summary>Throttles the next <paramref name="count"/> Invokes (429), whatever the free environments.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttleNext, count);

    /// <summary>Kills the worker that receives the cell of chunk <paramref name="chunkIndex"/>, every time.</summary>
    public void CrashOnChunk(int chunkIndex) => _crashOn[chunkIndex] = true;

    /// <summary>Invocations of chunk <paramref name="chunkIndex"/> that reached a worker (not throttled).</summary>
    public int RanCount(int chunkIndex) => Invocations.Count(i => i.ChunkIndex == chunkIndex && i.Running > 0);

    /// <summary>Waits until every worker process waits for an invocation.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (_workers.Any(w => !w.Ready))
        {
            if (Stopwatch.GetTimestamp() > deadline || !_initErrors.IsEmpty)
            {
                throw new InvalidOperationException(
                    $"Lambda emulator: workers not ready after {timeout.TotalSeconds:F0} s; init errors: {string.Join("; ", _initErrors)}; output:\n{string.Join('\n', _output.TakeLast(40))}");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        _stopping = true;
        foreach (var worker in _workers)
        {
            Kill(worker.Process);
        }

        foreach (var worker in _workers)
        {
            if (worker.Process is { } process)
            {
                await process.WaitForExitAsync();
                process.Dispose();
            }
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        _idle.Dispose();
    }

    private async Task InvokeAsync(string name, HttpContext context)
    {
        try
        {
            await InvokeCoreAsync(name, context);
        }
        catch (Exception e) when (!context.RequestAborted.IsCancellationRequested)
        {
            _faults.Enqueue(e.ToString());
            throw;
        }
    }

    private async Task InvokeCoreAsync(string name, HttpContext context)
    {
        var arrived = DateTimeOffset.UtcNow;
        var request = context.Request;
        var body = await ReadBodyAsync(request, context.RequestAborted);
        var authorization = request.Headers.Authorization.ToString();
        var requestId = Guid.NewGuid().ToString();
        var chunk = ChunkIndex(body);
        var target = request.HttpContext.Features.Get<IHttpRequestFeature>()?.RawTarget ?? request.Path + request.QueryString;
        var headers = request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal);
        void Record(int status, string? functionError, int running, int worker) =>
            _invocations.Enqueue(new EmulatedInvocation(requestId, arrived, status, functionError, body, chunk, running, worker, authorization, target, headers));

        if (SignatureProblem(request) is { } problem)
        {
            _signatureProblems.Enqueue(problem);
            Record(403, null, 0, -1);
            await ErrorAsync(context, 403, "InvalidSignatureException", problem);
            return;
        }

        if (Uri.UnescapeDataString(name) != _options.FunctionName)
        {
            Record(404, null, 0, -1);
            await ErrorAsync(context, 404, "ResourceNotFoundException",
                $"Function not found: arn:aws:lambda:{_options.Region}:123456789012:function:{Uri.UnescapeDataString(name)}");
            return;
        }

        if (Interlocked.Decrement(ref _throttleNext) >= 0)
        {
            Record(429, null, 0, -1);
            await ThrottleAsync(context);
            return;
        }

        var running = Interlocked.Increment(ref _running);
        try
        {
            if (running > Math.Max(1, _options.Workers))
            {
                Record(429, null, 0, -1);
                await ThrottleAsync(context);
                return;
            }

            InterlockedMax(ref _maxRunning, running);
            var started = Stopwatch.GetTimestamp();
            if (_options.InvocationDelay > TimeSpan.Zero)
            {
                await Task.Delay(_options.InvocationDelay, context.RequestAborted);
            }

            var (payload, functionError, worker, log) = _options.Handler is { } handler
                ? (handler(body), (string?)null, (EmulatorWorker?)null, new List<string>())
                : await RunOnWorkerAsync(requestId, body, chunk, context.RequestAborted);
            Record(200, functionError, running, worker?.Index ?? 0);
            var elapsed = Stopwatch.GetElapsedTime(started);
            var init = worker?.PendingInit;
            if (worker is not null)
            {
                worker.PendingInit = null;
            }

            context.Response.Headers["X-Amz-Executed-Version"] = "$LATEST";
            context.Response.Headers["X-Amz-Log-Result"] = TailLog(requestId, log, elapsed, init, worker?.PeakMemoryMb() ?? 0);
            if (functionError is not null)
            {
                context.Response.Headers["X-Amz-Function-Error"] = functionError;
            }

            context.Response.ContentType = "application/json";
            await context.Response.Body.WriteAsync(payload, context.RequestAborted);
        }
        finally
        {
            Interlocked.Decrement(ref _running);
        }
    }

    private async Task<(byte[] Payload, string? FunctionError, EmulatorWorker? Worker, List<string> Log)> RunOnWorkerAsync(string requestId, byte[] body,
        int? chunk, CancellationToken aborted)
    {
        var worker = await _idle.TakeAsync(WaitForWorker)
            ?? throw new InvalidOperationException("Lambda emulator: no worker became free although one was counted free");
        var invocation = new PendingInvocation(requestId, body, chunk);
        _pending[requestId] = invocation;
        worker.Current = invocation;
        worker.TakeLog();
        worker.Waiting!.TrySetResult(invocation);
        if (chunk is { } index && _crashOn.ContainsKey(index))
        {
            // Mid-invocation: the worker has been handed the event; its death answers the invocation (see Launch).
            Interlocked.Increment(ref _crashes);
            await Task.Delay(50, aborted);
            Kill(worker.Process);
        }

        var answer = invocation.Answer.Task;
        if (await Task.WhenAny(answer, Task.Delay(_options.FunctionTimeout, aborted)) != answer)
        {
            Kill(worker.Process);
            invocation.Answer.TrySetResult((Error("Sandbox.Timedout",
                $"RequestId: {requestId} Error: Task timed out after {_options.FunctionTimeout.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture)} seconds"), "Unhandled"));
        }

        var (payload, functionError) = await answer;
        _pending.TryRemove(requestId, out _);
        return (payload, functionError, worker, worker.TakeLog());
    }

    private async Task NextAsync(HttpContext context)
    {
        var worker = _workers.FirstOrDefault(w => w.Port == context.Connection.LocalPort);
        if (worker is null)
        {
            context.Response.StatusCode = 404;
            return;
        }

        if (!worker.Ready)
        {
            worker.Ready = true;
            var init = Stopwatch.GetElapsedTime(worker.StartedAt);
            worker.PendingInit = init;
            _coldStarts.Enqueue(init);
        }

        worker.Current = null;
        var waiting = new TaskCompletionSource<PendingInvocation>(TaskCreationOptions.RunContinuationsAsynchronously);
        worker.Waiting = waiting;
        _idle.Add(worker);
        PendingInvocation invocation;
        try
        {
            invocation = await waiting.Task.WaitAsync(context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            waiting.TrySetCanceled();
            return;
        }

        var headers = context.Response.Headers;
        headers["Lambda-Runtime-Aws-Request-Id"] = invocation.RequestId;
        headers["Lambda-Runtime-Deadline-Ms"] = (DateTimeOffset.UtcNow + _options.FunctionTimeout).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        headers["Lambda-Runtime-Invoked-Function-Arn"] = $"arn:aws:lambda:{_options.Region}:123456789012:function:{_options.FunctionName}";
        headers["Lambda-Runtime-Trace-Id"] = $"Root=1-{invocation.RequestId[..8]}";
        context.Response.ContentType = "application/json";
        await context.Response.Body.WriteAsync(invocation.Body, CancellationToken.None);
    }

    private async Task AnswerAsync(string id, HttpContext context, string? functionError)
    {
        var body = await ReadBodyAsync(context.Request, context.RequestAborted);
        if (!_pending.TryGetValue(id, out var invocation))
        {
            context.Response.StatusCode = 400;
            return;
        }

        invocation.Answer.TrySetResult((body, functionError));
        context.Response.StatusCode = 202;
    }

    private async Task InitErrorAsync(HttpContext context)
    {
        _initErrors.Enqueue(Encoding.UTF8.GetString(await ReadBodyAsync(context.Request, context.RequestAborted)));
        context.Response.StatusCode = 202;
    }

    private void Launch(EmulatorWorker worker)
    {
        var start = new ProcessStartInfo(_options.WorkerExecutable ?? throw new InvalidOperationException("no WorkerExecutable"), _options.WorkerArguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var (key, value) in _options.WorkerEnvironment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        start.Environment["AWS_LAMBDA_RUNTIME_API"] = $"127.0.0.1:{worker.Port.ToString(CultureInfo.InvariantCulture)}";
        start.Environment["AWS_LAMBDA_FUNCTION_NAME"] = _options.FunctionName;
        start.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = _options.MemorySizeMb.ToString(CultureInfo.InvariantCulture);
        start.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        start.Environment["AWS_REGION"] = _options.Region;
        start.Environment["_HANDLER"] = "bootstrap";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Output(worker, e.Data);
        process.ErrorDataReceived += (_, e) => Output(worker, e.Data);
        process.Exited += (_, _) => Exited(worker, process);
        worker.Ready = false;
        worker.StartedAt = Stopwatch.GetTimestamp();
        worker.Process = process;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    private void Exited(EmulatorWorker worker, Process process)
    {
        worker.Waiting?.TrySetCanceled();
        if (worker.Current is { } invocation)
        {
            var code = process.ExitCode;
            var why = code is 137 or -1 ? "signal: killed" : $"exit status {code.ToString(CultureInfo.InvariantCulture)}";
            invocation.Answer.TrySetResult((Error("Runtime.ExitError", $"RequestId: {invocation.RequestId} Error: Runtime exited with error: {why}"), "Unhandled"));
        }

        if (!_stopping && _initErrors.IsEmpty && ReferenceEquals(worker.Process, process))
        {
            // Lambda starts a new execution environment in its place.
            Launch(worker);
        }
    }

    private void Output(EmulatorWorker worker, string? line)
    {
        if (line is not null)
        {
            worker.Append(line);
            _output.Enqueue($"[worker {worker.Index.ToString(CultureInfo.InvariantCulture)}] {line}");
        }
    }

    private string TailLog(string requestId, List<string> lines, TimeSpan elapsed, TimeSpan? init, int peakMb)
    {
        var duration = elapsed.TotalMilliseconds;
        var billed = Math.Ceiling(duration + (init?.TotalMilliseconds ?? 0));
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"START RequestId: {requestId} Version: $LATEST\n");
        foreach (var line in lines)
        {
            text.Append(line).Append('\n');
        }

        text.Append(CultureInfo.InvariantCulture, $"END RequestId: {requestId}\n");
        text.Append(CultureInfo.InvariantCulture,
            $"REPORT RequestId: {requestId}\tDuration: {duration:F2} ms\tBilled Duration: {billed:F0} ms\tMemory Size: {_options.MemorySizeMb} MB\tMax Memory Used: {peakMb} MB\t");
        if (init is { } initDuration)
        {
            text.Append(CultureInfo.InvariantCulture, $"Init Duration: {initDuration.TotalMilliseconds:F2} ms\t");
        }

        text.Append('\n');
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        return Convert.ToBase64String(bytes.AsSpan(Math.Max(0, bytes.Length - TailBytes)));
    }

    private string? SignatureProblem(HttpRequest request)
    {
        var authorization = request.Headers.Authorization.ToString();
        var match = AuthorizationPattern().Match(authorization);
        if (!match.Success)
        {
            return $"Authorization is not a SigV4 header: '{authorization}'";
        }

        var signed = match.Groups["signed"].Value.Split(';');
        var date = request.Headers["X-Amz-Date"].ToString();
        return match.Groups["service"].Value != "lambda" ? $"signed for service '{match.Groups["service"].Value}', not lambda"
            : match.Groups["region"].Value != _options.Region ? $"signed for region '{match.Groups["region"].Value}', not {_options.Region}"
            : !signed.Contains("host") || !signed.Contains("x-amz-date") ? $"SignedHeaders '{match.Groups["signed"].Value}' lack host or x-amz-date"
            : !date.StartsWith(match.Groups["date"].Value, StringComparison.Ordinal) ? $"X-Amz-Date '{date}' is not the credential's date {match.Groups["date"].Value}"
            : null;
    }

    private static async Task ThrottleAsync(HttpContext context) =>
        await ErrorAsync(context, 429, "TooManyRequestsException", "Rate Exceeded.", "ReservedFunctionConcurrentInvocationLimitExceeded");

    private static async Task ErrorAsync(HttpContext context, int status, string type, string message, string? reason = null)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-ErrorType"] = $"{type}:http://internal.amazon.com/coral/com.amazonaws.lambda/";
        context.Response.ContentType = "application/json";
        var document = new Dictionary<string, string> { ["Type"] = "User", ["message"] = message };
        if (reason is not null)
        {
            document["Reason"] = reason;
        }

        await context.Response.Body.WriteAsync(JsonSerializer.SerializeToUtf8Bytes(document));
    }

    private static byte[] Error(string type, string message) =>
        JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string> { ["errorType"] = type, ["errorMessage"] = message });

    private static int? ChunkIndex(byte[] body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            return document.RootElement.TryGetProperty("chunk_index", out var chunk) && chunk.TryGetInt32(out var index) ? index : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private static void Kill(Process? process)
    {
        try
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256 Credential=(?<key>[^/]+)/(?<date>\d{8})/(?<region>[^/]+)/(?<service>[^/]+)/aws4_request, ?SignedHeaders=(?<signed>[a-z0-9;-]+), ?Signature=[0-9a-f]{64}$")]
    private static partial Regex AuthorizationPattern();
}
