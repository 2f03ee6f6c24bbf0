namespace Catalog.Entities;

public class Tag
{
    public int Id { get; set; }
    public string Name { get; set; } = string.Empty;
    public ICollection<Product> Products { get; set; } = new List<Product>();
}

/// <summary>The join entity of Product.Tags / Tag.Products, with a payload.</summary>
public class ProductTag
{
    public int ProductId { get; set; }
    public Product Product { get; set; } = null!;
    public int TagId { get; set; }
    public Tag Tag { get; set; } = null!;
    public DateTime AddedAt { get; set; }
    public string? AddedBy { get; set; }
}
