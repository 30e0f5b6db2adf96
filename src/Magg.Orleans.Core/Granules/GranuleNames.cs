namespace Magg.Orleans.Core.Granules;

/// <summary>How granule addresses appear in messages and logs: never with a query string (pre-signed URLs carry credentials).</summary>
public static class GranuleNames
{
    /// <summary>The address without query, fragment or user info.</summary>
    public static string Display(Uri address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (!address.IsAbsoluteUri)
        {
            return address.OriginalString;
        }

        return address.IsFile ? address.LocalPath : address.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.Unescaped);
    }
}
