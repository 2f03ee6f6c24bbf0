namespace Catalog.Entities;

/// <summary>A localized string. Imported from the old resource files, where a missing culture meant "invariant".</summary>
public class Translation
{
    public string? Culture { get; set; }
    public string? Key { get; set; }
    public string Value { get; set; } = string.Empty;
    public DateTime? ReviewedAt { get; set; }
}
