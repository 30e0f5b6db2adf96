namespace Magg.Orleans.Catalog;

/// <summary>Why a granule CMR found is not in the catalog.</summary>
public enum SkipReason
{
    /// <summary>No <c>s3://...h5</c> URL of Type "GET DATA VIA DIRECT ACCESS".</summary>
    NoS3Url,

    /// <summary>No polygon with three distinct valid points.</summary>
    NoFootprint,

    /// <summary>Its footprint touches no parent cell of the area of interest.</summary>
    OutsideArea,

    /// <summary>Its s3 URL was already listed by an earlier granule.</summary>
    Duplicate,
}
