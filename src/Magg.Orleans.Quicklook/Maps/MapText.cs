namespace Magg.Orleans.Quicklook.Maps;

/// <summary>The words on a map.</summary>
/// <param name="Title">First line: the variable.</param>
/// <param name="Subtitle">Second line: store, group and run.</param>
/// <param name="Footer">Bottom line: projection, orders, cell count, colormap.</param>
/// <param name="Label">The colour bar's label.</param>
internal sealed record MapText(string Title, string Subtitle, string Footer, string Label);
