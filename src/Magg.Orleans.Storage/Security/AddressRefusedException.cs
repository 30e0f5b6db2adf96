namespace Magg.Orleans.Storage.Security;

/// <summary>A connection the access policy refused (a host that resolved to a private, loopback or link-local address).</summary>
public sealed class AddressRefusedException : IOException
{
    /// <summary>Creates the exception.</summary>
    public AddressRefusedException()
    {
    }

    /// <summary>Creates the exception with its reason.</summary>
    public AddressRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its reason and cause.</summary>
    public AddressRefusedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
