using System.Runtime.InteropServices;

namespace Magg.Orleans.Benchmarks;

/// <summary>CPU time (user + system) of the child processes this process has waited for, from getrusage(RUSAGE_CHILDREN).</summary>
/// <remarks>.NET cannot read an exited child's CPU time on Linux; the kernel's running total over reaped children can.</remarks>
internal static class ChildProcessCpu
{
    private const int RusageChildren = -1;

    /// <summary>Seconds of CPU used by reaped children so far (0 where getrusage is not available).</summary>
    public static double TotalSeconds()
    {
        if (!OperatingSystem.IsLinux() || NativeMethods.getrusage(RusageChildren, out var usage) != 0)
        {
            return 0;
        }

        return usage.UserSeconds + usage.UserMicroseconds / 1e6 + usage.SystemSeconds + usage.SystemMicroseconds / 1e6;
    }

    [StructLayout(LayoutKind.Sequential)]
    internal struct RUsage
    {
        public long UserSeconds;
        public long UserMicroseconds;
        public long SystemSeconds;
        public long SystemMicroseconds;

        // The rest of struct rusage (14 longs), read and ignored.
        [MarshalAs(UnmanagedType.ByValArray, SizeConst = 14)]
        public long[] Rest;
    }

    private static class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
        internal static extern int getrusage(int who, out RUsage usage);
    }
}
