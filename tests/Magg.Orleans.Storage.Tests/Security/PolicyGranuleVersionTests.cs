using Magg.Orleans.Core.Granules;
using Magg.Orleans.Core.Security;
using Magg.Orleans.Storage.Security;
using Magg.Orleans.TestSupport;

namespace Magg.Orleans.Storage.Tests.Security;

/// <summary>
/// The version the policy source tells (by which readers keep granules open between cells): only for a local file the
/// policy lets through, named as the granule is read; never for a file outside the allowed folders, a link leading out
/// of them, or a remote granule.
/// </summary>
public sealed class PolicyGranuleVersionTests : IDisposable
{
    private readonly TemporaryFolder _root = new();
    private readonly TemporaryFolder _outside = new();

    [Fact]
    public void TryGetVersion_FileInAnAllowedFolder_IsTheFilesVersionUnderItsName()
    {
        var (source, allowed) = Source();
        var path = Write(allowed, "x.h5", 10);

        var known = source.TryGetVersion(new Uri(path), out var key);

        Assert.True(known);
        Assert.Equal((path, 10L), (key.Granule, key.Length));
        Assert.NotNull(key.Version);
    }

    [Fact]
    public void TryGetVersion_LinkInsideToAFileInside_IsTheTargetsVersionUnderTheLinksName()
    {
        var (source, allowed) = Source();
        Write(allowed, "x.h5", 12);
        var link = Path.Combine(allowed, "link.h5");
        File.CreateSymbolicLink(link, Path.Combine(allowed, "x.h5"));

        var known = source.TryGetVersion(new Uri(link), out var key);

        Assert.True(known);
        Assert.Equal((link, 12L), (key.Granule, key.Length));
    }

    [Fact]
    public void TryGetVersion_FileOutsideOrLinkLeadingOut_OrRemote_IsUnknown()
    {
        var (source, allowed) = Source();
        var outside = Write(_outside.Path, "secret.h5", 5);
        var link = Path.Combine(allowed, "out.h5");
        File.CreateSymbolicLink(link, outside);

        Assert.False(source.TryGetVersion(new Uri(outside), out _));
        Assert.False(source.TryGetVersion(new Uri(link), out _));
        Assert.False(source.TryGetVersion(new Uri("https://data.nsidc.earthdatacloud.nasa.gov/x.h5"), out _));
    }

    public void Dispose()
    {
        _root.Dispose();
        _outside.Dispose();
    }

    private (PolicyGranuleSource Source, string Allowed) Source()
    {
        var allowed = Directory.CreateDirectory(Path.Combine(_root.Path, "granules")).FullName;
        var policy = new AccessPolicy(new AccessOptions { AllowGranules = [allowed], NsidcDefaults = false });
        return (new PolicyGranuleSource(new GranuleSourceSet([new LocalGranuleSource()]), policy), allowed);
    }

    private static string Write(string folder, string name, int length)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllBytes(path, new byte[length]);
        return path;
    }
}
