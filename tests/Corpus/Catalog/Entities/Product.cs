namespace Catalog.Entities;

public enum ProductStatus
{
    Draft,
    Published,
    Discontinued,
}

public enum Availability
{
    InStock,
    Backorder,
    OutOfStock,
}

public readonly record struct Sku(string Value);

public class Product
{
    public int Id { get; set; }
    public Sku Sku { get; set; }
    public string Name { get; set; } = string.Empty;
    public string? Description { get; set; }
    public decimal Price { get; set; }
    public ProductStatus Status { get; set; }
    public Availability Availability { get; set; }
    public Dimensions? Dimensions { get; set; }

    public int CategoryId { get; set; }
    public Category Category { get; set; } = null!;

    public int? SupplierId { get; set; }
    public Supplier? Supplier { get; set; }

    public ICollection<Tag> Tags { get; set; } = new List<Tag>();
}

public class Dimensions
{
    public double Width { get; set; }
    public double Height { get; set; }
    public double Depth { get; set; }
}
