namespace Magg.Orleans.Storage.Zarr;

/// <summary>The outcome of <see cref="ZarrDggsStore.PrepareAsync"/>.</summary>
/// <param name="TemplateId">The layout's template id, as recorded in the group's <c>magg.template_id</c> attribute.</param>
/// <param name="Created">True when the template was written now; false when a compatible one was reused.</param>
public sealed record StoreTemplateStatus(string TemplateId, bool Created);
