using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Magg.Orleans.Http;

/// <summary>The API's errors as RFC 9457 problem details (<c>application/problem+json</c>), with the CLI's messages.</summary>
internal static class Problems
{
    public static ProblemHttpResult Invalid(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status400BadRequest, title: "The request cannot run", type: "https://magg-orleans/problems/invalid-request");

    public static ProblemHttpResult UnknownRun(string runId) =>
        TypedResults.Problem($"no run '{runId}' on this cluster", statusCode: StatusCodes.Status404NotFound, title: "Unknown run",
            type: "https://magg-orleans/problems/unknown-run");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status409Conflict, title: "Conflict", type: "https://magg-orleans/problems/conflict");

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status404NotFound, title: "Not found", type: "https://magg-orleans/problems/not-found");

    public static ProblemHttpResult Unauthorized() =>
        TypedResults.Problem("this API needs 'Authorization: Bearer TOKEN' (the token the server was started with)", statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized", type: "https://magg-orleans/problems/unauthorized");

    public static ProblemHttpResult Forbidden() =>
        TypedResults.Problem("the bearer token is not this server's", statusCode: StatusCodes.Status403Forbidden, title: "Forbidden",
            type: "https://magg-orleans/problems/forbidden");
}
